/** A stateless chain of five map/filter operators, against the same chain as a plain loop. */
import { EngineDriver } from '../engine-driver.js';
import { median, relativeSpread, runRounds, type Implementation } from '../harness.js';
import { closeAll, rounds, samplesOf, type Workload } from '../workload.js';
import { add, fiveOperators, fiveOperatorsLoop } from './five-operators.js';

export interface ChainParams {
  readonly records: number;
  readonly warmup: number;
  readonly measured: number;
}

const ENGINE = 'dstream-ts';
const PLAIN = 'plain loop';

/**
 * The engine gets each batch as a ready 2-partition RDD over the numbers (as a receiver's blocks or
 * a Kafka batch arrive), not as an array for `queueStream` to copy into partitions: this workload
 * measures the chain, and copying a million numbers would cost about as much as the chain itself.
 */
async function engine(items: readonly number[]): Promise<Implementation> {
  const driver = await EngineDriver.create<number>();
  const batch = driver.ssc.sparkContext.parallelize(items, 2);
  let sum = 0;
  fiveOperators(driver.input).foreachRDD((rdd) => {
    sum = rdd.fold(0, add);
  });
  driver.start();
  return {
    name: ENGINE,
    batch: () => driver.batch(batch),
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
    return [await engine(items), plainLoop(items)];
  },

  async measure(params, label) {
    const implementations = await this.create(params);
    const samples = await runRounds(implementations, rounds(params));
    await closeAll(implementations);
    const rate = (name: string): number => params.records / median(samplesOf(samples, name)) / 1e3;
    return {
      workload: this.title,
      case: label,
      measurements: [ENGINE, PLAIN].map((name) => ({
        implementation: name,
        value: rate(name),
        unit: 'M records/s',
        spread: relativeSpread(samplesOf(samples, name)),
      })),
      ratios: [{ name: 'dstream-ts / plain loop', value: rate(ENGINE) / rate(PLAIN) }],
    };
  },
};
