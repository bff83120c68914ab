/**
 * The estimate behind toDebugString's MemorySize: sizes from the values' shapes, objects reached
 * twice counted once, large arrays sampled; Spark's bytesToString units.
 */
import { describe, expect, it } from 'vitest';
import { SparkContext } from '../../../src/index.js';
import { bytesToString, estimateSize } from '../../../src/rdd/size-estimator.js';

describe('estimateSize', () => {
  it('counts slots, headers, string bytes and boxed numbers', () => {
    // The array: 2 headers + 8 per slot.
    expect(estimateSize([])).toBe(32);
    expect(estimateSize([1, 2, 3])).toBe(32 + 24);
    // 'ab': header + 2 one-byte characters; 'ñé' is Latin-1 too; '€' needs two bytes.
    expect(estimateSize(['ab'])).toBe(32 + 8 + 16 + 2);
    expect(estimateSize(['ñé'])).toBe(32 + 8 + 16 + 2);
    expect(estimateSize(['€'])).toBe(32 + 8 + 16 + 2);
    expect(estimateSize([0.5])).toBe(32 + 8 + 16);
    // A pair: an array of 2 in a slot.
    expect(estimateSize([['a', 1]])).toBe(32 + 8 + (32 + 16 + 17));
  });

  it('counts a shared object once, and samples arrays over 400 elements', () => {
    const shared = { word: 'x' };
    expect(estimateSize([shared, shared])).toBe(32 + 16 + (16 + 8 + 8 + 17));
    const big = Array.from({ length: 1000 }, () => 'abcd');
    // 100 samples of 20 bytes, scaled to 1000 elements.
    expect(estimateSize(big)).toBe(32 + 8000 + 20_000);
  });
});

describe('bytesToString (Spark Utils.bytesToString)', () => {
  it('switches unit at twice the unit', () => {
    expect(bytesToString(0)).toBe('0.0 B');
    expect(bytesToString(2047)).toBe('2047.0 B');
    expect(bytesToString(2048)).toBe('2.0 KiB');
    expect(bytesToString(3.5 * 1024 * 1024)).toBe('3.5 MiB');
  });
});

describe('toDebugString MemorySize', () => {
  it('shows the estimated size of the cached partitions, not 0.0 B', () => {
    const sc = new SparkContext();
    const cached = sc
      .parallelize(['a', 'b', 'c'], 3)
      .map((w) => w)
      .cache();
    cached.take(1);
    // One cached partition ['a']: 32 + 8 + 17.
    expect(cached.toDebugString().split('\n')[1]).toBe(
      ' |       CachedPartitions: 1; MemorySize: 57.0 B; DiskSize: 0.0 B',
    );
  });
});
