/**
 * Laws of the stateful operations, checked against sequential models (the test kit's
 * `laws.stateEqualsFoldOfBatches`, a plain fold of the function over the batches):
 * (a) `updateStateByKey` with a summing function equals the fold, which is the cumulative sum of
 *     every batch so far (with or without an initial RDD, with batches that have no RDD), and the
 *     engine's `reduceByKey` over everything so far;
 * (b) `mapWithState`'s snapshots equal a fold of the mapping function over the records in order;
 * (c) `mapWithState`'s mapped output equals the fold's per-record outputs (a multiset per batch,
 *     since records are partitioned by key).
 * Runs are long enough to cross checkpoint batches (every 10 batches by default).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SparkContext } from '../../src/context/spark-context.js';
import {
  HashPartitioner,
  Seconds,
  type State,
  type DStream,
  type Pair,
  type Time,
} from '../../src/index.js';
import { arbitraries, expectBatches, laws, runBatches } from '../../src/testing/index.js';

type TestKey = string | number | readonly [string, number];

// Small domains so that keys repeat often; 0 and -0 are one key (Map's SameValueZero).
const stringKey = fc.constantFrom('a', 'b', 'c', 'spark', '');
const numberKey = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom(-0, 0.5));
// Tuple keys are built fresh each time, so equal tuples are distinct objects.
const tupleKey = fc.tuple(fc.constantFrom('t', 'u'), fc.integer({ min: 0, max: 1 }));
const keyArb: fc.Arbitrary<TestKey> = fc.oneof(stringKey, numberKey, tupleKey);
/** Batches of records; `null`: the input has no RDD at that batch. */
const batchesArb = arbitraries.pairBatches(keyArb, fc.integer({ min: -20, max: 20 }), {
  minBatches: 1,
  maxBatches: 14,
  maxBatchSize: 12,
  noRDD: true,
});
const partitionsArb = fc.integer({ min: 1, max: 4 });
/** Initial states: one per key (Spark uses the first one per key). */
const initialArb = fc
  .array(fc.tuple(keyArb, fc.integer({ min: -20, max: 20 })), { maxLength: 6 })
  .map((pairs) => {
    const byKey = new Map<string, Pair<TestKey, number>>();
    for (const pair of pairs)
      if (!byKey.has(JSON.stringify(pair[0]))) byKey.set(JSON.stringify(pair[0]), pair);
    return [...byKey.values()];
  });

const add = (a: number, b: number): number => a + b;

describe('updateStateByKey(sum) = cumulative reduceByKey of all batches so far', () => {
  it('holds batch by batch, with and without an initial RDD', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchesArb,
        partitionsArb,
        partitionsArb,
        fc.option(initialArb, { nil: undefined }),
        async (batches, numInputPartitions, numPartitions, initial) => {
          const update = (values: number[], state: number | undefined): number =>
            values.reduce(add, state ?? 0);
          await laws.stateEqualsFoldOfBatches({
            batchDuration: Seconds(1),
            input: batches,
            numInputPartitions,
            numPartitions,
            ...(initial === undefined ? {} : { initialState: initial }),
            update,
          });

          // The fold is the engine's reduceByKey over everything so far, from the first batch
          // with an RDD on.
          const output = await runBatches({
            batchDuration: Seconds(1),
            input: batches,
            numInputPartitions,
            operation: (s: DStream<Pair<TestKey, number>>) =>
              initial === undefined
                ? s.updateStateByKey(update, numPartitions)
                : s.updateStateByKey(
                    update,
                    new HashPartitioner(numPartitions),
                    s.context().sparkContext.parallelize(initial, 2),
                  ),
          });
          const sc = new SparkContext();
          const seen: Pair<TestKey, number>[] = [...(initial ?? [])];
          const expected: Pair<TestKey, number>[][] = [];
          let started = false;
          for (const batch of batches) {
            if (batch === null && !started) continue;
            started = true;
            seen.push(...(batch ?? []));
            expected.push(sc.parallelize(seen, 3).reduceByKey(add).collect());
          }
          expectBatches(output).toEqual(expected, { ordered: false });
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('updateStateByKey with a per-key function = the same function over partitions', () => {
  /**
   * A per-key function that keeps, changes and drops keys: a key without new values keeps its
   * state object (the merged path shares its pair), a total divisible by 7 drops the key.
   */
  const update = (values: number[], state: number | undefined): number | undefined => {
    if (values.length === 0) return state;
    const total = values.reduce(add, state ?? 0);
    return total % 7 === 0 ? undefined : total;
  };

  it('gives the same records in the same order, batch by batch (merge vs cogroup)', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchesArb,
        partitionsArb,
        partitionsArb,
        fc.option(initialArb, { nil: undefined }),
        fc.boolean(),
        async (batches, numInputPartitions, numPartitions, initialPairs, withTime) => {
          const partitioner = new HashPartitioner(numPartitions);
          const run = (perKey: boolean) =>
            runBatches({
              batchDuration: Seconds(1),
              input: batches,
              numInputPartitions,
              operation: (s: DStream<Pair<TestKey, number>>) => {
                const initial =
                  initialPairs === undefined
                    ? undefined
                    : s.context().sparkContext.parallelize(initialPairs, 2);
                if (!perKey) {
                  // The iterator form always goes through Spark's cogroup.
                  return s.updateStateByKey<TestKey, number, number>(
                    function* (items) {
                      for (const [key, values, state] of items) {
                        const next = update(values, state);
                        if (next !== undefined) yield [key, next];
                      }
                    },
                    partitioner,
                    true,
                    initial,
                  );
                }
                if (withTime) {
                  return s.updateStateByKey<TestKey, number, number>(
                    (_time: Time, _key: TestKey, values: number[], state: number | undefined) =>
                      update(values, state),
                    partitioner,
                    true,
                    initial,
                  );
                }
                return initial === undefined
                  ? s.updateStateByKey(update, partitioner)
                  : s.updateStateByKey(update, partitioner, initial);
              },
            });
          expect(await run(true)).toEqual(await run(false));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('mapWithState = a sequential fold over the records', () => {
  /**
   * The mapping function under test: a value divisible by 5 removes the key, one divisible by 3
   * leaves the state as it is, any other is added to it. It emits
   * `[key, [previous, value, next]]` unless the value is divisible by 4 (then nothing).
   */
  const mapping = (
    _time: Time,
    key: TestKey,
    value: number | undefined,
    state: State<number>,
  ): Pair<TestKey, readonly [number | null, number, number | null]> | undefined => {
    const v = value as number;
    const previous = state.getOption() ?? null;
    if (v % 5 === 0) state.remove();
    else if (v % 3 !== 0) state.update((previous ?? 0) + v);
    const next = state.getOption() ?? null;
    return v % 4 === 0 ? undefined : [key, [previous, v, next]];
  };

  it('(b, c) state snapshots and mapped output equal the fold after each batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchesArb,
        initialArb,
        partitionsArb,
        partitionsArb,
        async (batches, initial, numInputPartitions, numPartitions) => {
          // mapWithState produces a state RDD every batch, with or without parent data: the law
          // compares both the mapped records and the snapshots of every batch.
          await laws.stateEqualsFoldOfBatches({
            batchDuration: Seconds(1),
            input: batches,
            ...(initial.length > 0 ? { initialState: initial } : {}),
            numInputPartitions,
            numPartitions,
            mappingFunction: mapping,
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
