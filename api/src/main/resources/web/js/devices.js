// What the Home page knows about device features: units, words for states, and which properties a tile commands.

const UNITS = {
  temperature: '°C', setpoint: '°C', flowTemperature: '°C', humidity: '%', co2: 'ppm', power: 'W', energy: 'kWh',
  exportEnergy: 'kWh', soc: '%', position: '%', brightness: '%', irradiance: 'W/m²',
};

/** Words for true and false of a boolean property. */
const STATES = {
  on: ['on', 'off'], open: ['open', 'closed'], locked: ['locked', 'unlocked'], occupied: ['occupied', 'empty'],
  motion: ['motion', 'still'], heating: ['heating', 'idle'], plugged: ['plugged in', 'unplugged'],
  charging: ['charging', 'not charging'],
};

/** Properties a tile can command, by "feature/property": a toggle (verbs for true and false) or a step. */
const COMMANDS = {
  'light/on': {type: 'toggle', verbs: ['Turn on', 'Turn off']},
  'switch/on': {type: 'toggle', verbs: ['Turn on', 'Turn off']},
  'heatpump/on': {type: 'toggle', verbs: ['Turn on', 'Turn off']},
  'cover/open': {type: 'toggle', verbs: ['Open', 'Close']},
  'lock/locked': {type: 'toggle', verbs: ['Lock', 'Unlock']},
  'charger/charging': {type: 'toggle', verbs: ['Start charging', 'Stop charging']},
  'thermostat/setpoint': {type: 'step', step: 0.5, min: 5, max: 30},
};

/** The properties of a thing as [featureId, property, value, path] rows, in the order the twin lists them. */
export function properties(thing) {
  const rows = [];
  for (const [featureId, feature] of Object.entries(thing.features || {})) {
    for (const [property, value] of Object.entries((feature && feature.properties) || {})) {
      if (value !== null && typeof value === 'object') continue; // nested values are for the API, not a tile
      rows.push([featureId, property, value, `/features/${featureId}/properties/${property}`]);
    }
  }
  return rows;
}

/** A value in words, e.g. "21.5 °C", "on", "closed". */
export function formatValue(property, value) {
  if (typeof value === 'boolean') {
    const words = STATES[property] || ['yes', 'no'];
    return value ? words[0] : words[1];
  }
  if (typeof value === 'number') {
    const unit = UNITS[property];
    const digits = Number.isInteger(value) ? 0 : (Math.abs(value) >= 100 ? 0 : 1);
    const text = value.toLocaleString('en', {maximumFractionDigits: digits, minimumFractionDigits: digits});
    return unit ? `${text} ${unit}` : text;
  }
  return value === null || value === undefined ? '–' : String(value);
}

/** A property's label as people read it: "flowTemperature" -> "flow temperature". */
export function label(property) {
  return LABELS[property] || property.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

const LABELS = {co2: 'CO₂', soc: 'charge', exportEnergy: 'exported'};

/** The commands a thing offers: [{key, featureId, property, path, command, value}]. */
export function commandsOf(thing) {
  return properties(thing)
    .filter(([featureId, property]) => COMMANDS[`${featureId}/${property}`])
    .map(([featureId, property, value, path]) => ({
      key: `${featureId}/${property}`, featureId, property, path, value, command: COMMANDS[`${featureId}/${property}`],
    }));
}

/** Whether a thing is "on" in a way the tile should show (a light or plug on, a heat pump running). */
export function isActive(thing) {
  const f = thing.features || {};
  return Boolean((f.light && f.light.properties && f.light.properties.on)
    || (f.switch && f.switch.properties && f.switch.properties.on)
    || (f.charger && f.charger.properties && f.charger.properties.charging));
}

/** The thing's display name. */
export function nameOf(thing) {
  return (thing.attributes && (thing.attributes.name || thing.attributes.label)) || thing.thingId;
}

/** Reads the value at a JSON pointer. */
export function valueAt(object, pointer) {
  if (pointer === '/' || pointer === '') return object;
  let node = object;
  for (const key of pointer.slice(1).split('/').map(unescapePointer)) {
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Sets (or with `deleted`, removes) the value at a JSON pointer, creating objects on the way. */
export function setAt(object, pointer, value, deleted = false) {
  const keys = pointer.slice(1).split('/').map(unescapePointer);
  let node = object;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key];
  }
  const last = keys[keys.length - 1];
  if (deleted) delete node[last];
  else node[last] = value;
}

function unescapePointer(key) {
  return key.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Deep equality of JSON values. */
export function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
