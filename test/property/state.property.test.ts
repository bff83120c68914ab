/**
 * Laws of the stateful operations, checked against sequential models:
 * (a) `updateStateByKey` with a summing function equals the cumulative `reduceByKey` of every
 *     batch so far (with or without an initial RDD, with batches that have no RDD);
 * (b) `mapWithState`'s snapshots equal a fold of the mapping function over the records in order;
 * (c) `mapWithState`'s mapped output equals the model's per-record outputs (a multiset per batch,
 *     since records are partitioned by key).
 * Runs are long enough to cross checkpoint batches (every 10 batches by default).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SparkContext } from '../../src/context/spark-context.js';
import {
  HashPartitioner,
  Seconds,
  StateSpec,
  type State,
  type DStream,
  type Pair,
  type Time,
} from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';

type TestKey = string | number | readonly [string, number];

// Small domains so that keys repeat often; 0 and -0 are one key (Map's SameValueZero).
const stringKey = fc.constantFrom('a', 'b', 'c', 'spark', '');
const numberKey = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom(-0, 0.5));
// Tuple keys are built fresh each time, so equal tuples are distinct objects.
const tupleKey = fc.tuple(fc.constantFrom('t', 'u'), fc.integer({ min: 0, max: 1 }));
const keyArb: fc.Arbitrary<TestKey> = fc.oneof(stringKey, numberKey, tupleKey);
const pairArb: fc.Arbitrary<Pair<TestKey, number>> = fc.tuple(
  keyArb,
  fc.integer({ min: -20, max: 20 }),
);
/** A batch of records, or `null`: the input has no RDD at that batch. */
const batchArb = fc.option(fc.array(pairArb, { maxLength: 12 }), { nil: null, freq: 6 });
const batchesArb = fc.array(batchArb, { minLength: 1, maxLength: 14 });
const partitionsArb = fc.integer({ min: 1, max: 4 });

/** Canonical text of a key, written independently of the engine (-0 and 0 coincide). */
function keyText(key: TestKey): string {
  if (typeof key === 'string') return `s${JSON.stringify(key)}`;
  if (typeof key === 'number') return `n${key === 0 ? 0 : key}`;
  return `t${JSON.stringify(key[0])},${key[1]}`;
}

/** A multiset of records as a sorted list of texts (keys in canonical form). */
function multiset<V>(pairs: readonly Pair<TestKey, V>[]): string[] {
  return pairs.map(([key, value]) => `${keyText(key)}=${JSON.stringify(value)}`).sort();
}

/** A model's map as the same sorted list of texts. */
function mapTexts<V>(map: ReadonlyMap<string, V>): string[] {
  return [...map].map(([text, value]) => `${text}=${JSON.stringify(value)}`).sort();
}

const add = (a: number, b: number): number => a + b;

describe('updateStateByKey(sum) = cumulative reduceByKey of all batches so far', () => {
  it('holds batch by batch, with and without an initial RDD', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchesArb,
        partitionsArb,
        partitionsArb,
        fc.option(fc.array(pairArb, { maxLength: 6 }), { nil: undefined }),
        async (batches, numInputPartitions, numPartitions, initialPairs) => {
          // The initial RDD holds one state per key (Spark uses the first one per key).
          const initial =
            initialPairs === undefined
              ? undefined
              : [...new Map(initialPairs.map((p) => [keyText(p[0]), p] as const)).values()];
          const output = await runBatches({
            batchDuration: Seconds(1),
            input: batches,
            numInputPartitions,
            operation: (s: DStream<Pair<TestKey, number>>) => {
              const update = (values: number[], state: number | undefined): number =>
                values.reduce(add, state ?? 0);
              return initial === undefined
                ? s.updateStateByKey(update, numPartitions)
                : s.updateStateByKey(
                    update,
                    new HashPartitioner(numPartitions),
                    s.context().sparkContext.parallelize(initial, 2),
                  );
            },
          });

          // The model: a state exists from the first batch that has an RDD; it is the sum of
          // the initial state and every value so far, per key.
          const sc = new SparkContext();
          const expected: string[][] = [];
          const sums = new Map<string, number>();
          const seen: Pair<TestKey, number>[] = [...(initial ?? [])];
          for (const [key, value] of initial ?? []) sums.set(keyText(key), value);
          let started = false;
          for (const batch of batches) {
            if (batch === null && !started) continue;
            started = true;
            for (const [key, value] of batch ?? []) {
              sums.set(keyText(key), (sums.get(keyText(key)) ?? 0) + value);
            }
            seen.push(...(batch ?? []));
            expected.push(mapTexts(sums));
            // The same through the engine's reduceByKey over everything so far.
            expect(multiset(sc.parallelize(seen, 3).reduceByKey(add).collect())).toEqual(
              mapTexts(sums),
            );
          }
          expect(output.map(multiset)).toEqual(expected);
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
        fc.option(fc.array(pairArb, { maxLength: 6 }), { nil: undefined }),
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
   * `[previous, value, next]` unless the value is divisible by 4 (then nothing).
   */
  const mapping = (
    _time: Time,
    _key: TestKey,
    value: number | undefined,
    state: State<number>,
  ): readonly [number | null, number, number | null] | undefined => {
    const v = value as number;
    const previous = state.getOption() ?? null;
    if (v % 5 === 0) state.remove();
    else if (v % 3 !== 0) state.update((previous ?? 0) + v);
    const next = state.getOption() ?? null;
    return v % 4 === 0 ? undefined : [previous, v, next];
  };

  /** The model: per batch, the state map after the batch and the records emitted. */
  function model(
    batches: readonly (readonly Pair<TestKey, number>[] | null)[],
    initial: readonly Pair<TestKey, number>[],
  ): { snapshots: string[][]; outputs: string[][] } {
    const states = new Map<string, number>();
    for (const [key, value] of initial) states.set(keyText(key), value);
    const snapshots: string[][] = [];
    const outputs: string[][] = [];
    for (const batch of batches) {
      const emitted: Pair<TestKey, readonly [number | null, number, number | null]>[] = [];
      for (const [key, v] of batch ?? []) {
        const text = keyText(key);
        const previous = states.get(text) ?? null;
        if (v % 5 === 0) states.delete(text);
        else if (v % 3 !== 0) states.set(text, (previous ?? 0) + v);
        if (v % 4 !== 0) emitted.push([key, [previous, v, states.get(text) ?? null]]);
      }
      snapshots.push(mapTexts(states));
      outputs.push(multiset(emitted));
    }
    return { snapshots, outputs };
  }

  async function run(
    batches: readonly (readonly Pair<TestKey, number>[] | null)[],
    initial: readonly Pair<TestKey, number>[],
    numInputPartitions: number,
    numPartitions: number,
  ): Promise<{ snapshots: string[][]; outputs: string[][] }> {
    const snapshots: Pair<TestKey, number>[][] = [];
    const outputs = await runBatches({
      batchDuration: Seconds(1),
      input: batches,
      numInputPartitions,
      operation: (s: DStream<Pair<TestKey, number>>) => {
        // The mapped records carry their key, so that the multiset compares like the model's.
        const spec = StateSpec.function(
          (time: Time, key: TestKey, value: number | undefined, state: State<number>) => {
            const mapped = mapping(time, key, value, state);
            return mapped === undefined ? undefined : ([key, mapped] as const);
          },
        ).numPartitions(numPartitions);
        if (initial.length > 0) spec.initialState(s.context().sparkContext.parallelize(initial, 2));
        const stream = s.mapWithState(spec);
        stream.stateSnapshots().foreachRDD((rdd) => {
          snapshots.push(rdd.collect());
        });
        return stream;
      },
    });
    return {
      snapshots: snapshots.map(multiset),
      outputs: outputs.map((batch) => multiset(batch as Pair<TestKey, unknown>[])),
    };
  }

  const initialArb = fc
    .array(pairArb, { maxLength: 5 })
    .map((pairs) => [...new Map(pairs.map((p) => [keyText(p[0]), p] as const)).values()]);

  it('(b) state snapshots equal the model state after each batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchesArb,
        initialArb,
        partitionsArb,
        partitionsArb,
        async (batches, initial, numInputPartitions, numPartitions) => {
          const actual = await run(batches, initial, numInputPartitions, numPartitions);
          const expected = model(batches, initial);
          // mapWithState produces a state RDD every batch, with or without parent data.
          expect(actual.snapshots).toHaveLength(batches.length);
          expect(actual.snapshots).toEqual(expected.snapshots);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('(c) mapped output equals the model per-record outputs, as a multiset per batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchesArb,
        initialArb,
        partitionsArb,
        partitionsArb,
        async (batches, initial, numInputPartitions, numPartitions) => {
          const actual = await run(batches, initial, numInputPartitions, numPartitions);
          const expected = model(batches, initial);
          expect(actual.outputs).toHaveLength(batches.length);
          expect(actual.outputs).toEqual(expected.outputs);
        },
      ),
      { numRuns: 60 },
    );
  });
});
