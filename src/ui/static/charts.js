// The timelines, drawn with uPlot (served from node_modules/uplot/dist by the view's server).
import uPlot from '/vendor/uPlot.esm.js';
import { formatDuration } from './format.js';

const COLORS = ['#2f6fb0', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490'];
const STEPS = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].map((p) => m * p));
STEPS.sort((a, b) => a - b);
const SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400];

/**
 * Show the newest point's values in the legend while the cursor is off the plot: uPlot leaves
 * them blank there, and a legend of blank values looks like a row of empty input fields.
 */
function newestInLegend(u) {
  const last = u.data[0].length - 1;
  const hovering = (u.cursor.idx ?? null) !== null;
  if (!hovering && last >= 0 && u.legend.idx !== last) u.setLegend({ idx: last });
}

/** A chart of one or more series over batch time, in `container`. */
export class Timeline {
  #plot;
  #container;
  #unit;

  /**
   * `series`: labels, or `{ label, dash }` for a dashed line (a reference such as the batch
   * interval); `unit`: 'ms' (durations), 'records' or 'rate' (records per second).
   */
  constructor(container, series, unit) {
    this.#container = container;
    const lines = series.map((s) => (typeof s === 'string' ? { label: s } : s));
    this.#unit = unit;
    const value = (u, v) => (v === null || v === undefined ? '-' : this.format(v));
    this.#plot = new uPlot(
      {
        width: Math.max(container.clientWidth, 240),
        height: 160,
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max, 1)] } },
        axes: [
          // Whole seconds on the time axis (batch times are rarely finer).
          { space: 80, incrs: SECONDS },
          // Whole milliseconds and whole records: no repeated labels on small ranges.
          { values: (u, ticks) => ticks.map((t) => this.format(t)), size: 60, incrs: STEPS },
        ],
        series: [
          { label: 'Batch time', value: '{YYYY}/{MM}/{DD} {HH}:{mm}:{ss}' },
          ...lines.map(({ label, dash }, i) => ({
            label,
            value,
            stroke: dash === undefined ? COLORS[i % COLORS.length] : '#64748b',
            width: dash === undefined ? 2 : 1.5,
            ...(dash === undefined
              ? { points: { show: true, size: 5 } }
              : { dash, points: { show: false } }),
          })),
        ],
        legend: { live: true },
        hooks: { setLegend: [newestInLegend] },
      },
      [[], ...lines.map(() => [])],
      container,
    );
  }

  format(v) {
    if (this.#unit === 'ms') return formatDuration(v);
    const text = String(Math.round(v * 100) / 100);
    return this.#unit === 'rate' ? `${text}/s` : text;
  }

  /** Show `times` (ms) and one array of values per series (`null`: no value). */
  setData(times, columns) {
    this.#plot.setData([times.map((t) => t / 1000), ...columns]);
    newestInLegend(this.#plot);
  }

  resize() {
    this.#plot.setSize({ width: Math.max(this.#container.clientWidth, 240), height: 160 });
  }

  destroy() {
    this.#plot.destroy();
  }
}
