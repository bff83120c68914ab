/**
 * Keyed state at 1e5, 1e6 and 1e7 keys: the time of a 1e4-record batch and the heap each key
 * costs, for mapWithState and updateStateByKey, against a plain Map updated in place by hand.
 * Keys are integers, states are numbers (a running count).
 */
import { HashPartitioner, StateSpec, type Pair, type State } from '../../src/index.js';
import { seededRandom } from '../corpus.js';
import { EngineDriver } from '../engine-driver.js';
import { collectGarbage, quantile, runRounds, type Implementation } from '../harness.js';
import {
  closeAll,
  medians,
  rounds,
  samplesOf,
  valueOf,
  type Measurement,
  type Workload,
} from '../workload.js';

export type StateOperation = 'mapWithState' | 'updateStateByKey';

export interface StateParams {
  readonly operation: StateOperation;
  readonly keys: number;
  readonly recordsPerBatch: number;
  /** State partitions (default 2, as `local[2]`). */
  readonly partitions: number;
  /** Records per batch while the state is first filled with every key. */
  readonly loadBatch: number;
  readonly measured: number;
  /** Whether to run the hand-written Map (it cannot hold more than 2^24 keys). */
  readonly handBaseline: boolean;
}

const ENGINE = 'dstream-ts';
const HAND = 'hand Map';
/** Distinct measured batches, used in turn. */
const DISTINCT_BATCHES = 8;

/** What a batch returns for comparison: emitted records (mapWithState) or state totals. */
type StateOutput =
  readonly (readonly [number, number])[] | { readonly keys: number; readonly total: number };

function sortedPairs(pairs: readonly (readonly [number, number])[]): [number, number][] {
  return pairs
    .map((p): [number, number] => [p[0], p[1]])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** Every key once, in batches of `loadBatch`, then `DISTINCT_BATCHES` batches of random keys. */
function prepareInput(params: StateParams): {
  load: () => Generator<Pair<number, number>[]>;
  batches: Pair<number, number>[][];
} {
  const random = seededRandom(11);
  const batches: Pair<number, number>[][] = [];
  for (let b = 0; b < DISTINCT_BATCHES; b++) {
    const batch: Pair<number, number>[] = [];
    for (let i = 0; i < params.recordsPerBatch; i++) {
      batch.push([Math.floor(random() * params.keys), 1]);
    }
    batches.push(batch);
  }
  function* load(): Generator<Pair<number, number>[]> {
    for (let from = 0; from < params.keys; from += params.loadBatch) {
      const batch: Pair<number, number>[] = [];
      const to = Math.min(params.keys, from + params.loadBatch);
      for (let key = from; key < to; key++) batch.push([key, 1]);
      yield batch;
    }
  }
  return { load, batches };
}

/** An implementation that can also run a batch of given data (used to fill the state). */
type Stateful<R> = Implementation & { feed(data: readonly Pair<number, number>[]): R };

function runningCount(
  key: number,
  one: number | undefined,
  state: State<number>,
): Pair<number, number> {
  const count = (state.getOption() ?? 0) + (one ?? 0);
  state.update(count);
  return [key, count];
}

async function engine(
  params: StateParams,
  batches: readonly Pair<number, number>[][],
): Promise<Stateful<Promise<void>>> {
  const driver = await EngineDriver.create<Pair<number, number>>({ checkpoint: true });
  let output: StateOutput = [];
  const partitioner = new HashPartitioner(params.partitions);
  if (params.operation === 'mapWithState') {
    const spec = StateSpec.function(runningCount).partitioner(partitioner);
    driver.input.mapWithState(spec).foreachRDD((rdd) => {
      output = rdd.collect();
    });
  } else {
    driver.input
      .updateStateByKey(
        (ones: number[], count: number | undefined) => (count ?? 0) + ones.length,
        partitioner,
      )
      .foreachRDD((rdd) => {
        let keys = 0;
        let total = 0;
        rdd.foreach((pair) => {
          keys++;
          total += pair[1];
        });
        output = { keys, total };
      });
  }
  driver.start();
  let next = 0;
  return {
    name: ENGINE,
    feed: (data) => driver.batch(data),
    batch: () => driver.batch(batches[next++ % batches.length]),
    output: () => (Array.isArray(output) ? sortedPairs(output) : output),
    close: () => driver.close(),
  };
}

function handMap(params: StateParams, batches: readonly Pair<number, number>[][]): Stateful<void> {
  const counts = new Map<number, number>();
  let emitted: [number, number][] = [];
  let total = 0;
  const feed = (data: readonly Pair<number, number>[]): void => {
    emitted = [];
    for (let i = 0; i < data.length; i++) {
      const [key, one] = data[i] as Pair<number, number>;
      const count = (counts.get(key) ?? 0) + one;
      counts.set(key, count);
      emitted.push([key, count]);
    }
    total += data.length;
  };
  let next = 0;
  return {
    name: HAND,
    feed,
    batch: () => {
      feed(batches[next++ % batches.length] as Pair<number, number>[]);
    },
    output: () =>
      params.operation === 'mapWithState' ? sortedPairs(emitted) : { keys: counts.size, total },
  };
}

/** Heap in use after a full GC, typed-array stores included (they live outside the JS heap). */
function heapBytes(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

function stateCase(operation: StateOperation, keys: number, label: string, heapMb: number) {
  return {
    id: `${operation}-${label}`,
    label: `${operation}, ${label} keys`,
    heapMb,
    params: {
      operation,
      keys,
      recordsPerBatch: 10_000,
      partitions: 2,
      loadBatch: 1_000_000,
      measured: 30,
      handBaseline: true,
    },
  };
}

/** More keys in one partition than a JavaScript Map can hold (2^24 = 16,777,216). */
const beyondMapLimit = {
  id: 'mapWithState-2e7-one-partition',
  label: 'mapWithState, 2e7 keys in 1 partition',
  heapMb: 20480,
  params: {
    operation: 'mapWithState' as const,
    keys: 2e7,
    recordsPerBatch: 10_000,
    partitions: 1,
    loadBatch: 1_000_000,
    measured: 30,
    handBaseline: false,
  },
};

export const state: Workload<StateParams> = {
  id: 'state',
  title: 'keyed state (1e4-record batches)',
  cases: [
    stateCase('mapWithState', 1e5, '1e5', 4096),
    stateCase('mapWithState', 1e6, '1e6', 4096),
    stateCase('mapWithState', 1e7, '1e7', 16384),
    stateCase('updateStateByKey', 1e5, '1e5', 4096),
    stateCase('updateStateByKey', 1e6, '1e6', 8192),
    stateCase('updateStateByKey', 1e7, '1e7', 20480),
    beyondMapLimit,
  ],
  tiny: {
    operation: 'mapWithState',
    keys: 300,
    recordsPerBatch: 50,
    partitions: 2,
    loadBatch: 100,
    measured: 1,
    handBaseline: true,
  },

  async create(params) {
    const { batches } = prepareInput(params);
    return [await engine(params, batches), handMap(params, batches)];
  },

  async measure(params, label) {
    const { load, batches } = prepareInput(params);
    const before = heapBytes();
    const hand = params.handBaseline ? handMap(params, batches) : undefined;
    if (hand !== undefined) {
      for (const data of load()) hand.feed(data);
      // Forget the last load batch's emitted records: only the state itself should be counted.
      hand.feed([]);
    }
    const withHand = heapBytes();
    const engineImpl = await engine(params, batches);
    const loadStart = process.hrtime.bigint();
    for (const data of load()) await engineImpl.feed(data);
    const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
    const implementations = hand === undefined ? [engineImpl] : [engineImpl, hand];
    // More measured batches than the engine remembers (20), so the load batches are forgotten.
    const samples = await runRounds(
      implementations,
      rounds({ warmup: 5, measured: params.measured }),
    );
    const withEngine = heapBytes();
    await closeAll(implementations);
    const engineBytes = (withEngine - withHand) / params.keys;
    const measurements: Measurement[] = medians(
      samples,
      implementations.map((impl) => impl.name),
      'ms/batch',
      (ms) => ms,
    ).map((m) => ({
      ...m,
      note: `max ${quantile(samplesOf(samples, m.implementation), 1).toFixed(1)} ms`,
    }));
    const ms = (name: string): number => valueOf(measurements, name);
    measurements.push({ implementation: ENGINE, value: engineBytes, unit: 'bytes/key' });
    const notes = [`filling ${params.keys} keys took ${(loadMs / 1000).toFixed(1)} s`];
    if (hand === undefined) {
      notes.push('no hand Map: a JavaScript Map holds at most 2^24 = 16,777,216 entries');
    } else {
      const handBytes = (withHand - before) / params.keys;
      measurements.push({ implementation: HAND, value: handBytes, unit: 'bytes/key' });
    }
    return {
      workload: this.title,
      case: label,
      measurements,
      ratios: [
        { name: `${params.operation} ms per batch`, value: ms(ENGINE) },
        { name: `${params.operation} bytes per key`, value: engineBytes },
      ],
      notes,
    };
  },
};
