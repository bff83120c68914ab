/**
 * Law: `rdd.count()` equals the sum of the partition sizes (`glom()`), for RDDs built by random
 * lineages (narrow steps, unions, shuffles, coalesces); and DStream `count()` gives one element
 * per batch, the batch's size (`0` for an empty batch).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SparkContext } from '../../src/context/spark-context.js';
import { Seconds, type Pair, type RDD } from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';

type Step =
  | { readonly kind: 'filter'; readonly f: (x: number) => boolean }
  | { readonly kind: 'flatMap'; readonly f: (x: number) => number[] }
  | { readonly kind: 'union'; readonly items: number[]; readonly numSlices: number }
  | { readonly kind: 'unionEmpty' }
  | { readonly kind: 'repartition'; readonly n: number }
  | { readonly kind: 'coalesce'; readonly n: number }
  | { readonly kind: 'distinct'; readonly n: number }
  | { readonly kind: 'reduceByKey'; readonly n: number };

const itemsArb = fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 30 });
const partitionsArb = fc.integer({ min: 1, max: 6 });

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.func(fc.boolean()).map((f): Step => ({ kind: 'filter', f })),
  fc
    .func(fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 3 }))
    .map((f): Step => ({ kind: 'flatMap', f })),
  fc
    .record({ items: itemsArb, numSlices: partitionsArb })
    .map((r): Step => ({ kind: 'union', ...r })),
  fc.constant<Step>({ kind: 'unionEmpty' }),
  partitionsArb.map((n): Step => ({ kind: 'repartition', n })),
  partitionsArb.map((n): Step => ({ kind: 'coalesce', n })),
  partitionsArb.map((n): Step => ({ kind: 'distinct', n })),
  partitionsArb.map((n): Step => ({ kind: 'reduceByKey', n })),
);

function build(sc: SparkContext, base: RDD<number>, steps: readonly Step[]): RDD<number> {
  let rdd = base;
  for (const step of steps) {
    switch (step.kind) {
      case 'filter':
        rdd = rdd.filter(step.f);
        break;
      case 'flatMap':
        rdd = rdd.flatMap(step.f);
        break;
      case 'union':
        rdd = rdd.union(sc.parallelize(step.items, step.numSlices));
        break;
      case 'unionEmpty':
        rdd = rdd.union(sc.emptyRDD());
        break;
      case 'repartition':
        rdd = rdd.repartition(step.n);
        break;
      case 'coalesce':
        rdd = rdd.coalesce(step.n);
        break;
      case 'distinct':
        rdd = rdd.distinct(step.n);
        break;
      case 'reduceByKey':
        rdd = rdd
          .map((x): Pair<number, number> => [Math.abs(x) % 5, x])
          .reduceByKey((a, b) => a + b, step.n)
          .values();
        break;
    }
  }
  return rdd;
}

describe('count', () => {
  it('rdd.count() equals the sum of the partition sizes', () => {
    fc.assert(
      fc.property(
        itemsArb,
        partitionsArb,
        fc.array(stepArb, { maxLength: 5 }),
        (items, numSlices, steps) => {
          const sc = new SparkContext();
          const rdd = build(sc, sc.parallelize(items, numSlices), steps);
          const partitions = rdd.glom().collect();
          expect(partitions).toHaveLength(rdd.getNumPartitions());
          const total = partitions.reduce((n, partition) => n + partition.length, 0);
          expect(rdd.count()).toBe(total);
          expect(rdd.count()).toBe(rdd.collect().length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('DStream count() gives one element per batch: its size, 0 when empty', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(itemsArb, { maxLength: 5 }),
        partitionsArb,
        partitionsArb,
        fc.nat({ max: 2 }),
        async (batches, numInputPartitions, defaultParallelism, extraBatches) => {
          const output = await runBatches({
            batchDuration: Seconds(1),
            input: batches,
            numInputPartitions,
            defaultParallelism,
            // Batches past the end of the input are empty.
            numBatches: batches.length + extraBatches,
            operation: (s) => s.count(),
          });
          const expected = [...batches.map((batch) => [batch.length])];
          for (let i = 0; i < extraBatches; i++) expected.push([0]);
          expect(output).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('DStream count() of a filtered stream equals the size of the filtered batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(itemsArb, { maxLength: 4 }),
        partitionsArb,
        fc.func(fc.boolean()),
        async (batches, numInputPartitions, keep) => {
          const output = await runBatches({
            batchDuration: Seconds(1),
            input: batches,
            numInputPartitions,
            operation: (s) => s.filter(keep).count(),
          });
          expect(output).toEqual(batches.map((batch) => [batch.filter((x) => keep(x)).length]));
        },
      ),
      { numRuns: 50 },
    );
  });
});
