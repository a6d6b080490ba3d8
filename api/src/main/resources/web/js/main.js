// The dashboard's shell: which page shows (the URL's #/page), what the navigation offers to the signed-in role.
import {me, can, setToken} from './session.js';
import {h, replace, errorBox} from './dom.js';

/** Page -> the role needed to open it, and its module (loaded on first visit: Home does not load the editors). */
const PAGES = {
  home: {role: 'reader', title: 'Home', load: () => import('./home.js')},
  ask: {role: 'operator', title: 'Ask', load: () => import('./ask.js')},
  query: {role: 'reader', title: 'Query', load: () => import('./query.js')},
  rules: {role: 'reader', title: 'Rules', load: () => import('./rules.js')},
  energy: {role: 'reader', title: 'Energy', load: () => import('./energy.js')},
  'sign-in': {role: null, title: 'Sign in', load: () => import('./signin.js')},
};

const main = document.getElementById('main');
let unmount = null;
let showing = 0; // guards against a slow page load finishing after the next navigation

/** The page and its parameters of a hash like "#/query?q=...". */
function route() {
  const [path, search] = location.hash.replace(/^#\/?/, '').split('?');
  return {name: PAGES[path] ? path : 'home', params: new URLSearchParams(search || '')};
}

async function show() {
  const run = ++showing;
  if (unmount) {
    unmount();
    unmount = null;
  }
  const {name, params} = route();
  let caller;
  try {
    caller = await me();
  } catch (e) {
    replace(main, errorBox(e));
    return;
  }
  updateNav(caller, name);
  const page = PAGES[name];
  if (page.role && !caller) {
    location.hash = '#/sign-in';
    return;
  }
  if (page.role && !can(caller, page.role)) {
    replace(main, h('h1', {}, page.title), h('p', {}, `Your role may not use this page (it needs ${page.role}).`));
    return;
  }
  document.title = `${page.title} · TwinGraph`;
  const module = await page.load();
  if (run !== showing) return;
  replace(main);
  unmount = module.mount(main, {caller, params, can: role => can(caller, role)}) || null;
  // after a navigation, reading goes on at the new page; a fresh load starts at the top (the skip link)
  if (run > 1 && (document.activeElement === document.body || !document.activeElement)) main.focus({preventScroll: true});
}

function updateNav(caller, current) {
  for (const link of document.querySelectorAll('#nav a')) {
    const page = PAGES[link.dataset.page];
    link.parentElement.hidden = !caller || !can(caller, page.role);
    if (link.dataset.page === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const signedIn = Boolean(caller && !caller.open && !caller.anonymous);
  const who = document.getElementById('who');
  who.textContent = !caller ? '' : caller.open ? 'open server (no sign-in)'
    : `${caller.anonymous ? 'not signed in' : caller.subject} · ${caller.roles.join(', ')}`;
  document.getElementById('sign-in-link').hidden = signedIn || Boolean(caller && caller.open);
  document.getElementById('sign-out').hidden = !signedIn;
}

document.getElementById('sign-out').addEventListener('click', () => {
  setToken(null);
  location.hash = '#/sign-in';
  show();
});
window.addEventListener('hashchange', show);
window.addEventListener('twingraph:unauthorized', () => {
  setToken(null);
  if (route().name !== 'sign-in') location.hash = '#/sign-in';
});
show();
