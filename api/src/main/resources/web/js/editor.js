// CodeMirror 6 editors for SPARQL and DRL (legacy stream modes: there are no lang-sparql/lang-drl packages),
// with compile errors shown as diagnostics at their lines.
import {basicSetup} from 'codemirror';
import {EditorView, keymap} from '@codemirror/view';
import {EditorState, Prec} from '@codemirror/state';
import {StreamLanguage} from '@codemirror/language';
import {lintGutter, setDiagnostics} from '@codemirror/lint';
import {completeFromList} from '@codemirror/autocomplete';
import {sparql} from '@codemirror/legacy-modes/mode/sparql.js';
import {clike} from '@codemirror/legacy-modes/mode/clike.js';

const words = text => Object.fromEntries(text.split(/\s+/).map(w => [w, true]));

/** Drools Rule Language: Java-like, with its own keywords; $bindings stand out. */
const drl = clike({
  name: 'drl',
  keywords: words('package import global rule when then end query declare function salience dialect enabled ' +
    'duration timer calendars auto-focus not exists forall from collect accumulate over window eval and or ' +
    'this new if else return modify insert insertLogical retract delete update extends attributes'),
  types: words('boolean byte char short int long float double String Object Number Integer Long Double Boolean ' +
    'Device Reading Room Goal PriceSlot Anomaly'),
  blockKeywords: words('rule when then if else'),
  atoms: words('true false null'),
  hooks: {
    '@': stream => { stream.eatWhile(/[\w$]/); return 'meta'; },
    '$': stream => { stream.eatWhile(/[\w$]/); return 'variable-2'; },
  },
});

const SPARQL_WORDS = ('SELECT DISTINCT REDUCED WHERE OPTIONAL FILTER BIND VALUES UNION MINUS GRAPH SERVICE ORDER BY ' +
  'GROUP HAVING LIMIT OFFSET ASK CONSTRUCT DESCRIBE PREFIX BASE AS COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT ' +
  'STR LANG DATATYPE IRI BOUND IF COALESCE EXISTS NOT REGEX CONTAINS STRSTARTS STRENDS LCASE UCASE NOW')
  .split(' ').map(label => ({label, type: 'keyword'}));

/**
 * Creates an editor in `parent`. language: 'sparql' | 'drl'; label: its accessible name; onRun: Ctrl/Cmd+Enter;
 * prefixes: prefix names to complete (SPARQL); readOnly: for callers who may look but not change.
 */
export function createEditor(parent, {doc = '', language, label, onRun, prefixes = [], readOnly = false}) {
  const mode = StreamLanguage.define(language === 'sparql' ? sparql : drl);
  const options = language === 'sparql'
    ? [...SPARQL_WORDS, ...prefixes.map(p => ({label: `${p}:`, type: 'namespace'}))]
    : ['rule', 'when', 'then', 'end', 'import', 'global', 'package', 'not', 'exists', 'modify', 'insert']
      .map(label => ({label, type: 'keyword'}));
  return new EditorView({
    doc,
    parent,
    extensions: [
      basicSetup,
      lintGutter(),
      mode,
      mode.data.of({autocomplete: completeFromList(options)}),
      EditorView.contentAttributes.of({'aria-label': label}),
      EditorView.lineWrapping,
      Prec.highest(keymap.of([{key: 'Mod-Enter', run: () => { if (onRun) onRun(); return true; }}])),
      EditorState.readOnly.of(readOnly),
    ],
  });
}

export function text(view) {
  return view.state.doc.toString();
}

export function setText(view, value) {
  view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: value}});
  clearDiagnostics(view);
}

/** Marks each error ({line, column?, message}) on its line; a column of 0 or none marks the whole line. */
export function showDiagnostics(view, errors) {
  const doc = view.state.doc;
  const diagnostics = errors.filter(e => e.line).map(e => {
    const line = doc.line(Math.min(Math.max(1, e.line), doc.lines));
    const from = e.column > 0 ? Math.min(line.from + e.column - 1, line.to) : line.from;
    return {from, to: line.to > from ? line.to : from, severity: 'error', message: e.message};
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

export function clearDiagnostics(view) {
  view.dispatch(setDiagnostics(view.state, []));
}

/** Moves the cursor to a line and focuses the editor. */
export function goToLine(view, number) {
  const line = view.state.doc.line(Math.min(Math.max(1, number), view.state.doc.lines));
  view.dispatch({selection: {anchor: line.from}, scrollIntoView: true});
  view.focus();
}
