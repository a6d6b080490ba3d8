// Energy: ask the planner for a plan, watch its score improve while it solves, then one chart of prices, PV, base
// load, each planned load, the battery's state of charge and the cost against the baseline.
import {h, replace, errorBox, toast, clock, table} from './dom.js';
import {request, getJson, postJson, streamUrl} from './api.js';
import {Chart, registerables} from 'chart.js';

Chart.register(...registerables);

/** Demo tariffs by hour of day (currency/kWh): the Energy page's own, for homes without tg:TariffSlot prices. */
const TARIFFS = {
  'time-of-use': {label: 'Time of use: night 0.18, day 0.28, 17–20 h 0.42', price: hour => hour < 6 || hour >= 22 ? 0.18 : hour >= 17 && hour < 20 ? 0.42 : 0.28},
  flat: {label: 'Flat 0.30', price: () => 0.30},
  graph: {label: 'From the graph (tg:TariffSlot)', price: null},
};

const COLOURS = ['#0b57a4', '#b3261e', '#1d6b34', '#8a4b00', '#6a1b9a', '#00695c', '#ad1457', '#4e342e'];

export function mount(main, {can}) {
  const mayPlan = can('planner');
  const progressBox = h('div', {id: 'plan-progress', 'aria-live': 'polite'});
  const result = h('div', {id: 'plan-result'});
  const recent = h('select', {id: 'recent-plans'});
  let source = null;
  let chart = null;

  const field = (id, text, control) => h('div', {}, h('label', {for: id}, text), control);
  const horizon = h('select', {id: 'horizon'}, [12, 24, 48].map(v => h('option', {value: String(v), selected: v === 24}, `${v} hours`)));
  const slot = h('select', {id: 'slot'}, [15, 30, 60].map(v => h('option', {value: String(v), selected: v === 30}, `${v} minutes`)));
  const objective = h('select', {id: 'objective'}, ['cost', 'co2', 'self-consumption'].map(v => h('option', {value: v}, v)));
  const tariff = h('select', {id: 'tariff'}, Object.entries(TARIFFS).map(([key, t]) => h('option', {value: key}, t.label)));
  const exportPrice = h('input', {id: 'export-price', type: 'number', step: '0.01', min: '0', value: '0.08', size: '6'});
  const limit = h('input', {id: 'time-limit', type: 'number', step: '1', min: '1', max: '60', value: '5', size: '4'});

  replace(main,
    h('h1', {}, 'Energy'),
    mayPlan ? h('form', {class: 'panel', id: 'plan-form', on: {submit: plan}},
      h('h2', {}, 'New plan'),
      h('div', {class: 'row'},
        field('horizon', 'Horizon', horizon), field('slot', 'Slot length', slot), field('objective', 'Objective', objective),
        field('tariff', 'Import price', tariff), field('export-price', 'Export price', exportPrice),
        field('time-limit', 'Solve for (s)', limit),
        h('button', {type: 'submit', class: 'primary', id: 'plan-button'}, 'Plan'))) : null,
    h('div', {class: 'panel row'},
      field('recent-plans', 'Recent plans', recent),
      h('button', {type: 'button', on: {click: () => recent.value && show(recent.value)}}, 'Show')),
    progressBox,
    result);
  loadRecent();

  async function loadRecent() {
    try {
      const plans = (await getJson('/api/plans')).plans;
      replace(recent, plans.length ? plans.map(p => h('option', {value: p.id}, `${new Date(p.created).toLocaleString()} · ${p.status}`))
        : h('option', {value: ''}, 'none yet'));
    } catch (e) {
      replace(recent, h('option', {value: ''}, 'not available'));
    }
  }

  async function plan(event) {
    event.preventDefault();
    const slotMinutes = Number(slot.value);
    const hours = Number(horizon.value);
    const body = {horizonHours: hours, slotMinutes, objective: objective.value, timeLimitSeconds: Number(limit.value),
      exportPrice: Number(exportPrice.value)};
    const price = TARIFFS[tariff.value].price;
    try {
      // the server plans from its own clock (which need not be this browser's): prices follow its hours
      if (price) body.importPrice = slotPrices(price, Date.parse((await getJson('/api/dashboard/now')).now), hours, slotMinutes);
    } catch (e) {
      replace(progressBox, errorBox(e));
      return;
    }
    replace(result);
    replace(progressBox, h('p', {class: 'muted'}, 'Checking the problem…'));
    try {
      const job = await postJson('/api/plans', body);
      watch(job.id, Number(limit.value));
      loadRecent();
    } catch (e) {
      replace(progressBox, errorBox(e));
    }
  }

  /** Follows a plan's events: each better score as it is found, then the plan. */
  function watch(id, seconds) {
    if (source) source.close();
    const score = h('p', {class: 'figure'}, h('span', {class: 'value', id: 'plan-score'}, '…'), h('span', {class: 'name'}, ' best score so far'));
    const bar = h('progress', {id: 'plan-elapsed', max: String(seconds * 1000), value: '0', 'aria-label': 'Solving time used'});
    const steps = h('ul', {id: 'plan-steps', class: 'muted steps'});
    let improvements = 0;
    let first = null;
    replace(progressBox, h('section', {class: 'panel', 'aria-labelledby': 'solving-heading'},
      h('h2', {id: 'solving-heading'}, 'Solving'), h('div', {class: 'row'}, score, bar), steps));
    source = new EventSource(streamUrl(`/api/plans/${encodeURIComponent(id)}/events`));
    source.addEventListener('progress', event => {
      const p = JSON.parse(event.data).progress || {};
      score.querySelector('.value').textContent = p.cost !== undefined ? `${money(p.cost)} (${p.feasible ? 'feasible' : 'not feasible yet'})` : p.score;
      bar.value = p.elapsedMillis || 0;
      improvements++;
      if (first === null && typeof p.cost === 'number') first = p.cost;
      steps.append(h('li', {}, `${(p.elapsedMillis / 1000).toFixed(1)} s: cost ${money(p.cost)}, score ${p.score}`));
      while (steps.children.length > 4) steps.firstChild.remove();
    });
    source.addEventListener('done', event => {
      source.close();
      const job = JSON.parse(event.data);
      const cost = job.plan ? job.plan.planned.cost : null;
      replace(progressBox, h('p', {class: 'panel', id: 'plan-solved'}, `Solved in ${((job.plan && job.plan.solveMillis) / 1000).toFixed(1)} s: `,
        `${improvements} better solution${improvements === 1 ? '' : 's'} found`,
        first !== null && cost !== null ? `, cost ${money(first)} → ${money(cost)}.` : '.'));
      show(id, job);
      loadRecent();
    });
    source.addEventListener('failed', event => {
      source.close();
      replace(progressBox, errorBox(new Error(`Planning failed: ${JSON.parse(event.data).error || 'unknown error'}`)));
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) replace(progressBox, errorBox(new Error('The plan\'s event stream closed.')));
    };
  }

  async function show(id, job) {
    try {
      job = job && job.plan ? job : await getJson(`/api/plans/${encodeURIComponent(id)}`);
      if (!job.plan) {
        if (job.status === 'solving') watch(id, 10);
        else replace(result, errorBox(new Error(`Plan ${id} is ${job.status}${job.error ? ': ' + job.error : ''}`)));
        return;
      }
      const [series, names] = await Promise.all([
        getJson(`/api/dashboard/plans/${encodeURIComponent(id)}/series`), deviceNames(job.plan.devices.map(d => d.id))]);
      render(job, series, names);
    } catch (e) {
      replace(result, errorBox(e));
    }
  }

  function render(job, series, names) {
    const plan = job.plan;
    const canvas = h('canvas', {id: 'plan-chart', role: 'img',
      'aria-label': `Plan over ${plan.slots} slots: planned cost ${money(plan.planned.cost)} against ${money(plan.baseline.cost)} for the baseline`});
    const execute = h('button', {type: 'button', on: {click: async () => {
      try {
        await request('POST', `/api/plans/${encodeURIComponent(job.id)}/execute`);
        toast('The plan is being carried out');
      } catch (e) {
        toast(e.message);
      }
    }}}, 'Carry out this plan');
    replace(result,
      h('section', {class: 'panel', 'aria-labelledby': 'plan-heading'},
        h('h2', {id: 'plan-heading'}, `Plan from ${new Date(plan.start).toLocaleString()}`),
        h('div', {class: 'figures', id: 'plan-figures'},
          figure(money(plan.planned.cost), 'planned cost'),
          figure(money(plan.baseline.cost), 'baseline cost'),
          figure(savings(plan), 'saved against the baseline'),
          figure(`${plan.planned.importKwh.toFixed(1)} kWh`, 'imported'),
          plan.planned.selfConsumptionPercent !== null ? figure(`${plan.planned.selfConsumptionPercent.toFixed(0)} %`, 'PV used at home') : null,
          figure(`${(plan.solveMillis / 1000).toFixed(1)} s`, 'solving')),
        mayPlan && plan.status === 'feasible' ? h('div', {class: 'row'}, execute) : null,
        h('div', {class: 'chart-box'}, canvas),
        dataTable(plan, series, names)));
    if (chart) chart.destroy();
    chart = drawChart(canvas, plan, series, names);
    canvas.dataset.datasets = chart.data.datasets.map(d => d.label).join('|');
    canvas.dataset.rendered = 'true';
  }

  return () => {
    if (source) source.close();
    if (chart) chart.destroy();
  };
}

/** One price a slot from the slot boundary after `now` on (the server plans from there). */
function slotPrices(price, now, hours, slotMinutes) {
  const step = slotMinutes * 60000;
  const start = Math.ceil(now / step) * step;
  const slots = Math.round(hours * 60 / slotMinutes);
  return Array.from({length: slots}, (_, i) => price(new Date(start + i * step).getHours()));
}

/** Device names from their twins (the plan names devices by id). */
async function deviceNames(ids) {
  const names = {};
  try {
    const response = await request('GET', `/api/2/things?ids=${ids.map(encodeURIComponent).join(',')}&fields=thingId,attributes/name`);
    for (const t of await response.json()) names[t.thingId] = (t.attributes && t.attributes.name) || t.thingId;
  } catch {
    // ids will do
  }
  return names;
}

function drawChart(canvas, plan, series, names) {
  const kw = watts => watts.map(w => Math.round(w) / 1000);
  const labels = series.slots.map(clock);
  const currency = series.currency;
  const datasets = [];
  plan.devices.forEach((device, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const name = names[device.id] || device.name || device.id;
    datasets.push({type: 'bar', label: `${name} (kW)`, data: kw(device.powerW), backgroundColor: colour + 'b3',
      borderColor: colour, stack: 'loads', yAxisID: 'power', order: 3});
    if (device.socPercent) {
      datasets.push({type: 'line', label: `${name} charge (%)`, data: device.socPercent, borderColor: colour,
        borderDash: [2, 2], pointRadius: 0, yAxisID: 'soc', order: 1});
    }
  });
  datasets.push(
    {type: 'line', label: 'PV (kW)', data: kw(series.pvW), borderColor: '#c77700', backgroundColor: '#f5a30033', fill: 'origin', pointRadius: 0, yAxisID: 'power', order: 2},
    {type: 'line', label: 'Base load (kW)', data: kw(series.baseLoadW), borderColor: '#4f5660', borderDash: [6, 3], pointRadius: 0, yAxisID: 'power', order: 2},
    {type: 'line', label: `Import price (${currency}/kWh)`, data: series.importPrice, borderColor: '#6a1b9a', stepped: 'before', pointRadius: 0, yAxisID: 'price', order: 1},
    {type: 'line', label: `Cost, plan (${currency})`, data: series.plannedCost, borderColor: '#1d6b34', borderWidth: 3, pointRadius: 0, yAxisID: 'cost', order: 0},
    {type: 'line', label: `Cost, baseline (${currency})`, data: series.baselineCost, borderColor: '#b3261e', borderWidth: 3, borderDash: [8, 4], pointRadius: 0, yAxisID: 'cost', order: 0});
  return new Chart(canvas, {
    data: {labels, datasets},
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: {mode: 'index', intersect: false},
      plugins: {legend: {position: 'top', labels: {boxWidth: 14, color: '#1b1f24'}},
        title: {display: true, text: `Cost ${money(plan.planned.cost)} against ${money(plan.baseline.cost)} (baseline)`, color: '#1b1f24'}},
      scales: {
        x: {ticks: {color: '#1b1f24', maxRotation: 0, autoSkip: true, maxTicksLimit: 16}},
        power: {type: 'linear', position: 'left', stacked: false, title: {display: true, text: 'kW', color: '#1b1f24'}, ticks: {color: '#1b1f24'}},
        price: {type: 'linear', position: 'right', title: {display: true, text: `${currency}/kWh`, color: '#6a1b9a'}, grid: {drawOnChartArea: false}, ticks: {color: '#6a1b9a'}},
        soc: {type: 'linear', position: 'right', min: 0, max: 100, title: {display: true, text: 'charge %', color: '#1b1f24'}, grid: {drawOnChartArea: false}, ticks: {color: '#1b1f24'}},
        cost: {type: 'linear', position: 'right', title: {display: true, text: currency, color: '#1d6b34'}, grid: {drawOnChartArea: false}, ticks: {color: '#1d6b34'}},
      },
    },
  });
}

/** The chart's numbers for those who do not see it. */
function dataTable(plan, series, names) {
  const columns = [['time', 'Slot'], ['price', 'Import price'], ['pv', 'PV kW'], ['base', 'Base load kW'],
    ...plan.devices.map((d, i) => [`d${i}`, `${names[d.id] || d.name} kW`]), ['planned', 'Cost, plan'], ['baseline', 'Cost, baseline']];
  const rows = series.slots.map((start, s) => {
    const row = {time: clock(start), price: series.importPrice[s], pv: (series.pvW[s] / 1000).toFixed(2),
      base: (series.baseLoadW[s] / 1000).toFixed(2), planned: series.plannedCost[s].toFixed(2), baseline: series.baselineCost[s].toFixed(2)};
    plan.devices.forEach((d, i) => { row[`d${i}`] = (d.powerW[s] / 1000).toFixed(2); });
    return row;
  });
  return h('details', {}, h('summary', {}, 'The chart\'s data as a table'),
    h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Plan data'}, table(null, columns, rows)));
}

/** Money saved, with the share of the baseline's cost where that share means something (0-100 %). */
function savings(plan) {
  const share = plan.savingsPercent;
  return typeof share === 'number' && share >= 0 && share <= 100 ? `${money(plan.savings)} (${share.toFixed(0)} %)` : money(plan.savings);
}

function figure(value, name) {
  return h('div', {class: 'figure'}, h('div', {class: 'value'}, value), h('div', {class: 'name'}, name));
}

function money(value) {
  return typeof value === 'number' ? value.toFixed(2) : '–';
}
