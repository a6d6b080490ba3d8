// Small DOM helpers: build elements without a framework, and announce things to screen readers.

/**
 * Creates an element. props: attributes (class, id, aria-*, data-*, for...), `on` (event -> handler) and
 * `text`; children: nodes, strings, arrays of them, null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key in el && typeof value !== 'string') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A short message in the polite live region (and on screen for a few seconds). */
export function toast(message) {
  const region = document.getElementById('toast');
  region.textContent = message;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { region.textContent = ''; }, 5000);
}

/** An error from the API or the network, as a paragraph a person can act on. */
export function errorBox(error) {
  return h('div', {class: 'error', role: 'alert'},
    h('p', {}, h('strong', {}, error.status ? `${error.status} ` : ''), error.message || String(error)),
    error.description ? h('p', {class: 'muted'}, error.description) : null);
}

/** A table of rows (objects) with the given columns ([key, heading] pairs). */
export function table(caption, columns, rows, cell = (row, key) => row[key]) {
  return h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map(([, heading]) => h('th', {scope: 'col'}, heading)))),
    h('tbody', {}, rows.map(row => h('tr', {}, columns.map(([key]) => h('td', {}, formatCell(cell(row, key))))))));
}

function formatCell(value) {
  if (value instanceof Node) return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Saves text as a file through the browser's download. */
export function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], {type}));
  const a = h('a', {href: url, download: filename});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Copies text to the clipboard; returns whether it worked. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no clipboard permission (plain http, headless): the text stays selectable on the page
  }
}

/** Local time of an ISO instant, e.g. "14:30". */
export function clock(iso) {
  return new Date(iso).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'});
}

/** Local date and time of an ISO instant. */
export function dateTime(iso) {
  return new Date(iso).toLocaleString([], {dateStyle: 'short', timeStyle: 'medium'});
}
