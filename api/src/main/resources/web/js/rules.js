// Rules: packages and their versions, a DRL editor that marks compile errors at their lines, dry runs,
// activation and rollback, and the decision log with the reason for each decision.
import {h, replace, errorBox, toast, dateTime} from './dom.js';
import {request, getJson} from './api.js';
import {createEditor, text, setText, showDiagnostics, clearDiagnostics, goToLine} from './editor.js';

const NEW_PACKAGE_DRL = `package mine;
import io.twingraph.engine.rules.facts.*;
global io.twingraph.engine.rules.Actions act;

rule "stuffy office"
when
    $s : Device(roomName == "Office", above("environment/co2", 1200))
    $fan : Device(room == $s.room(), type == "Fan", !flag("fan/on"))
then
    act.command($fan, "fan/on", true, "CO2 " + $s.number("environment/co2") + " ppm in the office");
end
`;

export function mount(main, {can}) {
  const mayAuthor = can('author');
  let current = null; // the package shown
  const packages = h('select', {id: 'package', on: {change: () => open(packages.value)}});
  const newName = h('input', {id: 'new-package', type: 'text', pattern: '[A-Za-z_][A-Za-z0-9_.\\-]*', size: '16', autocomplete: 'off'});
  const versions = h('div', {id: 'versions'});
  const editorBox = h('div', {class: 'editor', id: 'drl-editor'});
  const problems = h('div', {id: 'problems', 'aria-live': 'polite'});
  const outcome = h('div', {id: 'rule-outcome', 'aria-live': 'polite'});
  const decisions = h('div', {id: 'decisions'});

  replace(main,
    h('h1', {}, 'Rules'),
    h('div', {class: 'columns'},
      h('div', {},
        h('section', {class: 'panel', 'aria-labelledby': 'packages-heading'},
          h('h2', {id: 'packages-heading'}, 'Packages'),
          h('div', {class: 'row'},
            h('div', {}, h('label', {for: 'package'}, 'Package'), packages),
            mayAuthor ? h('div', {}, h('label', {for: 'new-package'}, 'New package name'), newName) : null,
            mayAuthor ? h('button', {type: 'button', on: {click: startNew}}, 'Start a new package') : null),
          versions),
        h('section', {class: 'panel', 'aria-labelledby': 'drl-heading'},
          h('h2', {id: 'drl-heading'}, 'DRL'),
          editorBox,
          problems,
          mayAuthor ? h('div', {class: 'row'},
            h('button', {type: 'button', id: 'dry-run', on: {click: dryRun}}, 'Check and dry run'),
            h('button', {type: 'button', id: 'activate', class: 'primary', on: {click: activate}}, 'Save and activate'),
            h('button', {type: 'button', id: 'rollback', on: {click: () => rollback(null)}}, 'Roll back to the previous version'))
            : h('p', {class: 'muted'}, 'Your role may read rules; changing them needs the author role.'),
          outcome)),
      h('section', {class: 'panel', 'aria-labelledby': 'decisions-heading'},
        h('div', {class: 'page-head'}, h('h2', {id: 'decisions-heading'}, 'Decision log'),
          h('button', {type: 'button', on: {click: loadDecisions}}, 'Refresh')),
        decisions)));

  const editor = createEditor(editorBox, {language: 'drl', label: 'DRL of the package', readOnly: !mayAuthor, onRun: dryRun});
  loadPackages();
  loadDecisions();
  const refresh = setInterval(loadDecisions, 10000);

  async function loadPackages(select) {
    try {
      const list = (await getJson('/api/rules')).packages;
      replace(packages, list.map(p => h('option', {value: p.name}, `${p.name} (v${p.version})`)));
      const name = select || current || (list[0] && list[0].name);
      if (name && !list.some(p => p.name === name)) packages.append(h('option', {value: name}, `${name} (new)`));
      if (name) {
        packages.value = name;
        await open(name);
      }
    } catch (e) {
      replace(versions, errorBox(e));
    }
  }

  async function open(name) {
    current = name;
    replace(problems);
    replace(outcome);
    try {
      const detail = await getJson(`/api/rules/${encodeURIComponent(name)}`);
      setText(editor, detail.active ? detail.active.drl : '');
      replace(versions, versionList(detail));
    } catch (e) {
      if (e.status === 404) replace(versions, h('p', {class: 'muted'}, 'Not stored yet: activate it to store version 1.'));
      else replace(versions, errorBox(e));
    }
  }

  function versionList(detail) {
    const disabled = detail.active ? Object.entries(detail.active.disabledRules || {}) : [];
    return h('div', {},
      h('table', {},
        h('caption', {}, `Versions of ${detail.name}`),
        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Version'), h('th', {scope: 'col'}, 'Stored'), h('th', {scope: 'col'}, 'State'))),
        h('tbody', {}, [...detail.versions].reverse().map(v => h('tr', {},
          h('td', {}, `v${v.version}`),
          h('td', {}, dateTime(v.storedAt)),
          h('td', {}, v.active ? h('span', {class: 'badge ok'}, 'active')
            : mayAuthor ? h('button', {type: 'button', on: {click: () => rollback(v.version)}}, `Activate v${v.version}`) : ''))))),
      detail.active ? h('p', {class: 'muted'}, `${detail.active.rules.length} rules; active since ${dateTime(detail.active.activatedAt)}.`) : null,
      disabled.length ? h('div', {class: 'error', role: 'alert'}, h('p', {}, 'Stopped rules (fired too often):'),
        h('ul', {}, disabled.map(([rule, why]) => h('li', {}, `${rule}: ${why}`)))) : null);
  }

  function startNew() {
    const name = newName.value.trim();
    if (!name || !newName.checkValidity()) {
      toast('Give the new package a name: letters, digits, _ . -');
      newName.focus();
      return;
    }
    current = name;
    if (![...packages.options].some(o => o.value === name)) packages.append(h('option', {value: name}, `${name} (new)`));
    packages.value = name;
    setText(editor, NEW_PACKAGE_DRL.replace('package mine;', `package ${name.replace(/[^A-Za-z0-9_.]/g, '_')};`));
    replace(versions, h('p', {class: 'muted'}, 'Not stored yet: activate it to store version 1.'));
    replace(problems);
    replace(outcome);
    editor.focus();
  }

  /** Compile errors: each marked at its line in the editor and listed with a way to go there. */
  function showProblems(error) {
    const errors = (error.body && error.body.errors) || [];
    if (!errors.length) {
      replace(problems, errorBox(error));
      return;
    }
    showDiagnostics(editor, errors);
    replace(problems, h('div', {class: 'error', role: 'alert'},
      h('p', {}, h('strong', {}, `${errors.length} compile error${errors.length === 1 ? '' : 's'}`), ' — nothing was changed.'),
      h('ul', {class: 'diagnostics'}, errors.map(e => h('li', {'data-line': String(e.line)},
        h('button', {type: 'button', on: {click: () => goToLine(editor, e.line)}}, `Line ${e.line}`), ' ',
        firstLine(e.message))))));
  }

  async function dryRun() {
    if (!mayAuthor || !current) return;
    clearDiagnostics(editor);
    replace(problems);
    replace(outcome, h('p', {class: 'muted'}, 'Compiling and trying it against the current state…'));
    try {
      const response = await request('POST', `/api/rules/${encodeURIComponent(current)}/dry-run`, {body: text(editor), type: 'text/plain'});
      const list = (await response.json()).decisions;
      replace(outcome, h('h3', {}, 'Dry run: it compiles'),
        list.length ? decisionList(list, 'dry-run-decisions')
          : h('p', {id: 'dry-run-decisions'}, 'No rule would act on the current state (readings are events, so only state-based rules fire in a dry run).'));
    } catch (e) {
      replace(outcome);
      showProblems(e);
    }
  }

  async function activate() {
    if (!mayAuthor || !current) return;
    clearDiagnostics(editor);
    replace(problems);
    try {
      const response = await request('PUT', `/api/rules/${encodeURIComponent(current)}`, {body: text(editor), type: 'text/plain'});
      const info = await response.json();
      await loadPackages(current);
      replace(outcome, h('p', {class: 'badge ok'}, `Activated ${info.name} v${info.version}`));
      toast(`Activated ${info.name} v${info.version}`);
    } catch (e) {
      showProblems(e);
    }
  }

  async function rollback(version) {
    if (!mayAuthor || !current) return;
    try {
      const query = version ? `?version=${version}` : '';
      const info = await (await request('POST', `/api/rules/${encodeURIComponent(current)}/rollback${query}`)).json();
      toast(`${info.name} now runs v${info.version}`);
      await loadPackages(current);
      replace(outcome, h('p', {class: 'badge ok'}, `${info.name} now runs v${info.version}`));
    } catch (e) {
      replace(outcome, errorBox(e));
    }
  }

  async function loadDecisions() {
    try {
      const list = (await getJson('/api/decisions?limit=30')).decisions;
      replace(decisions, list.length ? decisionList(list, 'decision-log') : h('p', {class: 'muted'}, 'No decisions yet.'));
    } catch (e) {
      replace(decisions, errorBox(e));
    }
  }

  return () => {
    clearInterval(refresh);
    editor.destroy();
  };
}

const STATUS_TONE = {confirmed: 'ok', sent: 'warn', 'not-confirmed': 'bad', failed: 'bad', planned: 'warn', recorded: 'ok'};

/** Decisions with their "why": rule, reason, the facts that matched, the command and what became of it. */
function decisionList(list, id) {
  return h('ol', {class: 'decisions', id},
    list.map(d => h('li', {class: 'decision'},
      h('p', {},
        h('strong', {}, d.rule), ' ',
        h('span', {class: 'muted'}, `${d.pkg} v${d.version}${d.time ? ' · ' + dateTime(d.time) : ''}`), ' ',
        d.status ? h('span', {class: `badge ${STATUS_TONE[d.status] || 'warn'}`}, d.status) : null),
      h('p', {}, 'Why: ', d.reason || '—'),
      d.command ? h('p', {}, 'Did: ', h('code', {}, `${d.command.thingId} ${d.command.path} = ${d.command.value}`)) : null,
      d.kind && d.kind !== 'command' ? h('p', {}, `${d.kind}${d.severity ? ' (' + d.severity + ')' : ''}`) : null,
      d.matched && d.matched.length ? h('details', {}, h('summary', {}, `Facts that matched (${d.matched.length})`),
        h('ul', {}, d.matched.map(m => h('li', {}, m)))) : null,
      d.detail ? h('p', {class: 'muted'}, d.detail) : null)));
}

function firstLine(message) {
  return String(message || '').split('\n')[0];
}
