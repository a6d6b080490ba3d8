// Home: floors, rooms and their devices with live values (server-sent events), and commands from the tiles.
import {h, replace, errorBox, toast} from './dom.js';
import {allThings, request, sparql, streamUrl} from './api.js';
import {properties, formatValue, label, commandsOf, isActive, nameOf, valueAt, setAt, sameJson} from './devices.js';

/** How long a sent command waits for the twin to show the value (the API's own confirmation window). */
const CONFIRM_WITHIN_MS = 5000;

export function mount(main, {can}) {
  // changes that arrive while the things load wait for them, then apply where newer than what was loaded
  const state = {things: new Map(), tiles: new Map(), pending: new Map(), layoutKey: '', loaded: false, early: []};
  const status = h('p', {class: 'live-status', id: 'live-status'}, 'Connecting…');
  const floors = h('div', {id: 'floors', 'aria-busy': 'true'});
  replace(main, h('div', {class: 'page-head'}, h('h1', {}, 'Home'), status), floors);
  const mayCommand = can('operator');
  let source = null;
  let connects = 0;
  let closed = false;

  load();
  connect();

  async function load() {
    state.loaded = false;
    try {
      const things = await allThings();
      state.things = new Map(things.map(t => [t.thingId, t]));
      await layout();
    } catch (e) {
      replace(floors, errorBox(e));
    } finally {
      state.loaded = true;
      state.early.splice(0).forEach(applyChange);
    }
  }

  /** Floors and rooms from the graph (Brick), the things placed in them by their location attribute. */
  async function layout() {
    const things = [...state.things.values()];
    const spaces = await spacesOf(things);
    const groups = group(things, spaces);
    state.tiles.clear();
    state.layoutKey = layoutKey(things);
    replace(floors, groups.map(floor => h('section', {class: 'floor', 'aria-labelledby': anchor('floor', floor.key)},
      h('h2', {id: anchor('floor', floor.key)}, floor.label),
      h('div', {class: 'rooms'}, floor.rooms.map(room => h('section', {class: 'room', 'aria-labelledby': anchor('room', room.key)},
        h('h3', {id: anchor('room', room.key)}, room.label),
        h('div', {class: 'tiles'}, room.things.map(tile))))))));
    floors.setAttribute('aria-busy', 'false');
  }

  function tile(thing) {
    const id = thing.thingId;
    const element = h('article', {class: 'tile', 'data-thing': id, 'aria-labelledby': anchor('thing', id)});
    state.tiles.set(id, element);
    renderTile(element, thing);
    return element;
  }

  function renderTile(element, thing) {
    const focused = element.contains(document.activeElement) ? document.activeElement.dataset.command : null;
    const statusLine = element.querySelector('.command-status')
      || h('p', {class: 'command-status', 'aria-live': 'polite', 'data-status': ''});
    element.classList.toggle('active', isActive(thing));
    replace(element,
      h('h4', {id: anchor('thing', thing.thingId)}, nameOf(thing)),
      h('dl', {}, properties(thing).map(([, property, value, path]) =>
        h('div', {}, h('dt', {}, label(property)), h('dd', {'data-path': path}, formatValue(property, value))))),
      mayCommand ? actions(thing) : null,
      statusLine);
    if (focused) {
      const again = element.querySelector(`[data-command="${focused}"]`);
      if (again) again.focus();
    }
  }

  function actions(thing) {
    const name = nameOf(thing);
    const buttons = commandsOf(thing).flatMap(c => {
      if (c.command.type === 'toggle') {
        const verb = c.value ? c.command.verbs[1] : c.command.verbs[0];
        return [h('button', {type: 'button', 'data-command': c.key, 'aria-label': `${verb} ${name}`,
          on: {click: () => send(thing.thingId, c, !c.value)}}, verb)];
      }
      const step = c.command.step;
      const to = delta => Math.min(c.command.max, Math.max(c.command.min, Math.round((Number(c.value) + delta) / step) * step));
      return [
        h('button', {type: 'button', 'data-command': `${c.key}-down`, 'aria-label': `Lower ${name} ${label(c.property)}`,
          on: {click: () => send(thing.thingId, c, to(-step))}}, '−'),
        h('button', {type: 'button', 'data-command': `${c.key}-up`, 'aria-label': `Raise ${name} ${label(c.property)}`,
          on: {click: () => send(thing.thingId, c, to(step))}}, '+'),
      ];
    });
    return buttons.length ? h('div', {class: 'actions'}, buttons) : null;
  }

  /** Sends a command on the live channel: "sent" once TwinGraph has it, "confirmed" when the twin shows it. */
  async function send(thingId, c, value) {
    const key = `${thingId} ${c.path}`;
    setStatus(thingId, 'sending…', 'sending');
    try {
      await request('PUT', `/api/2/things/${thingId}/features/${c.featureId}/properties/${c.property}?channel=live`,
        {body: JSON.stringify(value), type: 'application/json'});
    } catch (e) {
      setStatus(thingId, `not sent: ${e.message}`, 'failed');
      return;
    }
    clearTimeout(state.pending.get(key)?.timer);
    state.pending.set(key, {thingId, path: c.path, value, timer: setTimeout(() => {
      state.pending.delete(key);
      setStatus(thingId, 'not confirmed: the device did not report the new value', 'failed');
    }, CONFIRM_WITHIN_MS)});
    setStatus(thingId, 'sent', 'sent');
    confirmIfShown(thingId);
  }

  function confirmIfShown(thingId) {
    const thing = state.things.get(thingId);
    for (const [key, p] of state.pending) {
      if (p.thingId === thingId && thing && sameJson(valueAt(thing, p.path), p.value)) {
        clearTimeout(p.timer);
        state.pending.delete(key);
        setStatus(thingId, 'confirmed', 'confirmed');
      }
    }
  }

  function setStatus(thingId, text, kind) {
    const line = state.tiles.get(thingId)?.querySelector('.command-status');
    if (!line) return;
    line.textContent = text;
    line.dataset.status = kind;
  }

  /** The live stream: each committed twin change updates its tile; a reconnect or overflow reloads everything. */
  function connect() {
    if (closed) return;
    source = new EventSource(streamUrl('/api/stream/things'));
    source.addEventListener('ready', () => {
      status.textContent = 'Live';
      status.dataset.state = 'live';
      if (connects++ > 0) load(); // changes may have been missed while disconnected
    });
    source.addEventListener('twin', event => applyChange(JSON.parse(event.data)));
    source.addEventListener('overflow', () => {
      source.close();
      status.textContent = 'Catching up…';
      load().then(connect);
    });
    source.addEventListener('refused', event => {
      source.close();
      status.textContent = 'Not live: ' + JSON.parse(event.data).message;
      status.dataset.state = 'off';
    });
    source.onerror = () => {
      status.textContent = source.readyState === EventSource.CLOSED ? 'Not live' : 'Reconnecting…';
      status.dataset.state = 'off';
      if (source.readyState === EventSource.CLOSED && !closed) setTimeout(connect, 5000);
    };
  }

  function applyChange(change) {
    if (!state.loaded) {
      state.early.push(change);
      return;
    }
    let thing = state.things.get(change.thingId);
    if (thing && typeof thing._revision === 'number' && change.revision <= thing._revision) return; // already shown
    if (change.action === 'DELETED' && change.changes.some(c => c.path === '/')) {
      state.things.delete(change.thingId);
      return relayoutSoon();
    }
    if (!thing) {
      thing = {thingId: change.thingId};
      state.things.set(change.thingId, thing);
    }
    const whole = change.changes.find(c => c.path === '/');
    if (whole) {
      state.things.set(change.thingId, whole.value);
      thing = whole.value;
    } else {
      change.changes.forEach(c => setAt(thing, c.path, c.value, c.deleted));
    }
    thing._revision = change.revision;
    if (layoutKey([...state.things.values()]) !== state.layoutKey) return relayoutSoon();
    const element = state.tiles.get(change.thingId);
    if (!element) return;
    const cells = change.changes.map(c => element.querySelector(`dd[data-path="${CSS.escape(c.path)}"]`));
    if (cells.every(Boolean) && !change.changes.some(c => c.deleted) && !touchesCommands(change)) {
      change.changes.forEach((c, i) => {
        cells[i].textContent = formatValue(c.path.split('/').pop(), c.value);
        flash(cells[i]);
      });
      element.classList.toggle('active', isActive(thing));
    } else {
      renderTile(element, thing);
      element.querySelectorAll('dd').forEach(flash);
    }
    confirmIfShown(change.thingId);
  }

  /** A change to a commanded property re-renders the tile, so its buttons offer the right verb and step. */
  function touchesCommands(change) {
    const thing = state.things.get(change.thingId);
    const commanded = new Set(commandsOf(thing).map(c => c.path));
    return change.changes.some(c => commanded.has(c.path));
  }

  let relayoutTimer = null;
  function relayoutSoon() {
    clearTimeout(relayoutTimer);
    relayoutTimer = setTimeout(() => layout().catch(e => toast(e.message)), 300);
  }

  return () => {
    closed = true;
    if (source) source.close();
    clearTimeout(relayoutTimer);
    state.pending.forEach(p => clearTimeout(p.timer));
  };
}

/** Briefly highlights a value that just changed. */
function flash(element) {
  element.classList.remove('changed');
  void element.offsetWidth; // restart the animation
  element.classList.add('changed');
}

function anchor(kind, key) {
  return `${kind}-${String(key).replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** What decides the layout: which things exist and where they are. */
function layoutKey(things) {
  return things.map(t => `${t.thingId}@${(t.attributes && t.attributes.location) || ''}`).sort().join('|');
}

/** The label and floor of every location the things name, from the graph. */
async function spacesOf(things) {
  const locations = [...new Set(things.map(t => t.attributes && t.attributes.location).filter(Boolean))];
  const spaces = new Map();
  if (!locations.length) return spaces;
  const values = locations.filter(iri => /^[^<>"{}|^`\\\s]+$/.test(iri)).map(iri => `<${iri}>`).join(' ');
  const result = await sparql(`PREFIX brick: <https://brickschema.org/schema/Brick#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?space ?label ?floor ?floorLabel WHERE {
  VALUES ?space { ${values} }
  OPTIONAL { ?space rdfs:label ?label }
  OPTIONAL { ?space (brick:isPartOf|^brick:hasPart) ?floor . ?floor a brick:Floor . OPTIONAL { ?floor rdfs:label ?floorLabel } }
}`);
  for (const b of result.results.bindings) {
    const iri = b.space.value;
    if (spaces.has(iri) && spaces.get(iri).floor) continue;
    spaces.set(iri, {label: b.label?.value, floor: b.floor?.value, floorLabel: b.floorLabel?.value});
  }
  return spaces;
}

const FLOOR_ORDER = ['basement', 'cellar', 'ground', 'first', 'second', 'third', 'attic', 'roof'];

/** Floors (in building order where the names tell it) -> rooms (by name) -> things (by name). */
function group(things, spaces) {
  const floors = new Map();
  for (const thing of things) {
    const location = thing.attributes && thing.attributes.location;
    const space = location ? spaces.get(location) || {} : null;
    const floorKey = space ? space.floor || 'elsewhere' : 'unplaced';
    const floorLabel = space ? space.floorLabel || (space.floor ? lastSegment(space.floor) : 'Outside and elsewhere') : 'Not placed';
    if (!floors.has(floorKey)) floors.set(floorKey, {key: floorKey, label: floorLabel, rooms: new Map()});
    const rooms = floors.get(floorKey).rooms;
    const roomKey = location || 'none';
    if (!rooms.has(roomKey)) rooms.set(roomKey, {key: roomKey, label: (space && space.label) || (location ? lastSegment(location) : 'No room'), things: []});
    rooms.get(roomKey).things.push(thing);
  }
  const rank = floor => {
    if (floor.key === 'elsewhere') return 100;
    if (floor.key === 'unplaced') return 101;
    const i = FLOOR_ORDER.findIndex(word => floor.label.toLowerCase().includes(word));
    return i < 0 ? 50 : i;
  };
  return [...floors.values()]
    .sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label))
    .map(floor => ({...floor, rooms: [...floor.rooms.values()]
      .sort((a, b) => a.label.localeCompare(b.label))
      .map(room => ({...room, things: room.things.sort((a, b) => nameOf(a).localeCompare(nameOf(b)))}))}));
}

function lastSegment(iri) {
  return decodeURIComponent(iri.replace(/[#/]$/, '').split(/[#/]/).pop());
}
