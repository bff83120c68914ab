/**
 * Per-batch overhead: empty and 10-record batches through the five-operator pipeline on a
 * ManualClock, in microseconds per batch, beside the same work as a plain loop (which shows how
 * little of the engine's time is the records themselves).
 */
import { EngineDriver } from '../engine-driver.js';
import { median, relativeSpread, runRounds, type Implementation } from '../harness.js';
import { closeAll, rounds, samplesOf, type Workload } from '../workload.js';
import { add, fiveOperators, fiveOperatorsLoop } from './five-operators.js';

export interface OverheadParams {
  readonly records: number;
  readonly warmup: number;
  readonly measured: number;
}

const ENGINE = 'dstream-ts';
const PLAIN = 'plain loop';

async function engine(items: readonly number[]): Promise<Implementation> {
  const driver = await EngineDriver.create<number>();
  let sum = 0;
  fiveOperators(driver.input).foreachRDD((rdd) => {
    sum = rdd.fold(0, add);
  });
  driver.start();
  return {
    name: ENGINE,
    batch: () => driver.batch(items),
    output: () => sum,
    close: () => driver.close(),
  };
}

function plainLoop(items: readonly number[]): Implementation {
  let sum = 0;
  return {
    name: PLAIN,
    batch: () => {
      sum = fiveOperatorsLoop(items);
    },
    output: () => sum,
  };
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
    return [await engine(items), plainLoop(items)];
  },

  async measure(params, label) {
    const implementations = await this.create(params);
    const samples = await runRounds(implementations, rounds(params));
    await closeAll(implementations);
    const micros = (name: string): number => median(samplesOf(samples, name)) * 1e3;
    return {
      workload: this.title,
      case: label,
      measurements: [ENGINE, PLAIN].map((name) => ({
        implementation: name,
        value: micros(name),
        unit: 'µs/batch',
        spread: relativeSpread(samplesOf(samples, name)),
      })),
      ratios: [{ name: 'dstream-ts µs per batch', value: micros(ENGINE) }],
    };
  },
};
