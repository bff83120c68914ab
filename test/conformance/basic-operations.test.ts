/**
 * Conformance: the per-batch cases of Spark's Scala `BasicOperationsSuite`
 * (apache/spark streaming/src/test/scala/org/apache/spark/streaming/BasicOperationsSuite.scala).
 * Inputs and expected outputs are Spark's. Spark's `TestSuiteBase` runs with a 1 s batch, 2 input
 * partitions and `local[2]` (default parallelism 2), which are `runBatches`' defaults;
 * `testOperation(..., useSet = true)` becomes `ordered: false`.
 *
 * Ported elsewhere: the updateStateByKey cases in update-state-by-key.test.ts; "slice", "slice -
 * has not been initialized" and "rdd cleanup - map and window" in window-operations.test.ts and
 * slice-and-checkpoint-validation.test.ts.
 *
 * Not ported: "rdd cleanup - updateStateByKey" and "rdd cleanup - input blocks and persisted RDDs"
 * check checkpoint files and receiver blocks (the checkpoint and receiver issues).
 */
import { describe, expect, it } from 'vitest';
import { Seconds, SparkError, type DStream, type Pair, type RDD } from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';
import { expectBatches } from '../support/expect-batches.js';

/** Scala's `from to to`: the integers from `from` to `to`, both included. */
function to(from: number, last: number): number[] {
  return Array.from({ length: last - from + 1 }, (_, i) => from + i);
}

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

/** Spark's `intercept[SparkException]`, plus the exact message Spark gives. */
async function expectSparkError(run: Promise<unknown>, message: string): Promise<void> {
  const outcome: unknown = await run.then(
    () => 'resolved',
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(SparkError);
  expect((outcome as SparkError).message).toBe(message);
}

const oneToTwelve = [to(1, 4), to(5, 8), to(9, 12)];
const words = [['a', 'a', 'b'], ['', ''], []];
const joinLeft = [['a', 'b'], ['a', ''], [''], []];
const joinRight = [['a', 'b'], ['b', ''], [], ['']];

describe('BasicOperationsSuite (per-batch operations)', () => {
  it('BasicOperationsSuite › map', async () => {
    await expectBatches({
      input: oneToTwelve,
      operation: (s: DStream<number>) => s.map((x) => String(x)),
      expected: oneToTwelve.map((batch) => batch.map((x) => String(x))),
    });
  });

  it('BasicOperationsSuite › flatMap', async () => {
    await expectBatches({
      input: oneToTwelve,
      operation: (s: DStream<number>) => s.flatMap((x) => [x, x * 2]),
      expected: oneToTwelve.map((batch) => batch.flatMap((x) => [x, x * 2])),
    });
  });

  it('BasicOperationsSuite › filter', async () => {
    await expectBatches({
      input: oneToTwelve,
      operation: (s: DStream<number>) => s.filter((x) => x % 2 === 0),
      expected: oneToTwelve.map((batch) => batch.filter((x) => x % 2 === 0)),
    });
  });

  it('BasicOperationsSuite › glom', async () => {
    await expectBatches({
      input: oneToTwelve,
      numInputPartitions: 2,
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

  it('BasicOperationsSuite › mapPartitions', async () => {
    await expectBatches({
      input: oneToTwelve,
      numInputPartitions: 2,
      operation: (s: DStream<number>) =>
        s.mapPartitions((items) => {
          let sum = 0;
          for (const x of items) sum += x;
          return [sum];
        }),
      expected: [
        [3, 7],
        [11, 15],
        [19, 23],
      ],
      ordered: false,
    });
  });

  // Spark checks each batch's partitions (runStreamsWithPartitions); glom() exposes them here.
  it('BasicOperationsSuite › repartition (more partitions)', async () => {
    const input = [to(1, 100), to(101, 200), to(201, 300)];
    const output = await runBatches({
      batchDuration: Seconds(1),
      input,
      numInputPartitions: 2,
      operation: (s: DStream<number>) => s.repartition(5).glom(),
    });
    expect(output).toHaveLength(3);
    output.forEach((partitions, batch) => {
      expect(partitions).toHaveLength(5);
      expect(partitions.flat().sort((a, b) => a - b)).toEqual(input[batch]);
    });
  });

  it('BasicOperationsSuite › repartition (fewer partitions)', async () => {
    const input = [to(1, 100), to(101, 200), to(201, 300)];
    const output = await runBatches({
      batchDuration: Seconds(1),
      input,
      numInputPartitions: 5,
      operation: (s: DStream<number>) => s.repartition(2).glom(),
    });
    expect(output).toHaveLength(3);
    output.forEach((partitions, batch) => {
      expect(partitions).toHaveLength(2);
      expect(partitions.flat().sort((a, b) => a - b)).toEqual(input[batch]);
    });
  });

  it('BasicOperationsSuite › groupByKey', async () => {
    await expectBatches({
      input: words,
      operation: (s: DStream<string>) => s.mapToPair((x) => [x, 1]).groupByKey(),
      expected: [
        [
          ['a', [1, 1]],
          ['b', [1]],
        ],
        [['', [1, 1]]],
        [],
      ],
      ordered: false,
    });
  });

  it('BasicOperationsSuite › reduceByKey', async () => {
    await expectBatches({
      input: words,
      operation: (s: DStream<string>) => s.mapToPair((x) => [x, 1]).reduceByKey((a, b) => a + b),
      expected: [
        [
          ['a', 2],
          ['b', 1],
        ],
        [['', 2]],
        [],
      ],
      ordered: false,
    });
  });

  it('BasicOperationsSuite › reduce', async () => {
    await expectBatches({
      input: oneToTwelve,
      operation: (s: DStream<number>) => s.reduce((a, b) => a + b),
      expected: [[10], [26], [42]],
    });
  });

  it('BasicOperationsSuite › count', async () => {
    await expectBatches({
      input: [[], to(1, 1), to(1, 2), to(1, 3), to(1, 4)],
      operation: (s: DStream<number>) => s.count(),
      expected: [[0], [1], [2], [3], [4]],
    });
  });

  it('BasicOperationsSuite › countByValue', async () => {
    await expectBatches({
      input: [to(1, 1), [1, 1, 1], to(1, 2), [1, 1, 2, 2]],
      operation: (s: DStream<number>) => s.countByValue(),
      expected: [
        [[1, 1]],
        [[1, 3]],
        [
          [1, 1],
          [2, 1],
        ],
        [
          [2, 2],
          [1, 2],
        ],
      ],
      ordered: false,
    });
  });

  it('BasicOperationsSuite › mapValues', async () => {
    await expectBatches({
      input: words,
      operation: (s: DStream<string>) =>
        s
          .mapToPair((x) => [x, 1])
          .reduceByKey((a, b) => a + b)
          .mapValues((v) => v + 10),
      expected: [
        [
          ['a', 12],
          ['b', 11],
        ],
        [['', 12]],
        [],
      ],
      ordered: false,
    });
  });

  it('BasicOperationsSuite › flatMapValues', async () => {
    await expectBatches({
      input: words,
      operation: (s: DStream<string>) =>
        s
          .mapToPair((x) => [x, 1])
          .reduceByKey((a, b) => a + b)
          .flatMapValues((v) => [v, v + 10]),
      expected: [
        [
          ['a', 2],
          ['a', 12],
          ['b', 1],
          ['b', 11],
        ],
        [
          ['', 2],
          ['', 12],
        ],
        [],
      ],
      ordered: false,
    });
  });

  it('BasicOperationsSuite › union', async () => {
    await expectBatches({
      input: [to(1, 4), to(101, 104), to(201, 204)],
      operation: (s: DStream<number>) => s.union(s.map((x) => x + 4)),
      expected: [to(1, 8), to(101, 108), to(201, 208)],
    });
  });

  it('BasicOperationsSuite › union with input stream return None', async () => {
    await expectSparkError(
      runBatches({
        batchDuration: Seconds(1),
        input: [to(1, 4), to(101, 104), to(201, 204), null],
        operation: (s: DStream<number>) => s.union(s.map((x) => x + 4)),
      }),
      'Could not generate RDD from a parent for unifying at time 4000 ms',
    );
  });

  it('BasicOperationsSuite › StreamingContext.union', async () => {
    await expectBatches({
      input: [to(1, 4), to(101, 104), to(201, 204)],
      operation: (s: DStream<number>) =>
        s.context().union([s, s.map((x) => x + 4), s.map((x) => x + 8)]),
      expected: [to(1, 12), to(101, 112), to(201, 212)],
    });
  });

  it('BasicOperationsSuite › transform', async () => {
    await expectBatches({
      input: oneToTwelve,
      operation: (s: DStream<number>) => s.transform((rdd) => rdd.map((x) => String(x))),
      expected: oneToTwelve.map((batch) => batch.map((x) => String(x))),
    });
  });

  it('BasicOperationsSuite › transform with NULL', async () => {
    await expectSparkError(
      runBatches({
        batchDuration: Seconds(1),
        input: [to(1, 4)],
        operation: (s: DStream<number>) => s.transform(() => null as unknown as RDD<number>),
      }),
      'Transform function must not return null. Return SparkContext.emptyRDD() instead to represent no element as the result of transformation.',
    );
  });

  it('BasicOperationsSuite › transform with input stream return None', async () => {
    await expectSparkError(
      runBatches({
        batchDuration: Seconds(1),
        input: [to(1, 4), to(5, 8), null],
        operation: (s: DStream<number>) => s.transform((rdd) => rdd.map((x) => String(x))),
      }),
      "Couldn't generate RDD from parent at time 3000 ms",
    );
  });

  it('BasicOperationsSuite › transformWith', async () => {
    await expectBatches({
      input: joinLeft,
      extraInputs: [joinRight],
      operation: (s1: DStream<string>, s2: DStream<string>) => {
        const t1 = s1.mapToPair((x) => [x, 1]);
        const t2 = s2.mapToPair((x) => [x, 'x']);
        return t1.transformWith(t2, (rdd1, rdd2) => rdd1.join(rdd2));
      },
      expected: [
        [
          ['a', [1, 'x']],
          ['b', [1, 'x']],
        ],
        [['', [1, 'x']]],
        [],
        [],
      ],
      ordered: false,
    });
  });

  it('BasicOperationsSuite › transformWith with input stream return None', async () => {
    await expectSparkError(
      runBatches({
        batchDuration: Seconds(1),
        input: [['a', 'b'], ['a', ''], [''], null],
        extraInputs: [[['a', 'b'], ['b', ''], [], null]],
        operation: (s1: DStream<string>, s2: DStream<string>) =>
          s1.transformWith(s2, (rdd1, rdd2) => rdd1.union(rdd2)),
      }),
      "Couldn't generate RDD from parent at time 4000 ms",
    );
  });

  it('BasicOperationsSuite › StreamingContext.transform', async () => {
    await expectBatches({
      input: [to(1, 4), to(101, 104), to(201, 204)],
      operation: (s: DStream<number>) =>
        s
          .context()
          .transform([s, s.map((x) => x + 4), s.map((x) => x + 8)], (rdds) =>
            s.context().sparkContext.union(rdds as RDD<number>[]),
          ),
      expected: [to(1, 12), to(101, 112), to(201, 212)],
    });
  });

  it('BasicOperationsSuite › StreamingContext.transform with input stream return None', async () => {
    await expectSparkError(
      runBatches({
        batchDuration: Seconds(1),
        input: [to(1, 4), to(101, 104), to(201, 204), null],
        operation: (s: DStream<number>) =>
          s
            .context()
            .transform([s, s.map((x) => x + 4), s.map((x) => x + 8)], (rdds) =>
              s.context().sparkContext.union(rdds as RDD<number>[]),
            ),
      }),
      "Couldn't generate RDD from parent at time 4000 ms",
    );
  });

  it('BasicOperationsSuite › cogroup', async () => {
    await expectBatches({
      input: [['a', 'a', 'b'], ['a', ''], [''], []],
      extraInputs: [[['a', 'a', 'b'], ['b', ''], [], []]],
      operation: (s1: DStream<string>, s2: DStream<string>) =>
        s1.mapToPair((x) => [x, 1]).cogroup(s2.mapToPair((x) => [x, 'x'])),
      expected: [
        [
          [
            'a',
            [
              [1, 1],
              ['x', 'x'],
            ],
          ],
          ['b', [[1], ['x']]],
        ],
        [
          ['a', [[1], []]],
          ['b', [[], ['x']]],
          ['', [[1], ['x']]],
        ],
        [['', [[1], []]]],
        [],
      ],
      ordered: false,
    });
  });

  it('BasicOperationsSuite › join', async () => {
    await expectBatches({
      input: joinLeft,
      extraInputs: [joinRight],
      operation: (s1: DStream<string>, s2: DStream<string>) =>
        s1.mapToPair((x) => [x, 1]).join(s2.mapToPair((x) => [x, 'x'])),
      expected: [
        [
          ['a', [1, 'x']],
          ['b', [1, 'x']],
        ],
        [['', [1, 'x']]],
        [],
        [],
      ],
      ordered: false,
    });
  });

  // The outer joins compare with toStrictEqual so a missing side must be `undefined`, not `null`.
  it('BasicOperationsSuite › leftOuterJoin', async () => {
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: joinLeft,
      extraInputs: [joinRight],
      operation: (s1: DStream<string>, s2: DStream<string>) =>
        s1.mapToPair((x) => [x, 1]).leftOuterJoin(s2.mapToPair((x) => [x, 'x'])),
    });
    const expected: Pair<string, readonly [number, string | undefined]>[][] = [
      [
        ['a', [1, 'x']],
        ['b', [1, 'x']],
      ],
      [
        ['', [1, 'x']],
        ['a', [1, undefined]],
      ],
      [['', [1, undefined]]],
      [],
    ];
    expect(sortedBatches(output)).toStrictEqual(sortedBatches(expected));
  });

  it('BasicOperationsSuite › rightOuterJoin', async () => {
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: joinLeft,
      extraInputs: [joinRight],
      operation: (s1: DStream<string>, s2: DStream<string>) =>
        s1.mapToPair((x) => [x, 1]).rightOuterJoin(s2.mapToPair((x) => [x, 'x'])),
    });
    const expected: Pair<string, readonly [number | undefined, string]>[][] = [
      [
        ['a', [1, 'x']],
        ['b', [1, 'x']],
      ],
      [
        ['', [1, 'x']],
        ['b', [undefined, 'x']],
      ],
      [],
      [['', [undefined, 'x']]],
    ];
    expect(sortedBatches(output)).toStrictEqual(sortedBatches(expected));
  });

  it('BasicOperationsSuite › fullOuterJoin', async () => {
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: joinLeft,
      extraInputs: [joinRight],
      operation: (s1: DStream<string>, s2: DStream<string>) =>
        s1.mapToPair((x) => [x, 1]).fullOuterJoin(s2.mapToPair((x) => [x, 'x'])),
    });
    const expected: Pair<string, readonly [number | undefined, string | undefined]>[][] = [
      [
        ['a', [1, 'x']],
        ['b', [1, 'x']],
      ],
      [
        ['', [1, 'x']],
        ['a', [1, undefined]],
        ['b', [undefined, 'x']],
      ],
      [['', [1, undefined]]],
      [['', [undefined, 'x']]],
    ];
    expect(sortedBatches(output)).toStrictEqual(sortedBatches(expected));
  });
});
