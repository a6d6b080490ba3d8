// Ask: a conversation with the natural-language API (POST /api/nl): what was understood, what was done, whether
// the devices confirmed it, and the SPARQL behind an answer.
import {h, replace, errorBox, copyText, toast, table} from './dom.js';
import {postJson} from './api.js';

const STATUS_BADGE = {
  DONE: ['ok', 'done, confirmed'], ANSWERED: ['ok', 'answered'], GOAL_SET: ['ok', 'goal set'], PLANNED: ['warn', 'dry run: nothing sent'],
  NOT_CONFIRMED: ['bad', 'sent, not confirmed'], CLARIFY: ['warn', 'needs a choice'], NOT_UNDERSTOOD: ['bad', 'not understood'],
  NO_MATCH: ['bad', 'nothing matched'], FORBIDDEN: ['bad', 'not allowed'],
};

const OUTCOME_BADGE = {confirmed: 'ok', 'not-confirmed': 'bad', failed: 'bad', planned: 'warn', sent: 'warn'};

export function mount(main) {
  let conversation = null;
  const log = h('ol', {class: 'conversation', id: 'conversation', 'aria-live': 'polite'});
  const input = h('input', {id: 'say', type: 'text', autocomplete: 'off', maxlength: '1000', required: true,
    placeholder: 'turn on the kitchen light · which windows are open? · keep the office at 21 while I\'m there'});
  const dryRun = h('input', {id: 'dry-run', type: 'checkbox'});
  const sendButton = h('button', {type: 'submit', class: 'primary'}, 'Send');
  const form = h('form', {class: 'panel', on: {submit: say}},
    h('label', {for: 'say'}, 'Say or ask something'),
    h('div', {class: 'row'}, input, sendButton,
      h('label', {class: 'inline', for: 'dry-run'}, dryRun, 'Dry run (send nothing)'),
      h('button', {type: 'button', on: {click: restart}}, 'New conversation')));
  input.style.flex = '1';
  replace(main, h('h1', {}, 'Ask'), form, log);
  input.focus();

  function restart() {
    conversation = null;
    replace(log);
    input.focus();
  }

  async function say(event) {
    event.preventDefault();
    const textSaid = input.value.trim();
    if (!textSaid) return;
    const turn = h('li', {}, h('p', {class: 'said'}, textSaid), h('p', {class: 'muted'}, 'Thinking…'));
    log.prepend(turn);
    sendButton.disabled = true;
    try {
      const body = {text: textSaid, dryRun: dryRun.checked};
      if (conversation) body.conversation = conversation;
      const reply = await postJson('/api/nl', body);
      conversation = reply.conversation || conversation;
      turn.lastChild.replaceWith(render(reply));
      input.value = '';
    } catch (e) {
      turn.lastChild.replaceWith(errorBox(e));
    } finally {
      sendButton.disabled = false;
      input.focus();
    }
  }
}

/** One reply: the answer, status, what was understood, the actions with their outcomes, the SPARQL. */
function render(reply) {
  const [tone, words] = STATUS_BADGE[reply.status] || ['warn', reply.status];
  const i = reply.interpretation || {};
  const understood = [
    ['intent', i.intent], ['things', (i.things || []).join(', ')], ['name', i.name], ['area', i.area], ['floor', i.floor],
    ['kind', i.kind], ['state', i.state],
    ['values', i.values && Object.keys(i.values).length ? JSON.stringify(i.values) : null],
    ['confidence', typeof i.confidence === 'number' ? i.confidence.toFixed(2) : null], ['source', i.source],
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return h('div', {class: 'reply', 'data-status': reply.status},
    h('p', {class: 'answer'}, reply.answer || ''),
    h('p', {}, h('span', {class: `badge ${tone}`}, words),
      typeof reply.millis === 'number' ? h('span', {class: 'muted'}, ` ${Math.round(reply.millis)} ms`) : null),
    reply.actions && reply.actions.length ? actions(reply.actions) : null,
    reply.candidates && reply.candidates.length
      ? h('p', {}, 'Did you mean: ', reply.candidates.map(c => typeof c === 'string' ? c : (c.name || c.thing || JSON.stringify(c))).join(', '), '?')
      : null,
    reply.goal ? h('p', {}, 'Goal: ', h('code', {}, JSON.stringify(reply.goal))) : null,
    understood.length ? h('details', {}, h('summary', {}, 'What was understood'),
      h('dl', {}, understood.map(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]))) : null,
    reply.sparql ? sparqlBlock(reply.sparql, reply.rows || []) : null);
}

function actions(list) {
  return table('What was done', [['name', 'Device'], ['property', 'Property'], ['value', 'Value'], ['outcome', 'Confirmed?']],
    list, (a, key) => key === 'outcome'
      ? h('span', {class: `badge ${OUTCOME_BADGE[a.outcome] || 'warn'}`, title: a.detail || ''}, a.outcome)
      : key === 'name' ? (a.name || a.thing) : a[key]);
}

function sparqlBlock(query, rows) {
  const code = h('pre', {class: 'sparql'}, h('code', {}, query));
  return h('details', {class: 'sparql-block'},
    h('summary', {}, `The SPARQL behind this answer (${rows.length} row${rows.length === 1 ? '' : 's'})`),
    code,
    h('div', {class: 'row'},
      h('button', {type: 'button', on: {click: async () => {
        if (await copyText(query)) toast('SPARQL copied');
        else { selectText(code); toast('Select and copy the SPARQL (the clipboard is not available here)'); }
      }}}, 'Copy SPARQL'),
      h('a', {href: `#/query?q=${encodeURIComponent(query)}`}, 'Open in Query')));
}

function selectText(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}
