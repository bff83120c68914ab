// The timelines, drawn with uPlot (served from node_modules/uplot/dist by the view's server).
import uPlot from '/vendor/uPlot.esm.js';
import { formatDuration } from './format.js';

const COLORS = ['#2f6fb0', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490'];
const STEPS = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].map((p) => m * p));
STEPS.sort((a, b) => a - b);
const SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400];

/** A chart of one or more series over batch time, in `container`. */
export class Timeline {
  #plot;
  #container;
  #series;
  #unit;

  /** `series`: labels; `unit`: 'ms' (durations) or 'records'. */
  constructor(container, series, unit) {
    this.#container = container;
    this.#series = series;
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
          ...series.map((label, i) => ({
            label,
            value,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            points: { show: true, size: 5 },
          })),
        ],
        legend: { live: true },
      },
      [[], ...series.map(() => [])],
      container,
    );
  }

  format(v) {
    return this.#unit === 'ms' ? formatDuration(v) : String(Math.round(v * 100) / 100);
  }

  /** Show `times` (ms) and one array of values per series (`null`: no value). */
  setData(times, columns) {
    this.#plot.setData([times.map((t) => t / 1000), ...columns]);
  }

  resize() {
    this.#plot.setSize({ width: Math.max(this.#container.clientWidth, 240), height: 160 });
  }

  get labels() {
    return this.#series;
  }

  destroy() {
    this.#plot.destroy();
  }
}
