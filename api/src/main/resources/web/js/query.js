// Query: a SPARQL editor over the knowledge graph, results as a table, downloads as CSV or JSON.
import {h, replace, errorBox, download, table} from './dom.js';
import {request, getJson} from './api.js';
import {createEditor, text, setText, showDiagnostics, clearDiagnostics} from './editor.js';

/** Example queries for the demo home (common prefixes need no PREFIX lines). */
const EXAMPLES = [
  ['Rooms and their temperature', `SELECT ?room ?device ?temperature WHERE {
  ?r a brick:Room ; rdfs:label ?room .
  ?d brick:hasLocation ?r ; rdfs:label ?device ; brick:hasPoint ?point .
  ?point a brick:Air_Temperature_Sensor ; brick:lastKnownValue/sosa:hasSimpleResult ?temperature .
}
ORDER BY ?room ?device`],
  ['Lights that are on', `SELECT ?light ?name ?room WHERE {
  ?light a brick:Luminaire ; rdfs:label ?name ; saref:hasState saref:OnState .
  OPTIONAL { ?light brick:hasLocation/rdfs:label ?room }
}
ORDER BY ?name`],
  ['Devices per floor', `SELECT ?floor (COUNT(?device) AS ?devices) WHERE {
  ?device brick:hasLocation ?room .
  ?room brick:isPartOf ?f . ?f a brick:Floor ; rdfs:label ?floor .
}
GROUP BY ?floor
ORDER BY ?floor`],
  ['Why did a rule act? (latest decisions)', `SELECT ?time ?rule ?reason ?status WHERE {
  ?d a tg:Decision ; prov:startedAtTime ?time ; prov:wasAssociatedWith/rdfs:label ?rule ;
     tg:reason ?reason ; tg:decisionStatus ?status .
}
ORDER BY DESC(?time)
LIMIT 20`],
  ['Planned energy per slot', `SELECT ?plan ?slot ?watts WHERE {
  ?plan a tg:Plan .
  ?slot tg:inPlan ?plan ; tg:powerW ?watts .
}
LIMIT 50`],
  ['Is any window open?', `ASK {
  ?contact brick:hasPoint ?point .
  ?point tg:ofFeature/tg:featureId "contact" ; tg:propertyPath "/open" ;
         brick:lastKnownValue/sosa:hasSimpleResult true .
}`],
];

export function mount(main, {params}) {
  const results = h('div', {id: 'results', 'aria-live': 'polite'});
  const summary = h('p', {class: 'muted', id: 'query-summary'});
  const editorBox = h('div', {class: 'editor', id: 'sparql-editor'});
  const examples = h('select', {id: 'example', on: {change: () => {
    if (examples.value !== '') setText(editor, EXAMPLES[Number(examples.value)][1]);
  }}}, h('option', {value: ''}, 'Choose an example…'), EXAMPLES.map(([name], i) => h('option', {value: String(i)}, name)));
  const prefixList = h('p', {class: 'muted', id: 'prefixes'}, 'Common prefixes need no PREFIX lines.');
  let prefixes = {};

  replace(main,
    h('h1', {}, 'Query'),
    h('div', {class: 'panel'},
      h('div', {class: 'row'},
        h('div', {}, h('label', {for: 'example'}, 'Examples'), examples),
        h('button', {type: 'button', on: {click: insertPrefixes}}, 'Insert PREFIX lines')),
      h('div', {class: 'field-label', 'aria-hidden': 'true'}, 'SPARQL query'),
      editorBox,
      prefixList,
      h('div', {class: 'row'},
        h('button', {type: 'button', class: 'primary', id: 'run-query', on: {click: run}}, 'Run (Ctrl+Enter)'),
        h('button', {type: 'button', on: {click: () => save('text/csv', 'csv')}}, 'Download CSV'),
        h('button', {type: 'button', on: {click: () => save('application/sparql-results+json', 'json')}}, 'Download JSON'))),
    summary,
    results);

  const editor = createEditor(editorBox, {
    doc: params.get('q') || EXAMPLES[0][1], language: 'sparql', label: 'SPARQL query', onRun: run,
  });
  loadPrefixes();
  if (params.get('q')) run();

  async function loadPrefixes() {
    try {
      prefixes = await getJson('/api/dashboard/prefixes');
      replace(prefixList, 'Common prefixes need no PREFIX lines: ',
        Object.keys(prefixes).map((p, i) => [i ? ', ' : '', h('code', {title: prefixes[p]}, `${p}:`)]), '.');
    } catch {
      // the list is a help, not a need
    }
  }

  function insertPrefixes() {
    const lines = Object.entries(prefixes).map(([p, iri]) => `PREFIX ${p}: <${iri}>`).join('\n');
    setText(editor, `${lines}\n${text(editor)}`);
  }

  /** SELECT/ASK results as JSON, CONSTRUCT/DESCRIBE as Turtle. */
  function acceptFor(query) {
    return /\b(CONSTRUCT|DESCRIBE)\b/i.test(stripComments(query)) ? 'text/turtle' : 'application/sparql-results+json';
  }

  async function run() {
    const query = text(editor);
    clearDiagnostics(editor);
    replace(summary, 'Running…');
    const started = performance.now();
    try {
      const accept = acceptFor(query);
      const response = await request('POST', '/sparql', {body: new URLSearchParams({query}), accept});
      const millis = Math.round(performance.now() - started);
      if (accept === 'text/turtle') {
        replace(results, h('pre', {}, await response.text()));
        replace(summary, `Graph in ${millis} ms.`);
        return;
      }
      const json = await response.json();
      if ('boolean' in json) {
        replace(results, h('p', {class: 'answer'}, h('strong', {}, json.boolean ? 'Yes' : 'No'), ' (ASK)'));
        replace(summary, `Answered in ${millis} ms.`);
        return;
      }
      const vars = json.head.vars;
      const rows = json.results.bindings;
      replace(summary, `${rows.length} row${rows.length === 1 ? '' : 's'} in ${millis} ms.`);
      replace(results, h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Query results'},
        table(null, vars.map(v => [v, v]), rows, (row, v) => term(row[v]))));
    } catch (e) {
      replace(summary);
      replace(results, errorBox(e));
      const at = /line (\d+), column (\d+)/.exec(e.message || '');
      if (at) showDiagnostics(editor, [{line: Number(at[1]), column: Number(at[2]), message: e.message}]);
    }
  }

  async function save(accept, extension) {
    try {
      const response = await request('POST', '/sparql', {body: new URLSearchParams({query: text(editor)}), accept});
      download(`results.${extension}`, accept, await response.text());
    } catch (e) {
      replace(results, errorBox(e));
    }
  }

  function term(binding) {
    if (!binding) return '';
    if (binding.type === 'uri') return h('span', {class: 'mono'}, shorten(binding.value));
    return binding.value;
  }

  function shorten(iri) {
    for (const [p, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && iri.length > ns.length) return `${p}:${iri.slice(ns.length)}`;
    }
    return `<${iri}>`;
  }

  return () => editor.destroy();
}

function stripComments(query) {
  return query.replace(/<[^>\s]*>/g, '<>').replace(/"[^"\n]*"/g, '""').replace(/#[^\n]*/g, '');
}
