/**
 * Law: union is associative, order included: `a ∪ (b ∪ c)` and `(a ∪ b) ∪ c` collect to the same
 * sequence, which is `a ++ b ++ c` (partitions one after the other). Checked on RDDs and on
 * DStreams through runBatches with extra inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SparkContext } from '../../src/context/spark-context.js';
import { Seconds, type DStream } from '../../src/index.js';
import { arbitraries, runBatches } from '../../src/testing/index.js';

const itemsArb = fc.array(fc.integer({ min: -100, max: 100 }), { maxLength: 20 });
const partitionsArb = fc.integer({ min: 1, max: 5 });
const rddSpecArb = fc.record({ items: itemsArb, numSlices: partitionsArb });
const batchesArb = arbitraries.batches(fc.integer({ min: -100, max: 100 }), {
  maxBatches: 4,
  maxBatchSize: 20,
});

describe('union is associative', () => {
  it('on RDDs: (a ∪ b) ∪ c and a ∪ (b ∪ c) collect equal, in order, per partition', () => {
    fc.assert(
      fc.property(rddSpecArb, rddSpecArb, rddSpecArb, (specA, specB, specC) => {
        const sc = new SparkContext();
        const a = sc.parallelize(specA.items, specA.numSlices);
        const b = sc.parallelize(specB.items, specB.numSlices);
        const c = sc.parallelize(specC.items, specC.numSlices);
        const left = a.union(b).union(c);
        const right = a.union(b.union(c));
        expect(left.collect()).toEqual(right.collect());
        expect(left.collect()).toEqual([...specA.items, ...specB.items, ...specC.items]);
        expect(left.glom().collect()).toEqual(right.glom().collect());
        expect(left.getNumPartitions()).toBe(specA.numSlices + specB.numSlices + specC.numSlices);
        expect(sc.union([a, b, c]).collect()).toEqual(left.collect());
      }),
      { numRuns: 100 },
    );
  });

  it('on DStreams through runBatches: the same batches, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchesArb,
        batchesArb,
        batchesArb,
        partitionsArb,
        async (batchesA, batchesB, batchesC, numInputPartitions) => {
          const common = {
            batchDuration: Seconds(1),
            input: batchesA,
            extraInputs: [batchesB, batchesC],
            numInputPartitions,
          };
          const left = await runBatches({
            ...common,
            operation: (a, b: DStream<number>, c: DStream<number>) => a.union(b).union(c),
          });
          const right = await runBatches({
            ...common,
            operation: (a, b: DStream<number>, c: DStream<number>) => a.union(b.union(c)),
          });
          expect(left).toEqual(right);
          // Past the end of an input its batches are empty.
          const numBatches = Math.max(batchesA.length, batchesB.length, batchesC.length);
          const expected = Array.from({ length: numBatches }, (_, k) => [
            ...(batchesA[k] ?? []),
            ...(batchesB[k] ?? []),
            ...(batchesC[k] ?? []),
          ]);
          expect(left).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });
});
