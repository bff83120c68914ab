/** The part of Spark's SparkContext a DStream program uses: making RDDs (core/.../SparkContext.scala). */
import { IllegalArgumentError, IllegalStateError } from '../errors.js';
import { ParallelCollectionRDD, sliceEvenly } from '../rdd/parallel-collection-rdd.js';
import { checkWholeNumber } from '../rdd/partitioner.js';
import { RDD } from '../rdd/rdd.js';
import { UnionRDD } from '../rdd/union-rdd.js';

/** Options of {@link SparkContext}. @example `new SparkContext({ appName: 'demo', defaultParallelism: 4 })` */
export interface SparkContextOptions {
  /** The application's name (Spark's `spark.app.name`), shown by the web view. */
  readonly appName?: string;
  /**
   * Default partition count of shuffles and `parallelize` (Spark's `spark.default.parallelism`).
   * When omitted it is 2, as for `local[2]`, and RDD shuffles without a partition count keep
   * the largest parent's count, exactly as Spark does when the setting is absent.
   */
  readonly defaultParallelism?: number;
}

/**
 * The entry point for RDDs: `parallelize`, `emptyRDD`, `union`. A `StreamingContext` creates one
 * (`ssc.sparkContext`) unless given one.
 *
 * @example
 * ```ts
 * const sc = new SparkContext({ appName: 'demo' });
 * sc.parallelize([1, 2, 3, 4], 2).glom().collect(); // [[1, 2], [3, 4]]
 * ```
 */
export class SparkContext {
  /** The application's name (default `'dstream-ts'`). */
  readonly appName: string;
  /**
   * Partitions of `parallelize` and of shuffles when none is given (Spark's
   * `spark.default.parallelism`; 2 by default, as `local[2]`).
   */
  readonly defaultParallelism: number;
  /**
   * Whether `defaultParallelism` was given (Spark: the setting is present); RDD shuffles without a
   * partition count then use it instead of the largest parent's count.
   */
  readonly defaultParallelismIsSet: boolean;
  #nextRddId = 0;
  #callSiteOverride: string | undefined;
  #stopped = false;

  constructor(options: SparkContextOptions = {}) {
    this.appName = options.appName ?? 'dstream-ts';
    const parallelism = options.defaultParallelism;
    if (parallelism !== undefined) {
      checkWholeNumber(parallelism);
      if (parallelism < 1) {
        throw new IllegalArgumentError(
          `requirement failed: defaultParallelism (${parallelism}) must be positive.`,
        );
      }
    }
    this.defaultParallelism = parallelism ?? 2;
    this.defaultParallelismIsSet = parallelism !== undefined;
  }

  /** @internal */
  newRddId(): number {
    return this.#nextRddId++;
  }

  /** @internal */
  get callSiteOverride(): string | undefined {
    return this.#callSiteOverride;
  }

  /** @internal Run `body` with RDDs created inside it showing `callSite` (Spark's `setCallSite`). */
  withCallSite<R>(callSite: string, body: () => R): R {
    const previous = this.#callSiteOverride;
    this.#callSiteOverride = callSite;
    try {
      return body();
    } finally {
      this.#callSiteOverride = previous;
    }
  }

  /**
   * Return an RDD of `data` cut into `numSlices` partitions (default `defaultParallelism`);
   * partition i holds elements `[floor(i·n/k), floor((i+1)·n/k))`, as in Spark.
   *
   * @throws {@link IllegalArgumentError} unless `numSlices` is a positive integer.
   * @example
   * ```ts
   * sc.parallelize([1, 2, 3], 2).glom().collect(); // [[1], [2, 3]]
   * ```
   */
  parallelize<T>(data: Iterable<T>, numSlices: number = this.defaultParallelism): RDD<T> {
    return this.#parallelize(data, numSlices, 'parallelize');
  }

  #parallelize<T>(data: Iterable<T>, numSlices: number, operation: string): RDD<T> {
    this.#assertNotStopped();
    checkWholeNumber(numSlices);
    if (numSlices < 1) throw new IllegalArgumentError('Positive number of partitions required');
    const items = Array.isArray(data) ? (data as readonly T[]) : [...data];
    return new RDD(new ParallelCollectionRDD(this, sliceEvenly(items, numSlices), operation));
  }

  /** Alias of {@link SparkContext.parallelize}. @example `sc.makeRDD(['a', 'b'])` */
  makeRDD<T>(data: Iterable<T>, numSlices: number = this.defaultParallelism): RDD<T> {
    return this.#parallelize(data, numSlices, 'makeRDD');
  }

  /** Return an RDD with no partitions and no elements. @example `sc.emptyRDD<string>().count() // 0` */
  emptyRDD<T>(): RDD<T> {
    this.#assertNotStopped();
    return new RDD(new ParallelCollectionRDD<T>(this, [], 'emptyRDD', 'EmptyRDD'));
  }

  /** Return the union of `rdds`, partitions in order. @example `sc.union([a, b, c])` */
  union<T>(rdds: readonly RDD<T>[]): RDD<T> {
    this.#assertNotStopped();
    return new RDD(
      new UnionRDD(
        this,
        rdds.map((rdd) => rdd.node),
        'union',
      ),
    );
  }

  /** Stop this context: later calls that make RDDs throw `IllegalStateError`. @example `sc.stop()` */
  stop(): void {
    this.#stopped = true;
  }

  #assertNotStopped(): void {
    if (this.#stopped)
      throw new IllegalStateError('Cannot call methods on a stopped SparkContext.');
  }

  /** Whether `stop()` was called. @example `sc.isStopped` */
  get isStopped(): boolean {
    return this.#stopped;
  }
}
