/** A stateless chain of five map/filter operators, against the same chain as a plain loop. */
import { runRounds } from '../harness.js';
import { closeAll, medians, rounds, type Workload } from '../workload.js';
import { fiveOperatorsEngine, fiveOperatorsPlainLoop } from './five-operators.js';

export interface ChainParams {
  readonly records: number;
  readonly warmup: number;
  readonly measured: number;
}

export const mapFilterChain: Workload<ChainParams> = {
  id: 'map-filter-chain',
  title: 'map/filter chain (5 operators)',
  cases: [
    {
      id: 'map-filter-chain-1e6',
      label: '1e6 numbers/batch',
      params: { records: 1e6, warmup: 20, measured: 40 },
    },
  ],
  tiny: { records: 100, warmup: 0, measured: 1 },

  async create(params) {
    const items = Array.from({ length: params.records }, (_, i) => i);
    // Each batch arrives as a ready 2-partition RDD (as a receiver's blocks or a Kafka batch do):
    // queueStream would first copy a million numbers, about as costly as the chain itself.
    return [await fiveOperatorsEngine(items, { asReadyRDD: true }), fiveOperatorsPlainLoop(items)];
  },

  async measure(params, label) {
    const implementations = await this.create(params);
    const samples = await runRounds(implementations, rounds(params));
    await closeAll(implementations);
    const [engine, plain] = medians(
      samples,
      implementations.map((impl) => impl.name),
      'M records/s',
      (ms) => params.records / ms / 1e3,
    );
    return {
      workload: this.title,
      case: label,
      measurements: [engine, plain].filter((m) => m !== undefined),
      ratios: [
        {
          name: 'dstream-ts / plain loop',
          value: (engine?.value ?? Number.NaN) / (plain?.value ?? Number.NaN),
        },
      ],
    };
  },
};
