/**
 * Law: `reduceByKey(+)` equals `groupByKey` followed by summing each group, as multisets of pairs,
 * and both equal a plain-array model that groups keys by value. Checked on RDDs (random partition
 * counts in and out) and on DStreams through the test kit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SparkContext } from '../../src/context/spark-context.js';
import { Seconds, type Pair } from '../../src/index.js';
import { arbitraries, expectBatches, runBatches } from '../../src/testing/index.js';

type TestKey = string | number | readonly [string, number];

// Small domains so that keys repeat often; 0 and -0 are one key (Map's SameValueZero).
const stringKey = fc.constantFrom('a', 'b', 'c', 'spark', '', 'ä');
const numberKey = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0, -0, 2 ** 40, 0.5));
// Tuple keys are built fresh each time, so equal tuples are distinct objects.
const tupleKey = fc.tuple(stringKey, fc.integer({ min: 0, max: 2 }));
const keyArb: fc.Arbitrary<TestKey> = fc.oneof(stringKey, numberKey, tupleKey);
// Integer values keep addition exact whatever order the engine combines them in.
const pairArb: fc.Arbitrary<Pair<TestKey, number>> = fc.tuple(
  keyArb,
  fc.integer({ min: -1000, max: 1000 }),
);
const pairsArb = fc.array(pairArb, { maxLength: 50 });
const partitionsArb = fc.integer({ min: 1, max: 6 });

const add = (a: number, b: number): number => a + b;
const sum = (values: readonly number[]): number => values.reduce(add, 0);

/** Canonical text of a key, written independently of the engine (-0 and 0 coincide). */
function keyText(key: TestKey): string {
  if (typeof key === 'string') return `s${JSON.stringify(key)}`;
  if (typeof key === 'number') return `n${key === 0 ? 0 : key}`;
  return `t${JSON.stringify(key[0])},${key[1]}`;
}

/** A multiset of pairs as a sorted list of texts. */
function multiset(pairs: readonly Pair<TestKey, number>[]): string[] {
  return pairs.map(([key, value]) => `${keyText(key)}=${value}`).sort();
}

/** The model: group by key value, sum each group. */
function model(pairs: readonly Pair<TestKey, number>[]): string[] {
  const sums = new Map<string, number>();
  for (const [key, value] of pairs) {
    const text = keyText(key);
    sums.set(text, (sums.get(text) ?? 0) + value);
  }
  return [...sums].map(([text, value]) => `${text}=${value}`).sort();
}

describe('reduceByKey(+) = groupByKey then sum', () => {
  it('holds on RDDs for random partition counts in and out', () => {
    fc.assert(
      fc.property(
        pairsArb,
        partitionsArb,
        fc.option(partitionsArb, { nil: undefined }),
        (pairs, numSlices, numPartitions) => {
          const sc = new SparkContext();
          const rdd = sc.parallelize(pairs, numSlices);
          const reduced = rdd.reduceByKey(add, numPartitions);
          const grouped = rdd.groupByKey(numPartitions).mapValues(sum);
          const expected = model(pairs);
          expect(multiset(reduced.collect())).toEqual(multiset(grouped.collect()));
          expect(multiset(reduced.collect())).toEqual(expected);
          // Every key occurs once in the reduced output.
          expect(reduced.count()).toBe(expected.length);
          const partitions = numPartitions ?? numSlices;
          expect(reduced.getNumPartitions()).toBe(partitions);
          expect(grouped.getNumPartitions()).toBe(partitions);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('holds after a previous shuffle with the same partitioner (no second shuffle)', () => {
    fc.assert(
      fc.property(pairsArb, partitionsArb, partitionsArb, (pairs, numSlices, n) => {
        const sc = new SparkContext();
        const partitioned = sc.parallelize(pairs, numSlices).partitionBy(n);
        const reduced = partitioned.reduceByKey(add, n);
        const grouped = partitioned.groupByKey(n).mapValues(sum);
        expect(multiset(reduced.collect())).toEqual(multiset(grouped.collect()));
        expect(multiset(reduced.collect())).toEqual(model(pairs));
      }),
      { numRuns: 50 },
    );
  });

  it('holds on DStreams, batch by batch, through runBatches', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraries.batches(pairArb, { maxBatches: 4, maxBatchSize: 50 }),
        partitionsArb,
        partitionsArb,
        fc.option(partitionsArb, { nil: undefined }),
        async (batches, numInputPartitions, defaultParallelism, numPartitions) => {
          const common = {
            batchDuration: Seconds(1),
            input: batches,
            numInputPartitions,
            defaultParallelism,
          };
          const reduced = await runBatches({
            ...common,
            operation: (s) => s.reduceByKey(add, numPartitions),
          });
          const grouped = await runBatches({
            ...common,
            operation: (s) => s.groupByKey(numPartitions).mapValues(sum),
          });
          expectBatches(reduced).toEqual(grouped, { ordered: false });
          expect(reduced.map(multiset)).toEqual(batches.map((batch) => model(batch ?? [])));
        },
      ),
      { numRuns: 50 },
    );
  });
});
