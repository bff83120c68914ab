// The DStream graph as SVG: one row per depth (inputs on top, outputs at the bottom), edges from
// each stream to the streams built on it.
import { escapeHtml, formatDuration, streamLabel } from './format.js';

const NODE_WIDTH = 230;
const NODE_HEIGHT = 62;
const GAP_X = 24;
const GAP_Y = 36;
const MAX_SITE = 34;

/** Return each stream's depth: 0 for inputs, else one more than its deepest parent. */
function depths(streams) {
  const byId = new Map(streams.map((s) => [s.id, s]));
  const depth = new Map();
  const visit = (s) => {
    if (depth.has(s.id)) return depth.get(s.id);
    let d = 0;
    for (const id of s.parentIds) {
      const parent = byId.get(id);
      if (parent !== undefined) d = Math.max(d, visit(parent) + 1);
    }
    depth.set(s.id, d);
    return d;
  };
  for (const s of streams) visit(s);
  return depth;
}

function badges(stream, stateSize) {
  const marks = [];
  if (stream.kind === 'input') marks.push(stream.displayName ?? 'input');
  if (stream.windowDuration !== null) {
    marks.push(
      `window ${formatDuration(stream.windowDuration)}, slide ${formatDuration(stream.slideDuration)}`,
    );
  }
  if (stream.stateful) {
    marks.push(stateSize === undefined ? 'stateful' : `stateful: ${stateSize} keys`);
  }
  if (stream.kind === 'output') marks.push('output operation');
  return marks.join(' · ');
}

function shorten(text) {
  return text.length <= MAX_SITE ? text : `${text.slice(0, MAX_SITE - 1)}…`;
}

/**
 * Return the SVG markup of `streams` (the graph JSON); `stateSizes` maps a stateful stream's id
 * to its newest state size.
 */
export function renderGraph(streams, stateSizes) {
  if (streams.length === 0)
    return '<p class="empty">The graph appears when the context starts.</p>';
  const depth = depths(streams);
  const rows = [];
  for (const s of [...streams].sort((a, b) => a.id - b.id)) {
    const d = depth.get(s.id);
    (rows[d] ??= []).push(s);
  }
  const widest = Math.max(...rows.map((row) => row.length));
  const width = widest * NODE_WIDTH + (widest + 1) * GAP_X;
  const height = rows.length * NODE_HEIGHT + (rows.length + 1) * GAP_Y;
  const position = new Map();
  rows.forEach((row, d) => {
    const rowWidth = row.length * NODE_WIDTH + (row.length - 1) * GAP_X;
    const left = (width - rowWidth) / 2;
    row.forEach((s, i) => {
      position.set(s.id, {
        x: left + i * (NODE_WIDTH + GAP_X),
        y: GAP_Y + d * (NODE_HEIGHT + GAP_Y),
      });
    });
  });
  let edges = '';
  for (const s of streams) {
    const to = position.get(s.id);
    for (const parentId of s.parentIds) {
      const from = position.get(parentId);
      if (from === undefined) continue;
      const x1 = from.x + NODE_WIDTH / 2;
      const y1 = from.y + NODE_HEIGHT;
      const x2 = to.x + NODE_WIDTH / 2;
      const y2 = to.y - 4;
      const mid = (y1 + y2) / 2;
      edges +=
        `<path class="edge" data-from="${parentId}" data-to="${s.id}" ` +
        `d="M ${x1} ${y1} C ${x1} ${mid}, ${x2} ${mid}, ${x2} ${y2}" marker-end="url(#arrow)"/>`;
    }
  }
  let nodes = '';
  for (const s of streams) {
    const { x, y } = position.get(s.id);
    const classes = ['stream', `kind-${s.kind}`];
    if (s.windowDuration !== null) classes.push('window');
    if (s.stateful) classes.push('stateful');
    const marks = badges(s, stateSizes.get(s.id));
    nodes +=
      `<g class="${classes.join(' ')}" data-stream-id="${s.id}" transform="translate(${x} ${y})">` +
      `<title>${escapeHtml(`${streamLabel(s)}\n${s.creationSite}${marks ? `\n${marks}` : ''}`)}</title>` +
      `<rect width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="8"/>` +
      `<text class="label" x="10" y="20">${escapeHtml(streamLabel(s))}</text>` +
      `<text class="site" x="10" y="37">${escapeHtml(shorten(s.creationSite))}</text>` +
      `<text class="marks" x="10" y="53">${escapeHtml(marks)}</text>` +
      `</g>`;
  }
  return (
    `<svg class="dstream-graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-label="DStream graph">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" ` +
    `orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>` +
    `${edges}${nodes}</svg>`
  );
}
