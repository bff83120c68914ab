/** Port of Spark's DoubleRDDFunctions (core/src/main/scala/org/apache/spark/rdd/DoubleRDDFunctions.scala). */
import { IllegalArgumentError, UnsupportedOperationError } from '../errors.js';
import type { RDD } from './rdd.js';
import { RDDBase } from './rdd-base.js';
import { StatCounter } from './stat-counter.js';

/**
 * The operations of RDDs of numbers (Spark's implicit `DoubleRDDFunctions`), methods of every
 * RDD typed with `this: RDD<number>`, so calling one on another RDD does not compile.
 *
 * @example
 * ```ts
 * sc.parallelize([1, 2, 3]).stats().mean; // 2
 * ```
 */
export abstract class DoubleRDDFunctions<T> extends RDDBase<T> {
  /** *Numeric RDDs only.* Return the sum of the elements (0 for none). @example `sc.parallelize([1, 2, 3]).sum() // 6` */
  sum(this: RDD<number>): number {
    return this.fold(0, add);
  }

  /**
   * *Numeric RDDs only.* Return a {@link StatCounter} with the count, mean, variance, max and min
   * of the elements, computed in one pass.
   *
   * @example
   * ```ts
   * const { count, mean, stdev } = sc.parallelize([1, 2, 3, 4]).stats();
   * ```
   */
  stats(this: RDD<number>): StatCounter {
    return this.mapPartitions((items) => [new StatCounter(items)]).reduce((a, b) => a.merge(b));
  }

  /** *Numeric RDDs only.* Return the mean (0 when no partition has an element, as Spark's StatCounter). @example `sc.parallelize([1, 2, 3]).mean() // 2` */
  mean(this: RDD<number>): number {
    return this.stats().mean;
  }

  /** *Numeric RDDs only.* Return the population variance. @example `sc.parallelize([1, 2, 3]).variance() // 0.666…` */
  variance(this: RDD<number>): number {
    return this.stats().variance;
  }

  /** *Numeric RDDs only.* Return the population standard deviation. @example `sc.parallelize([1, 2, 3]).stdev() // 0.816…` */
  stdev(this: RDD<number>): number {
    return this.stats().stdev;
  }

  /** *Numeric RDDs only.* Return the sample standard deviation (divides by n - 1). @example `sc.parallelize([1, 2, 3]).sampleStdev() // 1` */
  sampleStdev(this: RDD<number>): number {
    return this.stats().sampleStdev;
  }

  /** *Numeric RDDs only.* Return the sample variance (divides by n - 1). @example `sc.parallelize([1, 2, 3]).sampleVariance() // 1` */
  sampleVariance(this: RDD<number>): number {
    return this.stats().sampleVariance;
  }

  /** *Numeric RDDs only.* Return the population standard deviation. @example `rdd.popStdev()` */
  popStdev(this: RDD<number>): number {
    return this.stats().popStdev;
  }

  /** *Numeric RDDs only.* Return the population variance. @example `rdd.popVariance()` */
  popVariance(this: RDD<number>): number {
    return this.stats().popVariance;
  }

  /**
   * *Numeric RDDs only.* With a bucket count: return `[buckets, counts]` for `bucketCount`
   * buckets evenly spaced between the minimum and the maximum (one bucket `[min, min]` when they
   * are equal). With bucket boundaries (sorted, no duplicates, at least two): return the counts;
   * every bucket is open on the right except the last (`[1, 10) [10, 20) [20, 50]`), values
   * outside are ignored, and `evenBuckets` lets evenly spaced boundaries skip the binary search.
   *
   * @throws {@link UnsupportedOperationError} `"Histogram on either an empty RDD or RDD containing
   * +/-infinity or NaN"` (bucket count form).
   * @throws {@link IllegalArgumentError} `"buckets array must have at least two elements"`.
   * @example
   * ```ts
   * const rdd = sc.parallelize(Array.from({ length: 51 }, (_, i) => i));
   * rdd.histogram(2);               // [[0, 25, 50], [25, 26]]
   * rdd.histogram([0, 5, 25, 50]);  // [5, 20, 26]
   * ```
   */
  histogram(this: RDD<number>, bucketCount: number): [buckets: number[], counts: number[]];
  histogram(this: RDD<number>, buckets: readonly number[], evenBuckets?: boolean): number[];
  histogram(
    this: RDD<number>,
    buckets: number | readonly number[],
    evenBuckets = false,
  ): number[] | [number[], number[]] {
    if (typeof buckets === 'number') return histogramWithCount(this, buckets);
    if (buckets.length < 2) {
      throw new IllegalArgumentError('buckets array must have at least two elements');
    }
    const bucketOf = evenBuckets
      ? evenBucket(buckets[0] as number, buckets[buckets.length - 1] as number, buckets.length - 1)
      : searchBucket(buckets);
    const empty = (): number[] => new Array<number>(buckets.length - 1).fill(0);
    if (this.getNumPartitions() === 0) return empty();
    return this.mapPartitions((items) => {
      const counts = empty();
      for (const item of items) {
        const bucket = bucketOf(item);
        if (bucket >= 0) counts[bucket] = (counts[bucket] as number) + 1;
      }
      return [counts];
    }).reduce((a, b) => {
      for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) + (b[i] as number);
      return a;
    });
  }
}

function add(a: number, b: number): number {
  return a + b;
}

function histogramWithCount(rdd: RDD<number>, bucketCount: number): [number[], number[]] {
  const [max, min] = rdd
    .mapPartitions((items) => {
      let hi = Number.NEGATIVE_INFINITY;
      let lo = Number.POSITIVE_INFINITY;
      for (const item of items) {
        hi = Math.max(hi, item);
        lo = Math.min(lo, item);
      }
      return [[hi, lo] as const];
    })
    .reduce((a, b) => [Math.max(a[0], b[0]), Math.min(a[1], b[1])] as const);
  if (Number.isNaN(min) || Number.isNaN(max) || !Number.isFinite(max) || !Number.isFinite(min)) {
    throw new UnsupportedOperationError(
      'Histogram on either an empty RDD or RDD containing +/-infinity or NaN',
    );
  }
  const buckets: number[] = [];
  if (min === max) {
    buckets.push(min, min);
  } else {
    // Spark's customRange: min + (s * span) / steps, then max (avoids Scala's Range bug SI-8782).
    const span = max - min;
    for (let s = 0; s < bucketCount; s++) buckets.push(min + (s * span) / bucketCount);
    buckets.push(max);
  }
  return [buckets, rdd.histogram(buckets, true)];
}

/** The bucket of `e` by binary search (Java's `Arrays.binarySearch`), or -1 outside. */
function searchBucket(buckets: readonly number[]): (e: number) => number {
  return (e) => {
    let low = 0;
    let high = buckets.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const order = javaCompare(buckets[mid] as number, e);
      if (order < 0) low = mid + 1;
      else if (order > 0) high = mid - 1;
      else return mid < buckets.length - 1 ? mid : mid - 1;
    }
    // Not found: `low` is the insertion point.
    return low > 0 && low < buckets.length ? low - 1 : -1;
  };
}

/**
 * Java's `Double.compare`: NaN above everything (and equal to itself). Differs from Spark: -0 and
 * 0 compare equal here; Java orders -0.0 below 0.0, so Spark counts a -0.0 in the bucket below a
 * 0.0 boundary (or drops it when 0.0 is the lowest boundary).
 */
function javaCompare(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
}

/** The bucket of `e` for evenly spaced buckets, in constant time, or -1 outside. */
function evenBucket(min: number, max: number, count: number): (e: number) => number {
  return (e) => {
    if (Number.isNaN(e) || e < min || e > max) return -1;
    // Scala's Double.toInt: NaN (max == min) is 0.
    const bucket = Math.trunc(((e - min) / (max - min)) * count);
    return Math.min(Number.isNaN(bucket) ? 0 : bucket, count - 1);
  };
}
