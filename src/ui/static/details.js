// A chosen batch's details: each output operation's lineage and first records, and each stateful
// stream's state after the batch (first entries, keys added and removed).
import { escapeHtml, formatBatchTime, formatDuration } from './format.js';

/** One output operation of the batch. */
export function renderOutput(o) {
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

function keyList(change, kind, sign) {
  if (change === null) return '';
  const more = change.count > change.keys.length ? ', …' : '';
  const keys = change.keys.map(escapeHtml).join(', ');
  return (
    `<p class="${kind}"><span class="count">${sign}${change.count}</span> ` +
    `key${change.count === 1 ? '' : 's'} ${kind}${change.count === 0 ? '' : `: ${keys}${more}`}</p>`
  );
}

/** One stateful stream's state after the batch; `label` names the stream. */
export function renderState(state, label) {
  const rows = state.entries
    .map(([key, value]) => `<tr><td>${escapeHtml(key)}</td><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  const shown =
    state.entries.length < state.numRowsTotal
      ? ` (the first ${state.entries.length} of ${state.numRowsTotal})`
      : '';
  return (
    `<article class="state" data-stream-id="${state.streamId}">` +
    `<h3>State of ${escapeHtml(label)}<span class="muted"> · ${state.numRowsTotal} keys${shown}</span></h3>` +
    keyList(state.added, 'added', '+') +
    keyList(state.removed, 'removed', '−') +
    (state.note === null ? '' : `<p class="note">${escapeHtml(state.note)}</p>`) +
    `<table class="state-entries"><thead><tr><th>Key</th><th>State</th></tr></thead>` +
    `<tbody>${rows || '<tr><td colspan="2" class="empty">(empty)</td></tr>'}</tbody></table>` +
    `</article>`
  );
}

/** The active batches table (Spark's "Active Batches"): queued and processing, newest first. */
export function renderActiveBatches(active) {
  if (active.length === 0) return '<tr><td colspan="4" class="empty">(none)</td></tr>';
  return [...active]
    .reverse()
    .map(
      (b) =>
        `<tr class="active status-${b.status}" data-batch-time="${b.batchTime}">` +
        `<td>${formatBatchTime(b.batchTime)}</td><td>${b.numRecords}</td>` +
        `<td>${b.processingStartTime === null ? '-' : formatDuration(b.processingStartTime - b.submissionTime)}</td>` +
        `<td>${b.status}</td></tr>`,
    )
    .join('');
}
