/**
 * Conformance: `updateStateByKey`.
 * - The updateStateByKey cases of Spark's Scala `BasicOperationsSuite`
 *   (apache/spark streaming/src/test/scala/org/apache/spark/streaming/BasicOperationsSuite.scala):
 *   1 s batch, 2 input partitions, `local[2]` (default parallelism 2) — `runBatches`' defaults —
 *   and `useSet = true`, i.e. each batch compared as a set (a multiset here).
 * - PySpark's `test_update_state_by_key` and `test_update_state_by_key_initial_rdd`
 *   (python/pyspark/streaming/tests/test_dstream.py): 0.5 s batch, 1-partition inputs,
 *   `spark.default.parallelism = 1`.
 * - The per-batch algorithm of the reference (§2.7), form by form (all seven Scala forms).
 *
 * The engine follows Scala where PySpark differs:
 * - when the parent has no RDD for a batch, PySpark returns the previous states unchanged without
 *   calling the function; Scala (and this engine) call it for every key with no values;
 * - PySpark's `initialRDD` may be a list of pairs (an empty list is ignored); here it is an RDD;
 * - PySpark's updater in those tests extends the state list in place (safe there, as every batch's
 *   states are pickled); the ports build a new list instead, see the note at those tests.
 *
 * Partly ported: "rdd cleanup - updateStateByKey" (remember duration and forgotten RDDs); the
 * other "rdd cleanup" cases are not about state.
 */
import { describe, expect, it } from 'vitest';
import {
  HashPartitioner,
  Seconds,
  type DStream,
  type Pair,
  type Partitioner,
  type RDD,
  type StateUpdateInput,
  type Time,
} from '../../src/index.js';
import type { DStreamNode } from '../../src/dstream/dstream-node.js';
import { runBatches } from '../../src/testing/index.js';
import { expectBatches } from '../support/expect-batches.js';

/** A canonical text of a record in which `undefined` (Scala's None) and `null` stay distinct. */
function canonical(record: unknown): string {
  return JSON.stringify(record, (_key, value: unknown) =>
    value === undefined ? '\u0000undefined' : value,
  );
}

/** Each batch sorted by its records' canonical text: Spark's useSet, as a multiset. */
function sortedBatches<T>(batches: readonly (readonly T[])[]): T[][] {
  return batches.map((batch) =>
    [...batch].sort((a, b) =>
      canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0,
    ),
  );
}

const toPair = (x: string): Pair<string, number> => [x, 1];
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
/** BasicOperationsSuite's running count. */
const updateFunc = (values: number[], state: number | undefined): number =>
  sum(values) + (state ?? 0);

const input = [['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []];
const runningCounts: Pair<string, number>[][] = [
  [['a', 1]],
  [
    ['a', 2],
    ['b', 1],
  ],
  [
    ['a', 3],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 4],
    ['b', 3],
    ['c', 1],
  ],
  [
    ['a', 5],
    ['b', 3],
    ['c', 1],
  ],
  [
    ['a', 5],
    ['b', 3],
    ['c', 1],
  ],
];
const initial: Pair<string, number>[] = [
  ['a', 1],
  ['c', 2],
];
const countsFromInitial: Pair<string, number>[][] = [
  [
    ['a', 2],
    ['c', 2],
  ],
  [
    ['a', 3],
    ['b', 1],
    ['c', 2],
  ],
  [
    ['a', 4],
    ['b', 2],
    ['c', 3],
  ],
  [
    ['a', 5],
    ['b', 3],
    ['c', 3],
  ],
  [
    ['a', 6],
    ['b', 3],
    ['c', 3],
  ],
  [
    ['a', 6],
    ['b', 3],
    ['c', 3],
  ],
];

/** BasicOperationsSuite's `numInputPartitions`. */
const numInputPartitions = 2;

describe('BasicOperationsSuite (updateStateByKey)', () => {
  it('BasicOperationsSuite › updateStateByKey', async () => {
    await expectBatches({
      input,
      operation: (s: DStream<string>) => s.map(toPair).updateStateByKey(updateFunc),
      expected: runningCounts,
      ordered: false,
    });
  });

  it('BasicOperationsSuite › updateStateByKey - simple with initial value RDD', async () => {
    await expectBatches({
      input,
      operation: (s: DStream<string>) => {
        const initialRDD = s.context().sparkContext.parallelize(initial);
        return s
          .map(toPair)
          .updateStateByKey(updateFunc, new HashPartitioner(numInputPartitions), initialRDD);
      },
      expected: countsFromInitial,
      ordered: false,
    });
  });

  it('BasicOperationsSuite › updateStateByKey - testing time stamps as input', async () => {
    // a -> 1000, 3000, 6000, 10000, 15000, 15000
    // b -> 0, 2000, 5000, 9000, 9000, 9000
    // c -> 1000, 1000, 3000, 3000, 3000, 3000 (as Spark's comment has it; the values are below)
    const expected: Pair<string, number>[][] = [
      [
        ['a', 1000],
        ['c', 0],
      ], // t = 1000
      [
        ['a', 3000],
        ['b', 2000],
        ['c', 0],
      ], // t = 2000
      [
        ['a', 6000],
        ['b', 5000],
        ['c', 3000],
      ], // t = 3000
      [
        ['a', 10000],
        ['b', 9000],
        ['c', 3000],
      ], // t = 4000
      [
        ['a', 15000],
        ['b', 9000],
        ['c', 3000],
      ], // t = 5000
      [
        ['a', 15000],
        ['b', 9000],
        ['c', 3000],
      ], // t = 6000
    ];
    await expectBatches({
      input,
      operation: (s: DStream<string>) => {
        const initialRDD = s.context().sparkContext.parallelize<Pair<string, number>>([
          ['a', 0],
          ['c', 0],
        ]);
        // Update only if the key received values in this batch.
        const timeFunc = (
          time: Time,
          _key: string,
          values: number[],
          state: number | undefined,
        ): number => (values.length > 0 ? time.milliseconds + (state ?? 0) : (state ?? 0));
        return s
          .map(toPair)
          .updateStateByKey(timeFunc, new HashPartitioner(numInputPartitions), false, initialRDD);
      },
      expected,
      ordered: false,
    });
  });

  it('BasicOperationsSuite › updateStateByKey - with initial value RDD', async () => {
    await expectBatches({
      input,
      operation: (s: DStream<string>) => {
        const initialRDD = s.context().sparkContext.parallelize(initial);
        const newUpdateFunc = function* (
          items: Iterable<StateUpdateInput<string, number, number>>,
        ): Generator<Pair<string, number>> {
          for (const [key, values, state] of items) yield [key, updateFunc(values, state)];
        };
        return s
          .map(toPair)
          .updateStateByKey(
            newUpdateFunc,
            new HashPartitioner(numInputPartitions),
            true,
            initialRDD,
          );
      },
      expected: countsFromInitial,
      ordered: false,
    });
  });

  it('BasicOperationsSuite › updateStateByKey - object lifecycle', async () => {
    /** A mutable state object, updated in place as Spark's test does. */
    class StateObject {
      counter = 0;
      expireCounter = 0;
    }
    // The function clears a state seen twice in a row without new values.
    const lifecycle = (
      values: number[],
      state: StateObject | undefined,
    ): StateObject | undefined => {
      const stateObj = state ?? new StateObject();
      const n = sum(values);
      if (n === 0) {
        stateObj.expireCounter += 1; // no new values
      } else {
        stateObj.counter += n; // new values: count them and reset the expiry
        stateObj.expireCounter = 0;
      }
      return stateObj.expireCounter === 2 ? undefined : stateObj;
    };
    await expectBatches({
      input: [['a', 'b'], null, ['a', 'c', 'a'], ['c'], null, null],
      operation: (s: DStream<string>) =>
        s
          .map(toPair)
          .updateStateByKey(lifecycle)
          .mapValues((state) => state.counter),
      expected: [
        [
          ['a', 1],
          ['b', 1],
        ],
        [
          ['a', 1],
          ['b', 1],
        ],
        [
          ['a', 3],
          ['c', 1],
        ],
        [
          ['a', 3],
          ['c', 2],
        ],
        [['c', 2]],
        [],
      ],
      ordered: false,
    });
  });

  it('BasicOperationsSuite › rdd cleanup - updateStateByKey (remember duration, forgotten RDDs)', async () => {
    let stateNode: DStreamNode<Pair<number, number>> | undefined;
    await runBatches({
      batchDuration: Seconds(1),
      input: Array.from({ length: 10 }, (_, x) => [x, x + 1]),
      operation: (s: DStream<number>) => {
        const state = s
          .map((x): Pair<number, number> => [x, 1])
          .updateStateByKey(updateFunc)
          .checkpoint(Seconds(3));
        stateNode = state.node;
        return state;
      },
    });
    expect(stateNode?.checkpointDuration?.milliseconds).toBe(3000);
    expect(stateNode?.rememberDuration?.milliseconds).toBe(6000);
    expect(stateNode?.generatedRDDs.has(10000)).toBe(true);
    expect(stateNode?.generatedRDDs.has(5000)).toBe(true);
    expect(stateNode?.generatedRDDs.has(4000)).toBe(false);
  });
});

describe('PySpark BasicOperationTests (updateStateByKey)', () => {
  /** PySpark's `_test_func` settings. */
  const pyspark = { batchDuration: Seconds(0.5), numInputPartitions: 1, defaultParallelism: 1 };

  // PySpark's updater is `if not s: s = []; s.extend(vs); return s`. It mutates the state list in
  // place, which is harmless there because every batch's states are pickled. Here states are plain
  // objects shared with the previous batch's (already collected) output, so the ports build a new
  // list: same values, no aliasing.
  const updater = (vs: number[], s: number[] | undefined): number[] => [...(s ?? []), ...vs];

  it('PySpark › test_update_state_by_key', async () => {
    await expectBatches({
      ...pyspark,
      input: [0, 1, 2, 3, 4].map((i): Pair<string, number>[] => [['k', i]]),
      operation: (s: DStream<Pair<string, number>>) => s.updateStateByKey(updater),
      expected: [[0], [0, 1], [0, 1, 2], [0, 1, 2, 3], [0, 1, 2, 3, 4]].map(
        (v): Pair<string, number[]>[] => [['k', v]],
      ),
    });
  });

  it('PySpark › test_update_state_by_key_initial_rdd', async () => {
    await expectBatches({
      ...pyspark,
      input: [2, 3, 4].map((i): Pair<string, number>[] => [['k', i]]),
      operation: (s: DStream<Pair<string, number>>) => {
        const initialRDD = s
          .context()
          .sparkContext.parallelize<Pair<string, number[]>>([['k', [0, 1]]], 1);
        return s.updateStateByKey(updater, new HashPartitioner(1), initialRDD);
      },
      expected: [
        [0, 1, 2],
        [0, 1, 2, 3],
        [0, 1, 2, 3, 4],
      ].map((v): Pair<string, number[]>[] => [['k', v]]),
    });
  });

  it('PySpark › a batch without an RDD: Scala semantics (the function runs with no values)', async () => {
    // PySpark would leave the states untouched at the `null` batch; Scala calls the function.
    const calls: string[] = [];
    const output = await runBatches({
      ...pyspark,
      input: [[['k', 1]], null, [['k', 2]]] as (Pair<string, number>[] | null)[],
      operation: (s: DStream<Pair<string, number>>) =>
        s.updateStateByKey((vs: number[], st: number[] | undefined) => {
          calls.push(JSON.stringify(vs));
          return [...(st ?? []), ...vs, -1];
        }),
    });
    expect(calls).toEqual(['[1]', '[]', '[2]']);
    expect(output).toEqual([[['k', [1, -1]]], [['k', [1, -1, -1]]], [['k', [1, -1, -1, 2, -1]]]]);
  });
});

describe('updateStateByKey (reference §2.7)', () => {
  /** One call of a time-form function: batch time, key, values (sorted), previous state. */
  type Call = readonly [time: number, key: string, values: number[], state: number | undefined];

  /** A time-form running sum that records its calls. */
  function recording(calls: Call[]) {
    return (time: Time, key: string, values: number[], state: number | undefined): number => {
      calls.push([time.milliseconds, key, [...values].sort((a, b) => a - b), state]);
      return sum(values) + (state ?? 0);
    };
  }

  it('calls the function for every key with a state every batch, with empty values if no data', async () => {
    const calls: Call[] = [];
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: [
        [
          ['a', 1],
          ['b', 2],
          ['a', 3],
        ],
        [['b', 4]],
        [],
        [['c', 5]],
      ] as Pair<string, number>[][],
      operation: (s: DStream<Pair<string, number>>) =>
        s.updateStateByKey(recording(calls), new HashPartitioner(2), true),
    });
    expect(sortedBatches(output)).toStrictEqual([
      [
        ['a', 4],
        ['b', 2],
      ],
      [
        ['a', 4],
        ['b', 6],
      ],
      [
        ['a', 4],
        ['b', 6],
      ],
      [
        ['a', 4],
        ['b', 6],
        ['c', 5],
      ],
    ]);
    expect(sortedBatches([calls])[0]).toStrictEqual(
      sortedBatches<Call>([
        [
          [1000, 'a', [1, 3], undefined],
          [1000, 'b', [2], undefined],
          [2000, 'a', [], 4],
          [2000, 'b', [4], 2],
          [3000, 'a', [], 4],
          [3000, 'b', [], 6],
          [4000, 'a', [], 4],
          [4000, 'b', [], 6],
          [4000, 'c', [5], undefined],
        ],
      ])[0],
    );
  });

  it('returning undefined or null removes the key; it comes back as new with later data', async () => {
    const calls: Call[] = [];
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: [['a', 'b', 'c'], ['a'], ['a', 'b'], ['c']],
      operation: (s: DStream<string>) =>
        s.map(toPair).updateStateByKey((values: number[], state: number | undefined) => {
          calls.push([0, '', values, state]);
          if (values.length === 0) return state === 1 ? undefined : null;
          return sum(values) + (state ?? 0);
        }),
    });
    expect(sortedBatches(output)).toStrictEqual([
      [
        ['a', 1],
        ['b', 1],
        ['c', 1],
      ],
      [['a', 2]], // b (state 1) returned undefined, c (state 1) too
      [
        ['a', 3],
        ['b', 1],
      ],
      [['c', 1]], // a (state 3) returned null, b (state 1) undefined
    ]);
    expect(calls).toHaveLength(3 + 3 + 2 + 3);
  });

  it('a batch with no parent RDD re-applies the function to every key with no values', async () => {
    const calls: Call[] = [];
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: [
        [
          ['a', 1],
          ['b', 2],
        ],
        null,
        null,
      ] as (Pair<string, number>[] | null)[],
      operation: (s: DStream<Pair<string, number>>) =>
        s.updateStateByKey(
          (time: Time, key: string, values: number[], state: number | undefined) => {
            calls.push([time.milliseconds, key, values, state]);
            // Drop b at the first batch without data.
            return key === 'b' && values.length === 0 ? undefined : (state ?? 0) + sum(values) + 10;
          },
          new HashPartitioner(2),
          true,
        ),
    });
    expect(sortedBatches(output)).toStrictEqual([
      [
        ['a', 11],
        ['b', 12],
      ],
      [['a', 21]],
      [['a', 31]],
    ]);
    expect(sortedBatches([calls])[0]).toStrictEqual(
      sortedBatches<Call>([
        [
          [1000, 'a', [1], undefined],
          [1000, 'b', [2], undefined],
          [2000, 'a', [], 11],
          [2000, 'b', [], 12],
          [3000, 'a', [], 21],
        ],
      ])[0],
    );
  });

  it('no RDD while there is neither a state nor parent data; the initial RDD waits for data', async () => {
    const calls: Call[] = [];
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: [null, null, [['b', 1]], [['b', 1]]] as (Pair<string, number>[] | null)[],
      operation: (s: DStream<Pair<string, number>>) =>
        s.updateStateByKey(
          recording(calls),
          new HashPartitioner(2),
          true,
          s.context().sparkContext.parallelize<Pair<string, number>>([['a', 100]]),
        ),
    });
    // Batches 1 and 2 have no RDD at all, so only batches 3 and 4 reach the output.
    expect(sortedBatches(output)).toStrictEqual([
      [
        ['a', 100],
        ['b', 1],
      ],
      [
        ['a', 100],
        ['b', 2],
      ],
    ]);
    expect(calls.filter(([time]) => time < 3000)).toEqual([]);
    expect(sortedBatches([calls])[0]).toStrictEqual(
      sortedBatches<Call>([
        [
          [3000, 'a', [], 100],
          [3000, 'b', [1], undefined],
          [4000, 'a', [], 100],
          [4000, 'b', [1], 1],
        ],
      ])[0],
    );
  });

  describe('the seven forms', () => {
    /** Run `operation` over `input`; return each batch's output and its RDD's partitioning. */
    async function runForm<S>(
      operation: (pairs: DStream<Pair<string, number>>) => DStream<Pair<string, S>>,
      batches: readonly (readonly string[] | null)[] = input,
    ): Promise<{
      output: Pair<string, S>[][];
      partitions: number[];
      partitioners: (Partitioner | undefined)[];
    }> {
      const partitions: number[] = [];
      const partitioners: (Partitioner | undefined)[] = [];
      const output = await runBatches({
        batchDuration: Seconds(1),
        input: batches,
        operation: (s: DStream<string>) => {
          const result = operation(s.map(toPair));
          result.foreachRDD((rdd: RDD<Pair<string, S>>) => {
            partitions.push(rdd.getNumPartitions());
            partitioners.push(rdd.partitioner);
          });
          return result;
        },
      });
      return { output: sortedBatches(output), partitions, partitioners };
    }

    function expectHash(partitioners: readonly (Partitioner | undefined)[], n: number): void {
      for (const partitioner of partitioners) {
        expect(partitioner?.equals(new HashPartitioner(n))).toBe(true);
      }
    }

    it('1: (update) — default partitioner (the default parallelism), remembered', async () => {
      const run = await runForm((pairs) => pairs.updateStateByKey(updateFunc));
      expect(run.output).toStrictEqual(sortedBatches(runningCounts));
      expect(run.partitions).toEqual(input.map(() => 2));
      expectHash(run.partitioners, 2);
    });

    it('2: (update, numPartitions)', async () => {
      const run = await runForm((pairs) => pairs.updateStateByKey(updateFunc, 5));
      expect(run.output).toStrictEqual(sortedBatches(runningCounts));
      expect(run.partitions).toEqual(input.map(() => 5));
      expectHash(run.partitioners, 5);
    });

    it('3: (update, partitioner)', async () => {
      const run = await runForm((pairs) =>
        pairs.updateStateByKey(updateFunc, new HashPartitioner(3)),
      );
      expect(run.output).toStrictEqual(sortedBatches(runningCounts));
      expect(run.partitions).toEqual(input.map(() => 3));
      expectHash(run.partitioners, 3);
    });

    it('4: (updateIterator, partitioner, rememberPartitioner) — may drop, rename or add keys', async () => {
      // Keeps the running count, drops keys at 3 or more and adds a "total:<key>" shadow key.
      const updateIterator = function* (
        items: Iterable<StateUpdateInput<string, number, number>>,
      ): Generator<Pair<string, number>> {
        for (const [key, values, state] of items) {
          if (key.startsWith('total:')) continue; // shadows are rebuilt every batch
          const next = sum(values) + (state ?? 0);
          if (next >= 3) continue;
          yield [key, next];
          yield [`total:${key}`, next * 100];
        }
      };
      const remembered = await runForm((pairs) =>
        pairs.updateStateByKey(updateIterator, new HashPartitioner(3), true),
      );
      expect(remembered.output).toStrictEqual(
        sortedBatches<Pair<string, number>>([
          [
            ['a', 1],
            ['total:a', 100],
          ],
          [
            ['a', 2],
            ['b', 1],
            ['total:a', 200],
            ['total:b', 100],
          ],
          [
            ['b', 2],
            ['c', 1],
            ['total:b', 200],
            ['total:c', 100],
          ],
          [
            ['a', 1],
            ['c', 1],
            ['total:a', 100],
            ['total:c', 100],
          ],
          [
            ['a', 2],
            ['c', 1],
            ['total:a', 200],
            ['total:c', 100],
          ],
          [
            ['a', 2],
            ['c', 1],
            ['total:a', 200],
            ['total:c', 100],
          ],
        ]),
      );
      expectHash(remembered.partitioners, 3);

      const forgotten = await runForm((pairs) =>
        pairs.updateStateByKey(updateIterator, new HashPartitioner(3), false),
      );
      expect(forgotten.output).toStrictEqual(remembered.output);
      expect(forgotten.partitions).toEqual(input.map(() => 3));
      expect(forgotten.partitioners).toEqual(input.map(() => undefined));
    });

    it('5: (update, partitioner, initialRDD)', async () => {
      const run = await runForm((pairs) =>
        pairs.updateStateByKey(
          updateFunc,
          new HashPartitioner(3),
          pairs.context().sparkContext.parallelize(initial),
        ),
      );
      expect(run.output).toStrictEqual(sortedBatches(countsFromInitial));
      expectHash(run.partitioners, 3);
    });

    it('6: (updateIterator, partitioner, rememberPartitioner, initialRDD)', async () => {
      const updateIterator = function* (
        items: Iterable<StateUpdateInput<string, number, number>>,
      ): Generator<Pair<string, number>> {
        for (const [key, values, state] of items) yield [key, updateFunc(values, state)];
      };
      const run = await runForm((pairs) =>
        pairs.updateStateByKey(
          updateIterator,
          new HashPartitioner(4),
          false,
          pairs.context().sparkContext.parallelize(initial),
        ),
      );
      expect(run.output).toStrictEqual(sortedBatches(countsFromInitial));
      expect(run.partitions).toEqual(input.map(() => 4));
      expect(run.partitioners).toEqual(input.map(() => undefined));
    });

    it('7: (updateWithTime, partitioner, rememberPartitioner) — without an initial RDD', async () => {
      const calls: Call[] = [];
      const run = await runForm((pairs) =>
        pairs.updateStateByKey(recording(calls), new HashPartitioner(2), true),
      );
      expect(run.output).toStrictEqual(sortedBatches(runningCounts));
      expectHash(run.partitioners, 2);
      // Every key with a state is called every batch: 1 + 2 + 3 + 3 + 3 + 3 calls.
      expect(calls).toHaveLength(15);
      expect(calls.filter(([, key]) => key === 'c').map(([time]) => time)).toEqual([
        3000, 4000, 5000, 6000,
      ]);
    });

    it('7: (updateWithTime, partitioner, rememberPartitioner, initialRDD) — null removes', async () => {
      const run = await runForm((pairs) =>
        pairs.updateStateByKey(
          (time: Time, key: string, values: number[], state: number | undefined) =>
            key === 'c' && time.milliseconds >= 3000 ? null : sum(values) + (state ?? 0),
          new HashPartitioner(2),
          false,
          pairs.context().sparkContext.parallelize(initial),
        ),
      );
      expect(run.output).toStrictEqual(
        sortedBatches(
          countsFromInitial.map((batch, i) => (i >= 2 ? batch.filter(([k]) => k !== 'c') : batch)),
        ),
      );
      expect(run.partitioners).toEqual(input.map(() => undefined));
    });
  });

  it('keeps the same states across checkpoint batches (every 10 s by default)', async () => {
    let stateNode: DStreamNode<Pair<string, number>> | undefined;
    const batches = Array.from({ length: 25 }, (_, i) => (i % 4 === 3 ? null : [`k${i % 3}`]));
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: batches,
      operation: (s: DStream<string>) => {
        const state = s.map(toPair).updateStateByKey(updateFunc);
        stateNode = state.node;
        return state;
      },
    });
    const counts = new Map<string, number>();
    const expected = batches.map((batch) => {
      for (const key of batch ?? []) counts.set(key, (counts.get(key) ?? 0) + 1);
      return [...counts];
    });
    expect(sortedBatches(output)).toStrictEqual(sortedBatches(expected));
    // The default interval: the smallest multiple of the slide that is at least 10 s.
    expect(stateNode?.checkpointDuration?.milliseconds).toBe(10000);
    expect(stateNode?.rememberDuration?.milliseconds).toBe(20000);
  });

  it('uses the smallest multiple of the slide of at least 10 s as its default checkpoint interval', async () => {
    let stateNode: DStreamNode<Pair<string, number>> | undefined;
    await runBatches({
      batchDuration: Seconds(3),
      input: [['a']],
      operation: (s: DStream<string>) => {
        const state = s.map(toPair).updateStateByKey(updateFunc);
        stateNode = state.node;
        return state;
      },
    });
    expect(stateNode?.checkpointDuration?.milliseconds).toBe(12000);
  });
});
