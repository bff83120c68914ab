/**
 * Conformance: the per-batch cases of PySpark's `BasicOperationTests`
 * (apache/spark python/pyspark/streaming/tests/test_dstream.py). Inputs and expected outputs are
 * PySpark's. Its harness (`PySparkStreamingTestCase._test_func`) runs a 0.5 s batch on a queue
 * stream of 1-partition RDDs (unless the test builds 2-partition RDDs itself) with
 * `spark.default.parallelism = 1`; `sort=True` sorts each batch by key before comparing, which
 * becomes `ordered: false` here. Where PySpark and Scala differ, the engine follows Scala.
 *
 * Ported elsewhere: test_slice (slice-and-checkpoint-validation.test.ts), test_update_state_by_key
 * and test_update_state_by_key_initial_rdd (update-state-by-key.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  ManualClock,
  Seconds,
  StreamingContext,
  type DStream,
  type Pair,
} from '../../src/index.js';
import { runBatches, type RunBatchesOptions } from '../../src/testing/index.js';
import { expectBatches } from '../support/expect-batches.js';

/** PySpark's `StreamingContext(sc, 0.5)`: the batch interval of every BasicOperationTests case. */
const batchDuration = Seconds(0.5);

/** PySpark's `_test_func` settings: 1-partition input RDDs, `spark.default.parallelism = 1`. */
const pyspark = { batchDuration, numInputPartitions: 1, defaultParallelism: 1 } as const;

/** Python's `range(start, stop)`: `start` included, `stop` excluded. */
function range(start: number, stop: number): number[] {
  return Array.from({ length: stop - start }, (_, i) => start + i);
}

/** A canonical text of a record in which `undefined` (Python's None) and `null` stay distinct. */
function canonical(record: unknown): string {
  return JSON.stringify(record, (_key, value: unknown) =>
    value === undefined ? '\u0000undefined' : value,
  );
}

/** Each batch sorted by its records' canonical text, to compare batches as multisets. */
function sortedBatches<T>(batches: readonly (readonly T[])[]): T[][] {
  return batches.map((batch) =>
    [...batch].sort((a, b) =>
      canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0,
    ),
  );
}

/** Run like `_test_func`, then compare like `sort=True`, keeping `undefined` apart from `null`. */
async function expectSortedStrict<O, X extends readonly unknown[] = []>(
  options: Omit<RunBatchesOptions<Pair<string, number>, O, X>, 'batchDuration'>,
  expected: readonly (readonly O[])[],
): Promise<void> {
  const output = await runBatches({ ...pyspark, ...options });
  expect(sortedBatches(output)).toStrictEqual(sortedBatches(expected));
}

const specialError = 'This is a special error';

const joinLeft: Pair<string, number>[][] = [
  [
    ['a', 1],
    ['b', 2],
  ],
];
const joinRight: Pair<string, number>[][] = [
  [
    ['b', 3],
    ['c', 4],
  ],
];

describe('BasicOperationTests (per-batch operations)', () => {
  it('BasicOperationTests › test_map', async () => {
    const input = [range(1, 5), range(5, 9), range(9, 13)];
    await expectBatches({
      ...pyspark,
      input,
      operation: (s: DStream<number>) => s.map((x) => String(x)),
      expected: input.map((batch) => batch.map((x) => String(x))),
    });
  });

  it('BasicOperationTests › test_flatMap', async () => {
    const input = [range(1, 5), range(5, 9), range(9, 13)];
    await expectBatches({
      ...pyspark,
      input,
      operation: (s: DStream<number>) => s.flatMap((x) => [x, x * 2]),
      expected: input.map((batch) => batch.flatMap((y) => [y, y * 2])),
    });
  });

  it('BasicOperationTests › test_filter', async () => {
    const input = [range(1, 5), range(5, 9), range(9, 13)];
    await expectBatches({
      ...pyspark,
      input,
      operation: (s: DStream<number>) => s.filter((x) => x % 2 === 0),
      expected: input.map((batch) => batch.filter((y) => y % 2 === 0)),
    });
  });

  it('BasicOperationTests › test_count', async () => {
    const input = [range(0, 5), range(0, 10), range(0, 20)];
    await expectBatches({
      ...pyspark,
      input,
      operation: (s: DStream<number>) => s.count(),
      expected: input.map((batch) => [batch.length]),
    });
  });

  it('BasicOperationTests › test_reduce', async () => {
    const input = [range(1, 5), range(5, 9), range(9, 13)];
    await expectBatches({
      ...pyspark,
      input,
      operation: (s: DStream<number>) => s.reduce((a, b) => a + b),
      expected: input.map((batch) => [batch.reduce((a, b) => a + b)]),
    });
  });

  it('BasicOperationTests › test_reduceByKey', async () => {
    const input: Pair<string | number, number>[][] = [
      [
        ['a', 1],
        ['a', 1],
        ['b', 1],
        ['b', 1],
      ],
      [
        ['', 1],
        ['', 1],
        ['', 1],
        ['', 1],
      ],
      [
        [1, 1],
        [1, 1],
        [2, 1],
        [2, 1],
        [3, 1],
      ],
    ];
    await expectBatches({
      ...pyspark,
      input,
      operation: (s: DStream<Pair<string | number, number>>) => s.reduceByKey((a, b) => a + b),
      expected: [
        [
          ['a', 2],
          ['b', 2],
        ],
        [['', 4]],
        [
          [1, 2],
          [2, 2],
          [3, 1],
        ],
      ],
      ordered: false,
    });
  });

  // PySpark sorts by key; mapValues keeps the input order, so the batches compare exactly.
  it('BasicOperationTests › test_mapValues', async () => {
    const input: Pair<string | number, number>[][] = [
      [
        ['a', 2],
        ['b', 2],
        ['c', 1],
        ['d', 1],
      ],
      [
        [0, 4],
        [1, 1],
        [2, 2],
        [3, 3],
      ],
      [
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
      ],
    ];
    await expectBatches({
      ...pyspark,
      input,
      operation: (s: DStream<Pair<string | number, number>>) => s.mapValues((x) => x + 10),
      expected: [
        [
          ['a', 12],
          ['b', 12],
          ['c', 11],
          ['d', 11],
        ],
        [
          [0, 14],
          [1, 11],
          [2, 12],
          [3, 13],
        ],
        [
          [1, 11],
          [2, 11],
          [3, 11],
          [4, 11],
        ],
      ],
    });
  });

  it('BasicOperationTests › test_flatMapValues', async () => {
    const input: Pair<string | number, number>[][] = [
      [
        ['a', 2],
        ['b', 2],
        ['c', 1],
        ['d', 1],
      ],
      [
        [0, 4],
        [1, 1],
        [2, 1],
        [3, 1],
      ],
      [
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
      ],
    ];
    await expectBatches({
      ...pyspark,
      input,
      operation: (s: DStream<Pair<string | number, number>>) => s.flatMapValues((x) => [x, x + 10]),
      expected: [
        [
          ['a', 2],
          ['a', 12],
          ['b', 2],
          ['b', 12],
          ['c', 1],
          ['c', 11],
          ['d', 1],
          ['d', 11],
        ],
        [
          [0, 4],
          [0, 14],
          [1, 1],
          [1, 11],
          [2, 1],
          [2, 11],
          [3, 1],
          [3, 11],
        ],
        [
          [1, 1],
          [1, 11],
          [2, 1],
          [2, 11],
          [3, 1],
          [3, 11],
          [4, 1],
          [4, 11],
        ],
      ],
    });
  });

  it('BasicOperationTests › test_glom', async () => {
    await expectBatches({
      ...pyspark,
      numInputPartitions: 2, // the test parallelizes its input into 2 partitions
      input: [range(1, 5), range(5, 9), range(9, 13)],
      operation: (s: DStream<number>) => s.glom(),
      expected: [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
        [
          [9, 10],
          [11, 12],
        ],
      ],
    });
  });

  it('BasicOperationTests › test_mapPartitions', async () => {
    await expectBatches({
      ...pyspark,
      numInputPartitions: 2, // the test parallelizes its input into 2 partitions
      input: [range(1, 5), range(5, 9), range(9, 13)],
      operation: (s: DStream<number>) =>
        s.mapPartitions((iterator) => {
          let sum = 0;
          for (const x of iterator) sum += x;
          return [sum];
        }),
      expected: [
        [3, 7],
        [11, 15],
        [19, 23],
      ],
    });
  });

  it('BasicOperationTests › test_countByValue', async () => {
    await expectBatches({
      ...pyspark,
      input: [
        [...range(1, 5), ...range(1, 5)],
        [...range(5, 7), ...range(5, 9)],
        ['a', 'a', 'b', ''],
      ],
      operation: (s: DStream<number | string>) => s.countByValue(),
      expected: [
        [
          [1, 2],
          [2, 2],
          [3, 2],
          [4, 2],
        ],
        [
          [5, 2],
          [6, 2],
          [7, 1],
          [8, 1],
        ],
        [
          ['a', 2],
          ['b', 1],
          ['', 1],
        ],
      ],
      ordered: false,
    });
  });

  const groupInput: Pair<string | number, number>[][] = [
    [
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
    ],
    [
      [1, 1],
      [1, 1],
      [1, 1],
      [2, 1],
      [2, 1],
      [3, 1],
    ],
    [
      ['a', 1],
      ['a', 1],
      ['b', 1],
      ['', 1],
      ['', 1],
      ['', 1],
    ],
  ];

  it('BasicOperationTests › test_groupByKey', async () => {
    await expectBatches({
      ...pyspark,
      input: groupInput,
      operation: (s: DStream<Pair<string | number, number>>) => s.groupByKey(),
      expected: [
        [
          [1, [1]],
          [2, [1]],
          [3, [1]],
          [4, [1]],
        ],
        [
          [1, [1, 1, 1]],
          [2, [1, 1]],
          [3, [1]],
        ],
        [
          ['a', [1, 1]],
          ['b', [1]],
          ['', [1, 1, 1]],
        ],
      ],
      ordered: false,
    });
  });

  it('BasicOperationTests › test_combineByKey', async () => {
    const add = (a: string, b: number | string): string => a + String(b);
    await expectBatches({
      ...pyspark,
      input: groupInput,
      operation: (s: DStream<Pair<string | number, number>>) =>
        s.combineByKey((v) => String(v), add, add),
      expected: [
        [
          [1, '1'],
          [2, '1'],
          [3, '1'],
          [4, '1'],
        ],
        [
          [1, '111'],
          [2, '11'],
          [3, '1'],
        ],
        [
          ['a', '11'],
          ['b', '1'],
          ['', '111'],
        ],
      ],
      ordered: false,
    });
  });

  it('BasicOperationTests › test_repartition', async () => {
    await expectBatches({
      ...pyspark,
      numInputPartitions: 2, // the test parallelizes its input into 2 partitions
      input: [range(1, 5), range(5, 9)],
      operation: (s: DStream<number>) => s.repartition(1).glom(),
      expected: [[[1, 2, 3, 4]], [[5, 6, 7, 8]]],
    });
  });

  it('BasicOperationTests › test_union', async () => {
    await expectBatches({
      ...pyspark,
      input: [range(0, 3), range(0, 5), range(0, 6)],
      extraInputs: [[range(3, 6), range(5, 6)]],
      operation: (d1: DStream<number>, d2: DStream<number>) => d1.union(d2),
      expected: [range(0, 6), range(0, 6), range(0, 6)],
    });
  });

  it('BasicOperationTests › test_cogroup', async () => {
    await expectBatches({
      ...pyspark,
      input: [
        [
          [1, 1],
          [2, 1],
          [3, 1],
        ],
        [
          [1, 1],
          [1, 1],
          [1, 1],
          [2, 1],
        ],
        [
          ['a', 1],
          ['a', 1],
          ['b', 1],
          ['', 1],
          ['', 1],
        ],
      ],
      extraInputs: [
        [
          [[1, 2]],
          [[4, 1]],
          [
            ['a', 1],
            ['a', 1],
            ['b', 1],
            ['', 1],
            ['', 2],
          ],
        ],
      ],
      operation: (
        d1: DStream<Pair<string | number, number>>,
        d2: DStream<Pair<string | number, number>>,
      ) => d1.cogroup(d2),
      expected: [
        [
          [1, [[1], [2]]],
          [2, [[1], []]],
          [3, [[1], []]],
        ],
        [
          [1, [[1, 1, 1], []]],
          [2, [[1], []]],
          [4, [[], [1]]],
        ],
        [
          [
            'a',
            [
              [1, 1],
              [1, 1],
            ],
          ],
          ['b', [[1], [1]]],
          [
            '',
            [
              [1, 1],
              [1, 2],
            ],
          ],
        ],
      ],
      ordered: false,
    });
  });

  it('BasicOperationTests › test_join', async () => {
    await expectSortedStrict(
      {
        input: joinLeft,
        extraInputs: [joinRight],
        operation: (a: DStream<Pair<string, number>>, b: DStream<Pair<string, number>>) =>
          a.join(b),
      },
      [[['b', [2, 3]]]],
    );
  });

  it('BasicOperationTests › test_left_outer_join', async () => {
    await expectSortedStrict(
      {
        input: joinLeft,
        extraInputs: [joinRight],
        operation: (a: DStream<Pair<string, number>>, b: DStream<Pair<string, number>>) =>
          a.leftOuterJoin(b),
      },
      [
        [
          ['a', [1, undefined]],
          ['b', [2, 3]],
        ],
      ],
    );
  });

  it('BasicOperationTests › test_right_outer_join', async () => {
    await expectSortedStrict(
      {
        input: joinLeft,
        extraInputs: [joinRight],
        operation: (a: DStream<Pair<string, number>>, b: DStream<Pair<string, number>>) =>
          a.rightOuterJoin(b),
      },
      [
        [
          ['b', [2, 3]],
          ['c', [undefined, 4]],
        ],
      ],
    );
  });

  it('BasicOperationTests › test_full_outer_join', async () => {
    await expectSortedStrict(
      {
        input: joinLeft,
        extraInputs: [joinRight],
        operation: (a: DStream<Pair<string, number>>, b: DStream<Pair<string, number>>) =>
          a.fullOuterJoin(b),
      },
      [
        [
          ['a', [1, undefined]],
          ['b', [2, 3]],
          ['c', [undefined, 4]],
        ],
      ],
    );
  });

  // Python-only difference: PySpark wraps the Python exception in a Py4JJavaError; the engine reports the thrown error itself.
  it('BasicOperationTests › test_failed_func', async () => {
    const run = runBatches({
      ...pyspark,
      input: [[0], [1], [2], [3]],
      operation: (s: DStream<number>) =>
        s.map((): number => {
          throw new Error(specialError);
        }),
    });
    await expect(run).rejects.toThrow(specialError);
  });

  // PySpark's transformWith takes the function first; ours takes the other stream first.
  it('BasicOperationTests › test_failed_func2', async () => {
    const run = runBatches({
      ...pyspark,
      input: [[0], [1], [2], [3]],
      extraInputs: [[[0], [1], [2], [3]]],
      operation: (s1: DStream<number>, s2: DStream<number>) =>
        s1.transformWith(s2, () => {
          throw new Error(specialError);
        }),
    });
    await expect(run).rejects.toThrow(specialError);
  });

  it('BasicOperationTests › test_failed_func_with_resetting_failure', async () => {
    const ssc = new StreamingContext({
      batchDuration,
      clock: new ManualClock(),
      defaultParallelism: 1,
      logger: { warn: () => undefined, error: () => undefined },
    });
    const input = range(0, 4).map((d) => ssc.sparkContext.parallelize([d], 1));
    const failedFunc = (i: number): number => {
      // Make it fail in the second batch
      if (i === 1) throw new Error(specialError);
      return i;
    };
    // PySpark's _collect: keep the first 3 non-empty batches.
    const result: number[][] = [];
    ssc
      .queueStream(input)
      .map(failedFunc)
      .foreachRDD((rdd) => {
        if (result.length < 3) {
          const r = rdd.collect();
          if (r.length > 0) result.push(r);
        }
      });
    ssc.start();
    try {
      await ssc.advance(batchDuration.milliseconds * 4);
      // The 3rd and 4th batches ran although the 2nd failed.
      expect(result).toEqual([[0], [2], [3]]);
      // The failure is sticky: awaitTermination reports it afterwards.
      await expect(ssc.awaitTerminationOrTimeout(0)).rejects.toThrow(specialError);
    } finally {
      await ssc.stop();
    }
  });
});
