// The batch timeline: the newest batches as a row of cells (completed, failed, processing, queued)
// and, under it, one bracket per window stream over the batches its window covers, as of the
// chosen batch (or the newest): it moves as the window slides. A window with an inverse function
// (ReducedWindowedDStream) also marks the batches that entered it (+) and the ones that left (−).
import { escapeHtml, formatClockTime, formatDuration, streamLabel } from './format.js';

const CELL = 58;
const GAP = 4;
const CELL_HEIGHT = 40;
const ROW = 34;
const LEFT = 8;
/** Cells shown at least, and at most. */
const MIN_CELLS = 12;
const MAX_CELLS = 30;

const TITLES = { none: 'no jobs', next: 'the next batch' };

/**
 * The window of `stream` as of batch time `asOf`: its newest computed window at or before it, as
 * `{ end, from, to, entering, leaving }` (batch times), or null before its first window.
 */
export function windowAt(stream, asOf, zeroTime, batchDuration) {
  const slide = stream.slideDuration;
  const end = zeroTime + Math.floor((asOf - zeroTime) / slide) * slide;
  if (end <= zeroTime) return null;
  const times = (from, to) => {
    const list = [];
    for (let t = to; t > from && t > zeroTime; t -= batchDuration) list.unshift(t);
    return list;
  };
  const covered = times(end - stream.windowDuration, end);
  const inverse = stream.className === 'ReducedWindowedDStream';
  return {
    end,
    covered,
    entering: inverse ? times(end - slide, end) : [],
    leaving: inverse ? times(end - stream.windowDuration - slide, end - stream.windowDuration) : [],
  };
}

/**
 * Return the timeline's SVG: `completed` and `active` batches (JSON of the API), the `graph`'s
 * window streams, `app` (zeroTime, batchDuration), `asOf` the batch time the brackets show.
 */
export function renderBatchTimeline({ completed, active, graph, app, asOf }) {
  if (app === undefined || app.zeroTime === null) {
    return '<p class="empty">The timeline appears when the context starts.</p>';
  }
  const { zeroTime, batchDuration } = app;
  const byTime = new Map(completed.map((b) => [b.batchTime, { ...b, state: b.status }]));
  for (const b of active) byTime.set(b.batchTime, { ...b, state: b.status });
  // The newest batch known, and while running the one that comes next (a step runs it).
  const known = Math.max(zeroTime, ...byTime.keys());
  const upcoming = app.status === 'running' ? known + batchDuration : null;
  const newest = Math.max(zeroTime + batchDuration, upcoming ?? known);
  const windows = graph
    .filter((s) => s.windowDuration !== null)
    .map((stream) => ({
      stream,
      window: windowAt(stream, asOf ?? known, zeroTime, batchDuration),
    }));
  // Far enough back for every bracket and the batches that left the windows.
  const reach = Math.max(
    0,
    ...windows.map(({ window }) =>
      window === null ? 0 : newest - Math.min(...window.covered, ...window.leaving) + batchDuration,
    ),
  );
  const cells = Math.min(MAX_CELLS, Math.max(MIN_CELLS, Math.ceil(reach / batchDuration)));
  const first = Math.max(zeroTime + batchDuration, newest - (cells - 1) * batchDuration);
  const times = [];
  for (let t = first; t <= newest; t += batchDuration) times.push(t);
  const x = (t) => LEFT + ((t - first) / batchDuration) * (CELL + GAP);
  const width = LEFT * 2 + times.length * (CELL + GAP);
  const height = CELL_HEIGHT + 16 + windows.length * ROW;

  let svg = '';
  for (const t of times) {
    const batch = byTime.get(t);
    const state = batch?.state ?? (t === upcoming ? 'next' : 'none');
    const chosen = t === asOf ? ' chosen' : '';
    svg +=
      `<g class="cell state-${state}${chosen}" data-batch-time="${t}" transform="translate(${x(t)} 0)">` +
      `<title>${escapeHtml(`${formatClockTime(t)}: ${TITLES[state] ?? state}`)}</title>` +
      `<rect width="${CELL}" height="${CELL_HEIGHT}" rx="4"/>` +
      `<text class="time" x="${CELL / 2}" y="16">${formatClockTime(t)}</text>` +
      `<text class="records" x="${CELL / 2}" y="32">${batch === undefined ? (state === 'next' ? 'next' : '') : `${batch.numRecords} rec`}</text>` +
      `</g>`;
  }
  windows.forEach(({ stream, window }, i) => {
    const y = CELL_HEIGHT + 14 + i * ROW;
    const label = `${streamLabel(stream)}: window ${formatDuration(stream.windowDuration)}, slide ${formatDuration(stream.slideDuration)}`;
    if (window === null) {
      svg += `<text class="bracket-label" x="${LEFT}" y="${y + 14}">${escapeHtml(label)} (no window yet)</text>`;
      return;
    }
    const shown = window.covered.filter((t) => t >= first);
    const from = shown[0] ?? window.end;
    const left = x(from) + 2;
    const right = x(window.end) + CELL - 2;
    const marks = (list, kind, sign) =>
      list
        .filter((t) => t >= first && t <= newest)
        .map((t) => `<text class="mark ${kind}" x="${x(t) + CELL / 2}" y="${y - 2}">${sign}</text>`)
        .join('');
    svg +=
      `<g class="bracket" data-stream-id="${stream.id}" data-window-end="${window.end}" ` +
      `data-covered="${window.covered.join(',')}" data-entering="${window.entering.join(',')}" ` +
      `data-leaving="${window.leaving.join(',')}">` +
      `<path d="M ${left} ${y} L ${left} ${y + 8} L ${right} ${y + 8} L ${right} ${y}"/>` +
      marks(window.entering, 'entering', '+') +
      marks(window.leaving, 'leaving', '−') +
      `<text class="bracket-label" x="${left}" y="${y + 22}">${escapeHtml(label)}</text>` +
      `</g>`;
  });
  return (
    `<svg class="batch-timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-label="Batch timeline">${svg}</svg>`
  );
}
