/**
 * Laws of HashPartitioner: for any key and any n ≥ 1, `getPartition` is an integer in [0, n); keys
 * that are equal by value (structurally equal tuples, equal dates, 0 and -0, any NaN) land in the
 * same partition; and `partitionBy` puts every pair in the partition `getPartition` names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SparkContext } from '../../src/context/spark-context.js';
import { HashPartitioner, type Key, type Pair } from '../../src/index.js';

const { key: keyArb } = fc.letrec<{ key: Key; tuple: readonly Key[] }>((tie) => ({
  key: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, -0, NaN, 2 ** 31, -(2 ** 31), 2 ** 53, Number.MAX_SAFE_INTEGER),
    fc.bigInt(),
    fc.boolean(),
    fc.date(),
    fc.constant(new Date(NaN)),
    fc.constantFrom(null, undefined),
    tie('tuple'),
  ),
  tuple: fc.array(tie('key'), { maxLength: 4 }),
}));

const numPartitionsArb = fc.oneof(
  fc.integer({ min: 1, max: 16 }),
  fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }),
);

/** A NaN with a different bit pattern from the canonical one. */
const otherNaN = (() => {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, 0x7ff80000);
  view.setUint32(4, 0x00000001);
  return view.getFloat64(0);
})();

/** A fresh key equal by value to `key`: new tuples and dates, -0 for 0, another NaN. */
function equalCopy(key: Key): Key {
  if (typeof key === 'number') {
    if (Number.isNaN(key)) return otherNaN;
    if (key === 0) return Object.is(key, -0) ? 0 : -0;
    return key;
  }
  if (key instanceof Date) return new Date(key.getTime());
  if (Array.isArray(key)) return (key as readonly Key[]).map(equalCopy);
  return key;
}

describe('HashPartitioner', () => {
  it('getPartition is an integer in [0, n), never -0', () => {
    fc.assert(
      fc.property(keyArb, numPartitionsArb, (key, n) => {
        const partition = new HashPartitioner(n).getPartition(key);
        expect(Number.isInteger(partition)).toBe(true);
        expect(partition).toBeGreaterThanOrEqual(0);
        // A partition index, never -0 (which is what a bare `hash % n` gives for negative hashes).
        expect(Object.is(partition, -0)).toBe(false);
        expect(partition).toBeLessThan(n);
      }),
      { numRuns: 100 },
    );
  });

  it('keys equal by value land in the same partition', () => {
    fc.assert(
      fc.property(keyArb, numPartitionsArb, (key, n) => {
        const partitioner = new HashPartitioner(n);
        const copy = equalCopy(key);
        expect(partitioner.getPartition(copy)).toBe(partitioner.getPartition(key));
        // Equal partitioners agree too.
        expect(new HashPartitioner(n).getPartition(copy)).toBe(partitioner.getPartition(key));
      }),
      { numRuns: 100 },
    );
  });

  it('partitionBy puts every pair in the partition getPartition names, keeping all pairs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(keyArb, fc.integer()), { maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 8 }),
        (pairs, numSlices, n) => {
          const sc = new SparkContext();
          const partitioner = new HashPartitioner(n);
          const input: Pair<Key, number>[] = pairs.map(([k, v]) => [equalCopy(k), v]);
          const glommed = sc
            .parallelize(input, numSlices)
            .partitionBy(partitioner)
            .glom()
            .collect();
          expect(glommed).toHaveLength(n);
          glommed.forEach((partition, index) => {
            for (const [key] of partition) expect(partitioner.getPartition(key)).toBe(index);
          });
          expect(glommed.flat()).toHaveLength(input.length);
        },
      ),
      { numRuns: 50 },
    );
  });
});
