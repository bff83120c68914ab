/**
 * Laws of the RDD members a streaming program reaches through transform and foreachRDD:
 * - randomSplit partitions the elements: every element in exactly one split, whatever the seed;
 * - treeAggregate and treeReduce equal aggregate and reduce for an associative, commutative
 *   operation, at every depth;
 * - a StatCounter merged from parts equals the StatCounter of the whole (up to rounding);
 * - histogram counts add up to the elements inside the buckets' range;
 * - the union of co-partitioned RDDs keeps the partitioner, and partition i is the parents'
 *   partitions i one after the other;
 * - subtract and intersection follow multiset and set semantics;
 * - zipWithUniqueId gives distinct ids.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashPartitioner, type Pair, SparkContext, StatCounter } from '../../src/index.js';

const itemsArb = fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 40 });
const partitionsArb = fc.integer({ min: 1, max: 6 });
const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

describe('RDD member laws', () => {
  it('randomSplit puts every element in exactly one split', () => {
    fc.assert(
      fc.property(
        itemsArb,
        partitionsArb,
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
        fc.integer(),
        (items, slices, weights, seed) => {
          fc.pre(weights.some((w) => w > 0));
          const sc = new SparkContext();
          const splits = sc.parallelize(items, slices).randomSplit(weights, seed);
          expect(splits).toHaveLength(weights.length);
          expect(sorted(splits.flatMap((split) => split.collect()))).toEqual(sorted(items));
        },
      ),
    );
  });

  it('treeAggregate and treeReduce equal aggregate and reduce at every depth', () => {
    fc.assert(
      fc.property(
        itemsArb,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 6 }),
        (items, slices, depth) => {
          const sc = new SparkContext();
          const rdd = sc.parallelize(items, slices);
          const add = (a: number, b: number): number => a + b;
          expect(rdd.treeAggregate(0, add, add, depth)).toBe(rdd.aggregate(0, add, add));
          if (items.length > 0) expect(rdd.treeReduce(Math.max, depth)).toBe(rdd.reduce(Math.max));
        },
      ),
    );
  });

  it('StatCounter merged from parts equals the StatCounter of the whole', () => {
    const numbers = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { maxLength: 30 });
    fc.assert(
      fc.property(numbers, numbers, (a, b) => {
        const merged = new StatCounter(a).merge(new StatCounter(b));
        const whole = new StatCounter([...a, ...b]);
        expect(merged.count).toBe(whole.count);
        expect(merged.max).toBe(whole.max);
        expect(merged.min).toBe(whole.min);
        if (whole.count > 0) {
          expect(merged.mean).toBeCloseTo(whole.mean, 6);
          expect(merged.popVariance).toBeCloseTo(whole.popVariance, 4);
        }
      }),
    );
  });

  it('histogram counts add up to the elements within the range, with either lookup', () => {
    fc.assert(
      fc.property(
        itemsArb,
        partitionsArb,
        fc.array(fc.integer({ min: -60, max: 60 }), { minLength: 2, maxLength: 6 }),
        (items, slices, edges) => {
          const buckets = [...new Set(edges)].sort((a, b) => a - b);
          fc.pre(buckets.length >= 2);
          const sc = new SparkContext();
          const rdd = sc.parallelize(items, slices);
          const first = buckets[0] as number;
          const last = buckets[buckets.length - 1] as number;
          const inside = items.filter((x) => x >= first && x <= last).length;
          const counts = rdd.histogram(buckets);
          expect(counts.reduce((a, b) => a + b, 0)).toBe(inside);
          // Each bucket is [b_i, b_{i+1}), the last one closed.
          counts.forEach((count, i) => {
            const low = buckets[i] as number;
            const high = buckets[i + 1] as number;
            const isLast = i === counts.length - 1;
            expect(count).toBe(
              items.filter((x) => x >= low && (isLast ? x <= high : x < high)).length,
            );
          });
          if (items.length > 0 && new Set(items).size > 1) {
            const [even, evenCounts] = rdd.histogram(3);
            expect(even).toHaveLength(4);
            expect(evenCounts.reduce((a, b) => a + b, 0)).toBe(items.length);
          }
        },
      ),
    );
  });

  it('the union of co-partitioned RDDs keeps the partitioner, partition by partition', () => {
    const pairsArb = fc.array(fc.tuple(fc.string({ maxLength: 3 }), fc.integer()), {
      maxLength: 20,
    });
    fc.assert(
      fc.property(pairsArb, pairsArb, fc.integer({ min: 1, max: 5 }), (a, b, n) => {
        const sc = new SparkContext();
        const partitioner = new HashPartitioner(n);
        const left = sc.parallelize<Pair<string, number>>(a, 2).partitionBy(partitioner);
        const right = sc.parallelize<Pair<string, number>>(b, 3).partitionBy(partitioner);
        const union = left.union(right);
        expect(union.partitioner?.equals(partitioner)).toBe(true);
        const leftParts = left.glom().collect();
        const rightParts = right.glom().collect();
        union
          .glom()
          .collect()
          .forEach((part, i) => {
            expect(part).toEqual([...(leftParts[i] ?? []), ...(rightParts[i] ?? [])]);
            for (const [key] of part) expect(partitioner.getPartition(key)).toBe(i);
          });
      }),
    );
  });

  it('subtract keeps what other lacks (duplicates included); intersection is the distinct common part', () => {
    fc.assert(
      fc.property(itemsArb, itemsArb, partitionsArb, (a, b, slices) => {
        const sc = new SparkContext();
        const left = sc.parallelize(a, slices);
        const right = sc.parallelize(b, 2);
        const inB = new Set(b);
        expect(sorted(left.subtract(right).collect())).toEqual(
          sorted(a.filter((x) => !inB.has(x))),
        );
        expect(sorted(left.intersection(right).collect())).toEqual(
          sorted([...new Set(a.filter((x) => inB.has(x)))]),
        );
      }),
    );
  });

  it('zipWithUniqueId gives every element a distinct id', () => {
    fc.assert(
      fc.property(itemsArb, partitionsArb, (items, slices) => {
        const sc = new SparkContext();
        const ids = sc
          .parallelize(items, slices)
          .zipWithUniqueId()
          .collect()
          .map((pair) => pair[1]);
        expect(new Set(ids).size).toBe(items.length);
      }),
    );
  });
});
