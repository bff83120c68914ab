/**
 * Per-batch overhead: empty and 10-record batches through the five-operator pipeline on a
 * ManualClock, in microseconds per batch, beside the same work as a plain loop (which shows how
 * little of the engine's time is the records themselves).
 */
import { runRounds } from '../harness.js';
import { closeAll, medians, rounds, type Workload } from '../workload.js';
import { fiveOperatorsEngine, fiveOperatorsPlainLoop } from './five-operators.js';

export interface OverheadParams {
  readonly records: number;
  readonly warmup: number;
  readonly measured: number;
}

export const batchOverhead: Workload<OverheadParams> = {
  id: 'batch-overhead',
  title: 'per-batch overhead (5 operators, ManualClock)',
  cases: [
    {
      id: 'batch-overhead-empty',
      label: 'empty batches',
      params: { records: 0, warmup: 2000, measured: 5000 },
    },
    {
      id: 'batch-overhead-10',
      label: '10-record batches',
      params: { records: 10, warmup: 2000, measured: 5000 },
    },
  ],
  tiny: { records: 10, warmup: 0, measured: 1 },

  async create(params) {
    const items = Array.from({ length: params.records }, (_, i) => i);
    // Each batch is an array, parallelized by queueStream as a user's small batch would be.
    return [await fiveOperatorsEngine(items, { asReadyRDD: false }), fiveOperatorsPlainLoop(items)];
  },

  async measure(params, label) {
    const implementations = await this.create(params);
    const samples = await runRounds(implementations, rounds(params));
    await closeAll(implementations);
    const measurements = medians(
      samples,
      implementations.map((impl) => impl.name),
      'µs/batch',
      (ms) => ms * 1e3,
    );
    return {
      workload: this.title,
      case: label,
      measurements,
      ratios: [{ name: 'dstream-ts µs per batch', value: measurements[0]?.value ?? Number.NaN }],
    };
  },
};
