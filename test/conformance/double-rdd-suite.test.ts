/**
 * Conformance: Spark's `DoubleRDDSuite` (apache/spark
 * core/src/test/scala/org/apache/spark/rdd/DoubleRDDSuite.scala), every case, the StatCounter
 * case of `PartitioningSuite` ("zero-length partitions should be correctly handled"), and the
 * numeric doctests of PySpark's `rdd.py` and `statcounter.py`. Inputs and expected values are
 * Spark's.
 */
import { describe, expect, it } from 'vitest';
import {
  IllegalArgumentError,
  SparkContext,
  StatCounter,
  UnsupportedOperationError,
} from '../../src/index.js';

function range(from: number, until: number): number[] {
  return Array.from({ length: until - from }, (_, i) => from + i);
}

describe('DoubleRDDSuite', () => {
  const sc = new SparkContext({ appName: 'DoubleRDDSuite' });

  it('DoubleRDDSuite › sum', () => {
    expect(sc.parallelize<number>([]).sum()).toBe(0);
    expect(sc.parallelize([1.0]).sum()).toBe(1);
    expect(sc.parallelize([1.0, 2.0]).sum()).toBe(3);
  });

  /** Both bucket lookups (binary search and evenly spaced) give `expected`. */
  function expectBoth(data: number[], buckets: number[], expected: number[]): void {
    const rdd = sc.parallelize(data);
    expect(rdd.histogram(buckets)).toEqual(expected);
    expect(rdd.histogram(buckets, true)).toEqual(expected);
  }

  it('DoubleRDDSuite › WorksOnEmpty', () => {
    expectBoth([], [0.0, 10.0], [0]);
    expect(sc.emptyRDD<number>().histogram([0.0, 10.0])).toEqual([0]);
    expect(sc.emptyRDD<number>().histogram([0.0, 10.0], true)).toEqual([0]);
  });

  it('DoubleRDDSuite › WorksWithOutOfRangeWithOneBucket', () => {
    expectBoth([10.01, -0.01], [0.0, 10.0], [0]);
  });

  it('DoubleRDDSuite › WorksInRangeWithOneBucket', () => {
    expectBoth([1, 2, 3, 4], [0.0, 10.0], [4]);
  });

  it('DoubleRDDSuite › WorksInRangeWithOneBucketExactMatch', () => {
    expectBoth([1, 2, 3, 4], [1.0, 4.0], [4]);
  });

  it('DoubleRDDSuite › WorksWithOutOfRangeWithTwoBuckets', () => {
    expectBoth([10.01, -0.01], [0.0, 5.0, 10.0], [0, 0]);
  });

  it('DoubleRDDSuite › WorksWithOutOfRangeWithTwoUnEvenBuckets', () => {
    expect(sc.parallelize([10.01, -0.01]).histogram([0.0, 4.0, 10.0])).toEqual([0, 0]);
  });

  it('DoubleRDDSuite › WorksInRangeWithTwoBuckets', () => {
    expectBoth([1, 2, 3, 5, 6], [0.0, 5.0, 10.0], [3, 2]);
  });

  it('DoubleRDDSuite › WorksInRangeWithTwoBucketsAndNaN', () => {
    expectBoth([1, 2, 3, 5, 6, Number.NaN], [0.0, 5.0, 10.0], [3, 2]);
  });

  it('DoubleRDDSuite › WorksInRangeWithTwoUnevenBuckets', () => {
    expect(sc.parallelize([1, 2, 3, 5, 6]).histogram([0.0, 5.0, 11.0])).toEqual([3, 2]);
  });

  it('DoubleRDDSuite › WorksMixedRangeWithTwoUnevenBuckets', () => {
    const rdd = sc.parallelize([-0.01, 0.0, 1, 2, 3, 5, 6, 11.0, 11.01]);
    expect(rdd.histogram([0.0, 5.0, 11.0])).toEqual([4, 3]);
  });

  const mixed = [-0.01, 0.0, 1, 2, 3, 5, 6, 11.01, 12.0, 199.0, 200.0, 200.1];

  it('DoubleRDDSuite › WorksMixedRangeWithFourUnevenBuckets', () => {
    expect(sc.parallelize(mixed).histogram([0.0, 5.0, 11.0, 12.0, 200.0])).toEqual([4, 2, 1, 3]);
  });

  it('DoubleRDDSuite › WorksMixedRangeWithUnevenBucketsAndNaN', () => {
    const rdd = sc.parallelize([...mixed, Number.NaN]);
    expect(rdd.histogram([0.0, 5.0, 11.0, 12.0, 200.0])).toEqual([4, 2, 1, 3]);
  });

  it('DoubleRDDSuite › WorksMixedRangeWithUnevenBucketsAndNaNAndNaNRange', () => {
    const rdd = sc.parallelize([...mixed, Number.NaN]);
    expect(rdd.histogram([0.0, 5.0, 11.0, 12.0, 200.0, Number.NaN])).toEqual([4, 2, 1, 2, 3]);
  });

  it('DoubleRDDSuite › WorksMixedRangeWithUnevenBucketsAndNaNAndNaNRangeAndInfinity', () => {
    const rdd = sc.parallelize([...mixed, Infinity, -Infinity, Number.NaN]);
    expect(rdd.histogram([0.0, 5.0, 11.0, 12.0, 200.0, Number.NaN])).toEqual([4, 2, 1, 2, 4]);
  });

  it('DoubleRDDSuite › WorksWithOutOfRangeWithInfiniteBuckets', () => {
    const rdd = sc.parallelize([10.01, -0.01, Number.NaN]);
    expect(rdd.histogram([-Infinity, 0.0, Infinity])).toEqual([1, 1]);
  });

  it('DoubleRDDSuite › ThrowsExceptionOnInvalidBucketArray', () => {
    const rdd = sc.parallelize([1.0]);
    expect(() => rdd.histogram([])).toThrow(IllegalArgumentError);
    expect(() => rdd.histogram([1.0])).toThrow('buckets array must have at least two elements');
  });

  it('DoubleRDDSuite › WorksWithoutBucketsBasic', () => {
    expect(sc.parallelize([1, 2, 3, 4]).histogram(1)).toEqual([[1.0, 4.0], [4]]);
  });

  it('DoubleRDDSuite › WorksWithoutBucketsBasicSingleElement', () => {
    expect(sc.parallelize([1]).histogram(1)).toEqual([[1.0, 1.0], [1]]);
  });

  it('DoubleRDDSuite › WorksWithoutBucketsBasicNoRange', () => {
    expect(sc.parallelize([1, 1, 1, 1]).histogram(1)).toEqual([[1.0, 1.0], [4]]);
  });

  it('DoubleRDDSuite › WorksWithoutBucketsBasicTwo', () => {
    expect(sc.parallelize([1, 2, 3, 4]).histogram(2)).toEqual([
      [1.0, 2.5, 4.0],
      [2, 2],
    ]);
  });

  it('DoubleRDDSuite › WorksWithDoubleValuesAtMinMax', () => {
    const rdd = sc.parallelize([1, 1, 1, 2, 3, 3]);
    expect(rdd.histogram(4)[1]).toEqual([3, 0, 1, 2]);
    expect(rdd.histogram(3)[1]).toEqual([3, 1, 2]);
  });

  it('DoubleRDDSuite › WorksWithoutBucketsWithMoreRequestedThanElements', () => {
    const [buckets, counts] = sc.parallelize([1, 2]).histogram(10);
    expect(counts).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(buckets).toEqual([1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0]);
  });

  it('DoubleRDDSuite › WorksWithoutBucketsForLargerDatasets', () => {
    const [buckets, counts] = sc.parallelize(range(6, 100)).histogram(8);
    expect(counts).toEqual([12, 12, 11, 12, 12, 11, 12, 12]);
    expect(buckets).toEqual([6.0, 17.625, 29.25, 40.875, 52.5, 64.125, 75.75, 87.375, 99.0]);
  });

  it('DoubleRDDSuite › WorksWithoutBucketsWithNonIntegralBucketEdges', () => {
    const [buckets, counts] = sc.parallelize(range(6, 100)).histogram(9);
    expect(counts).toEqual([11, 10, 10, 11, 10, 10, 11, 10, 11]);
    expect(buckets[0]).toBe(6.0);
    expect(buckets[9]).toBe(99.0);
  });

  it('DoubleRDDSuite › WorksWithHugeRange', () => {
    const counts = sc.parallelize([0, 1.0e24, 1.0e30]).histogram(1000000)[1];
    expect(counts[0]).toBe(1);
    expect(counts[1]).toBe(1);
    expect(counts[counts.length - 1]).toBe(1);
    expect(counts.slice(2, -1).every((c) => c === 0)).toBe(true);
  });

  it('DoubleRDDSuite › ThrowsExceptionOnInvalidRDDs', () => {
    const message = 'Histogram on either an empty RDD or RDD containing +/-infinity or NaN';
    expect(() => sc.parallelize([1, Infinity]).histogram(1)).toThrow(UnsupportedOperationError);
    expect(() => sc.parallelize([1, Number.NaN]).histogram(1)).toThrow(message);
    expect(() => sc.parallelize<number>([]).histogram(1)).toThrow(message);
  });

  it('PartitioningSuite › zero-length partitions should be correctly handled', () => {
    const rdd = sc
      .parallelize([-1.0, -1.0, -1.0, -1.0, 2.0, 4.0, -1.0, -1.0], 8)
      .filter((x) => x >= 0.0);
    const stats = rdd.stats();
    expect(Math.abs(6.0 - stats.sum)).toBeLessThan(0.01);
    expect(Math.abs(6.0 / 2 - rdd.mean())).toBeLessThan(0.01);
    expect(Math.abs(1.0 - rdd.variance())).toBeLessThan(0.01);
    expect(Math.abs(1.0 - rdd.stdev())).toBeLessThan(0.01);
    expect(Math.abs(rdd.variance() - rdd.popVariance())).toBeLessThan(1e-14);
    expect(Math.abs(rdd.stdev() - rdd.popStdev())).toBeLessThan(1e-14);
    expect(Math.abs(2.0 - rdd.sampleVariance())).toBeLessThan(1e-14);
    expect(Math.abs(Math.sqrt(2.0) - rdd.sampleStdev())).toBeLessThan(1e-14);
    expect(stats.max).toBe(4.0);
    expect(stats.min).toBe(2.0);
  });
});

describe("PySpark's numeric doctests (python/pyspark/rdd.py, statcounter.py)", () => {
  const sc = new SparkContext({ appName: 'numeric doctests' });

  it('rdd.py › sum, mean, variance, stdev, sampleStdev, sampleVariance', () => {
    expect(sc.parallelize([1.0, 2.0, 3.0]).sum()).toBe(6.0);
    expect(sc.parallelize([1, 2, 3]).mean()).toBe(2.0);
    expect(sc.parallelize([1, 2, 3]).variance()).toBeCloseTo(0.666666, 5);
    expect(sc.parallelize([1, 2, 3]).stdev()).toBeCloseTo(0.816496, 5);
    expect(sc.parallelize([1, 2, 3]).sampleStdev()).toBe(1.0);
    expect(sc.parallelize([1, 2, 3]).sampleVariance()).toBe(1.0);
  });

  it('rdd.py › histogram', () => {
    const rdd = sc.parallelize(range(0, 51));
    expect(rdd.histogram(2)).toEqual([
      [0, 25, 50],
      [25, 26],
    ]);
    expect(rdd.histogram([0, 5, 25, 50])).toEqual([5, 20, 26]);
    expect(rdd.histogram([0, 15, 30, 45, 60], true)).toEqual([15, 15, 15, 6]);
  });

  it('statcounter.py › asDict of sc.parallelize([1., 2., 3., 4.]).stats()', () => {
    const stats = sc.parallelize([1, 2, 3, 4]).stats();
    expect({
      count: stats.count,
      max: stats.max,
      mean: stats.mean,
      min: stats.min,
      stdev: stats.sampleStdev,
      sum: stats.sum,
      variance: stats.sampleVariance,
    }).toEqual({
      count: 4,
      max: 4.0,
      mean: 2.5,
      min: 1.0,
      stdev: 1.2909944487358056,
      sum: 10.0,
      variance: 1.6666666666666667,
    });
  });
});

describe('StatCounter', () => {
  it("prints as Scala's toString: (count: n, mean: %f, stdev: %f, max: %f, min: %f)", () => {
    expect(String(new StatCounter([1, 2, 3, 4]))).toBe(
      '(count: 4, mean: 2.500000, stdev: 1.118034, max: 4.000000, min: 1.000000)',
    );
    expect(String(new StatCounter())).toBe(
      '(count: 0, mean: 0.000000, stdev: NaN, max: -Infinity, min: Infinity)',
    );
  });

  it('merges values, lists and counters (itself too), as Spark does', () => {
    const a = new StatCounter([1, 2]);
    a.merge(3)
      .merge([4, 5])
      .merge(new StatCounter([6]));
    expect(a.count).toBe(6);
    expect(a.mean).toBe(3.5);
    expect(a.sampleVariance).toBe(3.5);
    a.merge(a);
    expect(a.count).toBe(12);
    expect(a.mean).toBe(3.5);
    const copy = a.copy();
    copy.merge(100);
    expect(a.count).toBe(12);
    expect(new StatCounter([5]).sampleVariance).toBeNaN();
    expect(new StatCounter().popVariance).toBeNaN();
  });
});
