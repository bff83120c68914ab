// The live view: follows /api/events (Server-Sent Events) and renders the header and its step
// controls, the batch timeline with the window brackets, the charts, the DStream graph, the active
// and completed batches, and the chosen batch's outputs and states.
import { Timeline } from './charts.js';
import { renderActiveBatches, renderOutput, renderState } from './details.js';
import { escapeHtml, formatBatchTime, formatDate, formatDuration, streamLabel } from './format.js';
import { renderGraph } from './graph.js';
import { renderBatchTimeline } from './timeline.js';

/** Rows of the batch table (the newest batches); the timelines show every retained batch. */
const TABLE_ROWS = 100;

const state = {
  app: undefined,
  graph: [],
  /** Batch JSON by batch time. */
  batches: new Map(),
  selected: undefined,
};

const $ = (selector) => document.querySelector(selector);

const timelines = {
  records: new Timeline($('#chart-records'), ['Input records'], 'records'),
  scheduling: new Timeline($('#chart-scheduling'), ['Scheduling delay'], 'ms'),
  // Spark draws the batch interval on this chart: above it, batches fall behind.
  processing: new Timeline(
    $('#chart-processing'),
    ['Processing time', { label: 'Batch interval', dash: [6, 4] }],
    'ms',
  ),
  total: new Timeline($('#chart-total'), ['Total delay'], 'ms'),
};
let stateTimeline;
let stateTimelineKey = '';
let rateTimeline;
let rateTimelineKey = '';

function sortedBatches() {
  return [...state.batches.values()].sort((a, b) => a.batchTime - b.batchTime);
}

function average(values) {
  const known = values.filter((v) => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}

function renderHeader(batches) {
  const app = state.app;
  if (app === undefined) return;
  $('#app-name').textContent = app.appName;
  const status = $('#status');
  status.textContent = app.status;
  status.className = `status status-${app.status}`;
  const records = batches.reduce((sum, b) => sum + b.numRecords, 0);
  $('#summary').textContent =
    `Batch interval ${formatDuration(app.batchDuration)}` +
    (app.startTime === null ? '' : ` · started ${formatDate(app.startTime)}`) +
    ` · ${app.completedBatches} completed batch${app.completedBatches === 1 ? '' : 'es'}` +
    ` · ${records} records in the ${batches.length} batches shown`;
}

function renderTimelines(batches) {
  const times = batches.map((b) => b.batchTime);
  const column = (key) => batches.map((b) => b[key]);
  const show = (timeline, key, id, extra = []) => {
    const values = column(key);
    timeline.setData(times, [values, ...extra]);
    const avg = average(values);
    $(id).textContent = avg === null ? '' : `avg ${timeline.format(avg)}`;
  };
  const interval = state.app?.batchDuration ?? null;
  show(timelines.records, 'numRecords', '#avg-records');
  show(timelines.scheduling, 'schedulingDelay', '#avg-scheduling');
  show(timelines.processing, 'processingTime', '#avg-processing', [times.map(() => interval)]);
  show(timelines.total, 'totalDelay', '#avg-total');
  renderRates(batches, times);

  const stateful = state.graph.filter((s) => s.stateful);
  $('#state-section').hidden = stateful.length === 0;
  if (stateful.length === 0) return;
  const key = stateful.map((s) => s.id).join(',');
  if (key !== stateTimelineKey) {
    stateTimeline?.destroy();
    stateTimeline = new Timeline($('#chart-state'), stateful.map(streamLabel), 'records');
    stateTimelineKey = key;
  }
  const sizes = stateful.map((s) =>
    batches.map((b) => b.stateSizes.find((x) => x.streamId === s.id)?.numRowsTotal ?? null),
  );
  stateTimeline.setData(times, sizes);
}

/** Spark's input rate: each input's records per second of batch interval, one line per input. */
function renderRates(batches, times) {
  const inputs = state.graph.filter((s) => s.kind === 'input');
  $('#rates-figure').hidden = inputs.length === 0;
  if (inputs.length === 0 || state.app === undefined) return;
  const key = inputs.map((s) => s.id).join(',');
  if (key !== rateTimelineKey) {
    rateTimeline?.destroy();
    rateTimeline = new Timeline(
      $('#chart-rates'),
      inputs.map((s) => s.displayName ?? streamLabel(s)),
      'rate',
    );
    rateTimelineKey = key;
  }
  const seconds = state.app.batchDuration / 1000;
  rateTimeline.setData(
    times,
    inputs.map((s) =>
      batches.map((b) => {
        const input = b.inputs.find((i) => i.inputStreamId === s.inputStreamId);
        return input === undefined ? null : input.numRecords / seconds;
      }),
    ),
  );
}

function newestStateSizes(batches) {
  const sizes = new Map();
  for (const b of batches) for (const s of b.stateSizes) sizes.set(s.streamId, s.numRowsTotal);
  return sizes;
}

let graphKey = '';
function renderGraphSection(batches) {
  const sizes = newestStateSizes(batches);
  // The graph changes rarely: redraw it only when it or a state size did.
  const key = JSON.stringify([state.graph.length, [...sizes]]);
  if (key === graphKey) return;
  graphKey = key;
  $('#graph').innerHTML = renderGraph(state.graph, sizes);
}

function firstLine(text) {
  const line = text.split('\n')[0];
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function renderTable(batches) {
  const shown = batches.slice(-TABLE_ROWS).reverse();
  $('#batch-count').textContent =
    batches.length > TABLE_ROWS ? `newest ${TABLE_ROWS} of ${batches.length}` : `${batches.length}`;
  $('#batches tbody').innerHTML = shown
    .map((b) => {
      const ops = b.outputOperations;
      const failure = b.failureReason ?? '';
      const selected = b.batchTime === state.selected ? ' selected' : '';
      return (
        `<tr class="batch status-${b.status}${selected}" data-batch-time="${b.batchTime}">` +
        `<td class="time" title="${b.batchTime} ms">${formatBatchTime(b.batchTime)}</td>` +
        `<td class="records">${b.numRecords}</td>` +
        `<td class="scheduling">${formatDuration(b.schedulingDelay)}</td>` +
        `<td class="processing">${formatDuration(b.processingTime)}</td>` +
        `<td class="total">${formatDuration(b.totalDelay)}</td>` +
        `<td class="outputs">${ops.succeeded}/${ops.total}</td>` +
        `<td class="batch-status">${b.status}</td>` +
        `<td class="error" title="${escapeHtml(failure)}">${escapeHtml(firstLine(failure))}</td>` +
        `</tr>`
      );
    })
    .join('');
}

function renderControls() {
  const app = state.app;
  const step = app?.step;
  const running = app?.status === 'running';
  $('#controls').hidden = step === undefined || app.status === 'stopped';
  if (step === undefined) return;
  const gated = step.clock === 'gated';
  $('#step-next').disabled = !running || !step.paused || stepping;
  $('#step-pause').hidden = !gated || step.paused;
  $('#step-resume').hidden = !gated || !step.paused;
  $('#step-mode').textContent = step.paused
    ? 'step mode: each “Next batch” runs one batch'
    : 'batches run on the clock';
  document.body.dataset.stepMode = String(step.paused);
}

function renderBatchTimelineSection(batches) {
  const active = state.app?.activeBatches ?? [];
  $('#batch-timeline').innerHTML = renderBatchTimeline({
    completed: batches,
    active,
    graph: state.graph,
    app: state.app,
    asOf: state.selected,
  });
  $('#active-count').textContent = String(active.length);
  $('#active-batches tbody').innerHTML = renderActiveBatches(active);
}

function render() {
  const batches = sortedBatches();
  renderHeader(batches);
  renderControls();
  renderBatchTimelineSection(batches);
  renderTimelines(batches);
  renderGraphSection(batches);
  renderTable(batches);
  document.body.dataset.batches = String(batches.length);
}

let renderQueued = false;
function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    render();
  });
}

function inputName(inputStreamId) {
  const input = state.graph.find((s) => s.inputStreamId === inputStreamId);
  return input?.displayName ?? `input ${inputStreamId}`;
}

/** Show the batch at `time`: its states under the timeline, its outputs below the table. */
async function showBatch(time, scroll = true) {
  state.selected = time;
  for (const row of document.querySelectorAll('#batches tr.batch')) {
    row.classList.toggle('selected', Number(row.dataset.batchTime) === time);
  }
  const panel = $('#batch-detail');
  panel.hidden = false;
  delete panel.dataset.loaded;
  panel.dataset.batchTime = String(time);
  $('#detail-title').textContent = `Batch ${formatBatchTime(time)}`;
  $('#outputs').innerHTML = '';
  if (scroll) panel.scrollIntoView({ block: 'start' });
  const response = await fetch(`/api/batches/${time}`);
  if (state.selected !== time) return;
  if (!response.ok) {
    $('#outputs').innerHTML = `<p class="empty">This batch is no longer kept.</p>`;
  } else {
    const batch = await response.json();
    const inputs =
      `<p class="inputs">${batch.numRecords} records` +
      (batch.inputs.length === 0
        ? ''
        : ` (${batch.inputs
            .map((i) => `${inputName(i.inputStreamId)}: ${i.numRecords}`)
            .join(', ')})`) +
      ` · scheduling delay ${formatDuration(batch.schedulingDelay)}` +
      ` · processing time ${formatDuration(batch.processingTime)}</p>`;
    const streamName = (id) => {
      const stream = state.graph.find((s) => s.id === id);
      return stream === undefined ? `stream ${id}` : streamLabel(stream);
    };
    $('#outputs').innerHTML =
      inputs +
      (batch.note === null ? '' : `<p class="note">${escapeHtml(batch.note)}</p>`) +
      (batch.outputOperationDetails ?? []).map(renderOutput).join('');
    const states = batch.states ?? [];
    $('#states-section').hidden = states.length === 0;
    $('#states-title').textContent = `State after batch ${formatBatchTime(time)}`;
    $('#states').innerHTML = states.map((s) => renderState(s, streamName(s.streamId))).join('');
  }
  panel.dataset.loaded = 'true';
  // The brackets show the chosen batch's windows.
  renderBatchTimelineSection(sortedBatches());
}

let stepping = false;
async function control(path) {
  stepping = true;
  renderControls();
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    if (!response.ok) $('#step-error').textContent = await response.text();
    else $('#step-error').textContent = '';
  } finally {
    stepping = false;
    renderControls();
  }
}
$('#step-next').addEventListener('click', () => void control('/api/step'));
$('#step-pause').addEventListener('click', () => void control('/api/pause'));
$('#step-resume').addEventListener('click', () => void control('/api/resume'));

$('#batch-timeline').addEventListener('click', (event) => {
  const cell = event.target.closest('g.cell');
  const time = Number(cell?.dataset.batchTime);
  if (cell !== null && state.batches.has(time)) void showBatch(time, false);
});

$('#batches tbody').addEventListener('click', (event) => {
  const row = event.target.closest('tr.batch');
  if (row !== null) void showBatch(Number(row.dataset.batchTime));
});

window.addEventListener('resize', () => {
  for (const t of Object.values(timelines)) t.resize();
  stateTimeline?.resize();
  rateTimeline?.resize();
});

const events = new EventSource('/api/events');
events.addEventListener('snapshot', (e) => {
  const { app, graph, batches } = JSON.parse(e.data);
  state.app = app;
  state.graph = graph;
  state.batches = new Map(batches.map((b) => [b.batchTime, b]));
  render();
  document.body.dataset.ready = 'true';
});
events.addEventListener('app', (e) => {
  state.app = JSON.parse(e.data);
  // A stopped context's view closes: no reconnection attempts.
  if (state.app.status === 'stopped') events.close();
  scheduleRender();
});
events.addEventListener('graph', (e) => {
  state.graph = JSON.parse(e.data);
  scheduleRender();
});
events.addEventListener('batches', (e) => {
  for (const b of JSON.parse(e.data)) state.batches.set(b.batchTime, b);
  const retained = state.app?.retainedBatches ?? Infinity;
  const times = [...state.batches.keys()].sort((a, b) => a - b);
  for (const t of times.slice(0, Math.max(0, times.length - retained))) state.batches.delete(t);
  scheduleRender();
});
events.addEventListener('error', () => {
  if (state.app?.status === 'stopped') return;
  const status = $('#status');
  status.textContent = 'disconnected';
  status.className = 'status status-disconnected';
});
