// The live view: follows /api/events (Server-Sent Events) and renders the header, the timelines,
// the DStream graph, the batch table and the chosen batch's outputs.
import { Timeline } from './charts.js';
import { escapeHtml, formatBatchTime, formatDate, formatDuration, streamLabel } from './format.js';
import { renderGraph } from './graph.js';

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
  processing: new Timeline($('#chart-processing'), ['Processing time'], 'ms'),
  total: new Timeline($('#chart-total'), ['Total delay'], 'ms'),
};
let stateTimeline;
let stateTimelineKey = '';

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
  const show = (timeline, key, id) => {
    const values = column(key);
    timeline.setData(times, [values]);
    const avg = average(values);
    $(id).textContent = avg === null ? '' : `avg ${timeline.format(avg)}`;
  };
  show(timelines.records, 'numRecords', '#avg-records');
  show(timelines.scheduling, 'schedulingDelay', '#avg-scheduling');
  show(timelines.processing, 'processingTime', '#avg-processing');
  show(timelines.total, 'totalDelay', '#avg-total');

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

function render() {
  const batches = sortedBatches();
  renderHeader(batches);
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

function renderOutput(o) {
  const records =
    o.firstRecords === null
      ? ''
      : `<h4>First records</h4><pre class="records">${escapeHtml(
          [...o.firstRecords, ...(o.hasMoreRecords ? ['...'] : [])].join('\n') || '(no records)',
        )}</pre>`;
  const took = o.duration === null ? '' : ` in ${formatDuration(o.duration)}`;
  return (
    `<article class="output status-${o.status}" data-output-id="${o.id}">` +
    `<h3>Output operation ${o.id}: ${escapeHtml(o.name)}` +
    `<span class="muted"> · ${o.status}${took}</span></h3>` +
    (o.jobGroup === null && o.jobDescription === null
      ? ''
      : `<p class="job-group">${escapeHtml([o.jobGroup, o.jobDescription].filter((t) => t !== null).join(': '))}</p>`) +
    (o.failureReason === null ? '' : `<pre class="failure">${escapeHtml(o.failureReason)}</pre>`) +
    (o.lineage === null
      ? ''
      : `<h4>RDD lineage (toDebugString)</h4><pre class="lineage">${escapeHtml(o.lineage)}</pre>`) +
    records +
    (o.note === null ? '' : `<p class="note">${escapeHtml(o.note)}</p>`) +
    `</article>`
  );
}

async function showBatch(time) {
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
  panel.scrollIntoView({ block: 'start' });
  const response = await fetch(`/api/batches/${time}`);
  if (state.selected !== time) return;
  if (!response.ok) {
    $('#outputs').innerHTML = `<p class="empty">This batch is no longer kept.</p>`;
  } else {
    const batch = await response.json();
    const inputs =
      batch.inputs === null
        ? ''
        : `<p class="inputs">${batch.numRecords} records` +
          (batch.inputs.length === 0
            ? ''
            : ` (${batch.inputs
                .map((i) => `${inputName(i.inputStreamId)}: ${i.numRecords}`)
                .join(', ')})`) +
          ` · scheduling delay ${formatDuration(batch.schedulingDelay)}` +
          ` · processing time ${formatDuration(batch.processingTime)}</p>`;
    $('#outputs').innerHTML =
      inputs +
      (batch.note === null ? '' : `<p class="note">${escapeHtml(batch.note)}</p>`) +
      (batch.outputOperationDetails ?? []).map(renderOutput).join('');
  }
  panel.dataset.loaded = 'true';
}

$('#batches tbody').addEventListener('click', (event) => {
  const row = event.target.closest('tr.batch');
  if (row !== null) void showBatch(Number(row.dataset.batchTime));
});

window.addEventListener('resize', () => {
  for (const t of Object.values(timelines)) t.resize();
  stateTimeline?.resize();
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
