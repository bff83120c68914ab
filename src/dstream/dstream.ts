/** The public DStream facade; port of Spark's DStream and PairDStreamFunctions APIs. */
import type { StreamingContext } from '../context/streaming-context.js';
import { ForEachDStream, type ForeachFunction } from '../output/for-each-dstream.js';
import { formatBatchBlock, type PrintOptions } from '../output/print.js';
import { rddToFileName } from '../output/save-as-text-files.js';
import { toObservable, type BatchData } from '../output/to-observable.js';
import type { Observable } from 'rxjs';
import { groupingAggregator, type Aggregator } from '../rdd/aggregator.js';
import { markAsList } from '../rdd/format.js';
import { saveAsObjectFile } from '../rdd/object-file.js';
import type { Pair, PairOf } from '../rdd/pair.js';
import { HashPartitioner, type Partitioner } from '../rdd/partitioner.js';
import { functionPartitioner, toPartitioner, type PartitionerLike } from '../rdd/partitioning.js';
import type { RDD } from '../rdd/rdd.js';
import { saveAsTextFile, type SaveAsTextFileOptions } from '../rdd/save-as-text-file.js';
import { StorageLevel } from '../rdd/storage-level.js';
import { Duration } from '../time/duration.js';
import { Interval } from '../time/interval.js';
import type { Time } from '../time/time.js';
import type { DStreamNode } from './dstream-node.js';
import { FilteredDStream } from './filtered-dstream.js';
import { FlatMapValuedDStream } from './flat-map-valued-dstream.js';
import { FlatMappedDStream } from './flat-mapped-dstream.js';
import { GlommedDStream } from './glommed-dstream.js';
import { MapPartitionedDStream } from './map-partitioned-dstream.js';
import { MapValuedDStream } from './map-valued-dstream.js';
import { MappedDStream } from './mapped-dstream.js';
import { ShuffledDStream } from './shuffled-dstream.js';
import { TransformedDStream } from './transformed-dstream.js';
import { ReducedWindowedDStream } from './reduced-windowed-dstream.js';
import { UnionDStream } from './union-dstream.js';
import { WindowedDStream } from './windowed-dstream.js';
import {
  InternalMapWithStateDStream,
  MapWithStateDStream as MapWithStateNode,
  StateSnapshotDStream,
} from './map-with-state-dstream.js';
import { StateDStream, type StateUpdate, type StateUpdateInput } from './state-dstream.js';
import type { StateSpec } from '../state/state-spec.js';

/**
 * The options-object form of `reduceByKeyAndWindow`.
 *
 * @example
 * ```ts
 * pairs.reduceByKeyAndWindow({ reduce: (a, b) => a + b, inverse: (a, b) => a - b, window: Seconds(30), slide: Seconds(10) });
 * ```
 */
export interface ReduceByKeyAndWindowOptions<K, V> {
  /** The associative and commutative reduce function. */
  readonly reduce: (a: V, b: V) => V;
  /** The inverse of `reduce`: makes the window incremental (needs a checkpoint directory). */
  readonly inverse?: (a: V, b: V) => V;
  /** The width of the window; a multiple of the stream's slide duration. */
  readonly window: Duration;
  /** Defaults to the stream's slide duration. */
  readonly slide?: Duration;
  /** Partition count or partitioner; defaults to the context's default parallelism. */
  readonly partitions?: PartitionerLike;
  /** Keep only the pairs for which this returns true (with `inverse`, drops "zero" keys). */
  readonly filter?: (pair: Pair<K, V>) => boolean;
}

/**
 * A discretized stream: a sequence of RDDs, one per batch interval. Every method builds a new
 * stream in the graph (before `start()`); output operations (`foreachRDD`, `pprint`,
 * `saveAsTextFiles`) make the graph run.
 *
 * @example
 * ```ts
 * const ssc = new StreamingContext(Seconds(1));
 * ssc.queueStream([['a b', 'b']])
 *   .flatMap((line) => line.split(' '))
 *   .mapToPair((word) => [word, 1])
 *   .reduceByKey((a, b) => a + b)
 *   .pprint();
 * ssc.start();
 * ```
 */
export class DStream<T> {
  readonly #node: DStreamNode<T>;

  /** @internal */
  constructor(node: DStreamNode<T>) {
    this.#node = node;
  }

  /** @internal The graph node behind this facade. */
  get node(): DStreamNode<T> {
    return this.#node;
  }

  /** Return the StreamingContext this stream belongs to. @example `stream.context().sparkContext` */
  context(): StreamingContext {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- StreamingContext is the only DStreamContext
    return this.#node.context as StreamingContext;
  }

  /**
   * Name this stream (shown in lineages and checkpoints). A named stateful operator keeps its
   * state across recoveries even when other parts of the graph changed.
   *
   * @example
   * ```ts
   * pairs.updateStateByKey(sum).name('totals');
   * ```
   */
  name(name: string): this {
    this.#node.setName(name);
    return this;
  }

  /** Return the interval at which this stream produces an RDD. @example `stream.slideDuration // Duration(1000 ms)` */
  get slideDuration(): Duration {
    return this.#node.slideDuration;
  }

  // --- Transformations ---

  /**
   * Return a new DStream by applying `f` to each element. A function returning a 2-element
   * array literal makes a pair stream (`[w, 1]` is typed `Pair<string, number>`).
   *
   * @example
   * ```ts
   * lines.map((l) => l.length);
   * words.map((w) => [w, 1]).reduceByKey((a, b) => a + b);
   * ```
   */
  map<R extends readonly [unknown, unknown]>(f: (value: T) => R): DStream<PairOf<R>>;
  map<U>(f: (value: T) => U): DStream<U>;
  map<U>(f: (value: T) => U): DStream<U> {
    return new DStream(new MappedDStream(this.#node, f));
  }

  /**
   * Return a new DStream of pairs by applying `f` to each element (Spark's Java `mapToPair`);
   * `[word, 1]` is typed as a pair without annotations.
   *
   * @example
   * ```ts
   * words.mapToPair((w) => [w, 1]).reduceByKey((a, b) => a + b);
   * ```
   */
  mapToPair<K, V>(f: (value: T) => Pair<K, V>): DStream<Pair<K, V>> {
    return new DStream(new MappedDStream(this.#node, f, 'mapToPair'));
  }

  /**
   * Return a new DStream by applying `f` to each element and flattening the results;
   * 2-element array literals make a pair stream, as with `map`.
   *
   * @example
   * ```ts
   * lines.flatMap((l) => l.split(' '));
   * lines.flatMap((l) => l.split(' ').map((w) => [w, 1])).reduceByKey((a, b) => a + b);
   * ```
   */
  flatMap<R extends readonly [unknown, unknown]>(f: (value: T) => Iterable<R>): DStream<PairOf<R>>;
  flatMap<U>(f: (value: T) => Iterable<U>): DStream<U>;
  flatMap<U>(f: (value: T) => Iterable<U>): DStream<U> {
    return new DStream(new FlatMappedDStream(this.#node, f));
  }

  /** Return a new DStream with only the elements that satisfy `predicate`. @example `words.filter((w) => w.startsWith('#'))` */
  filter(predicate: (value: T) => boolean): DStream<T> {
    return new DStream(new FilteredDStream(this.#node, predicate));
  }

  /** Return a new DStream in which each RDD has one array per partition. @example `stream.glom()` */
  glom(): DStream<T[]> {
    return new DStream(new GlommedDStream(this.#node));
  }

  /**
   * Return a new DStream with each RDD repartitioned into `numPartitions` partitions.
   *
   * @throws {@link dstream-ts!IllegalArgumentError} (when the batch runs) unless a positive integer.
   * @example
   * ```ts
   * stream.repartition(4);
   * ```
   */
  repartition(numPartitions: number): DStream<T> {
    return this.#buildingTransform((rdd) => rdd.repartition(numPartitions));
  }

  /**
   * Return a new DStream by applying `f` to each partition of each RDD.
   *
   * @example
   * ```ts
   * stream.mapPartitions((items) => [[...items].length]);
   * ```
   */
  mapPartitions<U>(
    f: (items: IterableIterator<T>) => Iterable<U>,
    preservePartitioning = false,
  ): DStream<U> {
    return new DStream(new MapPartitionedDStream(this.#node, f, preservePartitioning));
  }

  /**
   * Return a new DStream by applying `f` to each partition's index and iterator, in each RDD
   * (PySpark's `DStream.mapPartitionsWithIndex`).
   *
   * @example
   * ```ts
   * stream.mapPartitionsWithIndex((index, items) => [[index, [...items].length]]);
   * ```
   */
  mapPartitionsWithIndex<U>(
    f: (index: number, items: IterableIterator<T>) => Iterable<U>,
    preservesPartitioning = false,
  ): DStream<U> {
    return this.#buildingTransform(
      (rdd) => rdd.mapPartitionsWithIndex(f, preservesPartitioning),
      'mapPartitionsWithIndex',
    );
  }

  /**
   * Return a new DStream in which each RDD has one element, the reduction of the batch by `f`;
   * an empty batch gives an empty RDD.
   *
   * @example
   * ```ts
   * numbers.reduce((a, b) => a + b);
   * ```
   */
  reduce(f: (a: T, b: T) => T): DStream<T> {
    return this.map((value): Pair<null, T> => [null, value])
      .reduceByKey(f, 1)
      .map((pair) => pair[1]);
  }

  /**
   * Return a new DStream in which each RDD has one element, the number of elements in the batch
   * (`0` for an empty batch, as in Scala).
   *
   * @example
   * ```ts
   * lines.count().pprint();
   * ```
   */
  count(): DStream<number> {
    return this.map((): Pair<null, number> => [null, 1])
      .#buildingTransform((rdd) =>
        rdd.union(rdd.context.parallelize<Pair<null, number>>([[null, 0]], 1)),
      )
      .reduceByKey((a, b) => a + b)
      .map((pair) => pair[1]);
  }

  /**
   * Return a new DStream of `[value, count]` for the distinct values of each batch.
   *
   * @example
   * ```ts
   * words.countByValue();
   * ```
   */
  countByValue(
    numPartitions: number = this.#node.context.sparkContext.defaultParallelism,
  ): DStream<Pair<T, number>> {
    return this.map((value): Pair<T, number> => [value, 1]).reduceByKey(
      (a, b) => a + b,
      numPartitions,
    );
  }

  /**
   * Return a new DStream by applying `f` to each RDD; `f` runs when the batch's jobs are generated.
   * The parameters are `(rdd, time)`, in this order (PySpark's are `(time, rdd)`: using the Time
   * as an RDD fails with an error that says so).
   *
   * @throws {@link dstream-ts!SparkError} (failing the batch) if `f` returns `null`/`undefined` or
   * anything that is not an RDD.
   * @example
   * ```ts
   * counts.transform((rdd) => rdd.sortByKey(false));
   * counts.transform((rdd, time) => rdd.map((c) => [time.milliseconds, c]));
   * ```
   */
  transform<U>(f: (rdd: RDD<T>, time: Time) => RDD<U>): DStream<U> {
    return new DStream(
      new TransformedDStream<U>([this.#node], (rdds, time) => f(rdds[0] as RDD<T>, time)),
    );
  }

  /**
   * Return a new DStream by applying `f` to this stream's and `other`'s RDDs of the same batch.
   *
   * @throws {@link dstream-ts!IllegalArgumentError} if the streams slide at different intervals.
   * @example
   * ```ts
   * clicks.transformWith(views, (c, v) => c.join(v));
   * ```
   */
  transformWith<U, V>(
    other: DStream<U>,
    f: (rdd: RDD<T>, other: RDD<U>, time: Time) => RDD<V>,
  ): DStream<V> {
    return new DStream(
      new TransformedDStream<V>(
        [this.#node, other.#node],
        (rdds, time) => f(rdds[0] as RDD<T>, rdds[1] as RDD<U>, time),
        'transformWith',
      ),
    );
  }

  /** `transform` for the library's own functions, which build RDDs without computing them. */
  #buildingTransform<U>(f: (rdd: RDD<T>) => RDD<U>, operation = 'transform'): DStream<U> {
    return new DStream(
      new TransformedDStream<U>([this.#node], (rdds) => f(rdds[0] as RDD<T>), operation, false),
    );
  }

  /** `transformWith` for the library's own functions (joins), which only build RDDs. */
  #buildingTransformWith<U, V>(
    other: DStream<U>,
    f: (rdd: RDD<T>, other: RDD<U>) => RDD<V>,
  ): DStream<V> {
    return new DStream(
      new TransformedDStream<V>(
        [this.#node, other.#node],
        (rdds) => f(rdds[0] as RDD<T>, rdds[1] as RDD<U>),
        'transformWith',
        false,
      ),
    );
  }

  /**
   * Return a new DStream whose RDDs are the union of this stream's and `other`'s.
   *
   * @throws {@link dstream-ts!IllegalArgumentError} if the streams slide at different intervals.
   * @example
   * ```ts
   * web.union(mobile);
   * ```
   */
  union(other: DStream<T>): DStream<T> {
    return new DStream(new UnionDStream([this.#node, other.#node]));
  }

  // --- Window operations ---

  /**
   * Return a new DStream whose RDD at each time on the slide grid is the union of this stream's
   * RDDs in the window `(t - windowDuration, t]`. The first windows after start are partial.
   *
   * @param slideDuration - defaults to this stream's slide duration.
   * @throws {@link dstream-ts!SparkError} if a duration is not a multiple of this stream's slide duration.
   * @example
   * ```ts
   * events.window(Seconds(30), Seconds(10)).count().pprint();
   * ```
   */
  window(windowDuration: Duration, slideDuration: Duration = this.slideDuration): DStream<T> {
    return new DStream(new WindowedDStream(this.#node, windowDuration, slideDuration));
  }

  /**
   * Return a new DStream with one element per window: the reduction of the window by `f`, or,
   * with `invF`, computed incrementally (requires `ssc.checkpoint(dir)`). PySpark's form with a
   * `None` inverse, `reduceByWindow(f, null, window, slide)`, is the plain window.
   *
   * @example
   * ```ts
   * numbers.reduceByWindow((a, b) => a + b, Seconds(30), Seconds(10));
   * numbers.reduceByWindow((a, b) => a + b, (a, b) => a - b, Seconds(30), Seconds(10));
   * numbers.reduceByWindow((a, b) => a + b, null, Seconds(30), Seconds(10)); // PySpark's None
   * ```
   */
  reduceByWindow(
    f: (a: T, b: T) => T,
    windowDuration: Duration,
    slideDuration: Duration,
  ): DStream<T>;
  reduceByWindow(
    f: (a: T, b: T) => T,
    invF: ((a: T, b: T) => T) | null | undefined,
    windowDuration: Duration,
    slideDuration: Duration,
  ): DStream<T>;
  reduceByWindow(
    f: (a: T, b: T) => T,
    second: Duration | ((a: T, b: T) => T) | null | undefined,
    third: Duration,
    fourth?: Duration,
  ): DStream<T> {
    if (second === null || second === undefined) {
      return this.reduce(f).window(third, fourth).reduce(f);
    }
    if (typeof second !== 'function') return this.reduce(f).window(second, third).reduce(f);
    return this.map((value): Pair<number, T> => [1, value])
      .reduceByKeyAndWindow(f, second, third, fourth ?? this.slideDuration, 1)
      .map((pair) => pair[1]);
  }

  /**
   * Return a new DStream with the number of elements in each window. Emits nothing until the first
   * element was seen, then a number every slide, `0` for empty windows (requires a checkpoint
   * directory: it is an inverse window).
   *
   * @example
   * ```ts
   * clicks.countByWindow(Minutes(1), Seconds(10)).pprint();
   * ```
   */
  countByWindow(windowDuration: Duration, slideDuration: Duration): DStream<number> {
    return this.map(() => 1).reduceByWindow(
      (a, b) => a + b,
      (a, b) => a - b,
      windowDuration,
      slideDuration,
    );
  }

  /**
   * Return a new DStream of `[value, count]` over each window (inverse window: requires a
   * checkpoint directory); values whose count fell to 0 are dropped.
   *
   * @example
   * ```ts
   * pages.countByValueAndWindow(Minutes(1), Seconds(10));
   * ```
   */
  countByValueAndWindow(
    windowDuration: Duration,
    slideDuration: Duration,
    numPartitions: number = this.#node.context.sparkContext.defaultParallelism,
  ): DStream<Pair<T, number>> {
    return this.map((value): Pair<T, number> => [value, 1]).reduceByKeyAndWindow(
      (a, b) => a + b,
      (a, b) => a - b,
      windowDuration,
      slideDuration,
      numPartitions,
      (pair) => pair[1] !== 0,
    );
  }

  /**
   * Return the RDDs of this stream from `from` to `to` (both inclusive, floored to the slide grid),
   * computing those that are not remembered.
   *
   * @throws {@link dstream-ts!SparkError} before the context has started.
   * @example
   * ```ts
   * const lastMinute = stream.slice(new Time(now - 60_000), new Time(now));
   * ```
   */
  slice(interval: Interval): RDD<T>[];
  slice(from: Time, to: Time): RDD<T>[];
  slice(first: Interval | Time, to?: Time): RDD<T>[] {
    return first instanceof Interval
      ? this.#node.slice(first.beginTime, first.endTime)
      : this.#node.slice(first, to ?? first);
  }

  // --- Pair operations ---

  /**
   * *Pair streams only.* Return a new DStream whose RDDs are partitioned by `partitioner`, or
   * hashed into `numPartitions` (default: the default parallelism), or PySpark's form
   * `partitionBy(numPartitions, partitionFunc)`: key `k` goes to `partitionFunc(k) mod numPartitions`.
   *
   * @example
   * ```ts
   * pairs.partitionBy(4);
   * pairs.partitionBy(2, (word) => word.length); // PySpark's partitionFunc
   * ```
   */
  partitionBy<K, V>(this: DStream<Pair<K, V>>, partitioning?: PartitionerLike): DStream<Pair<K, V>>;
  partitionBy<K, V>(
    this: DStream<Pair<K, V>>,
    numPartitions: number,
    partitionFunc: (key: K) => number,
  ): DStream<Pair<K, V>>;
  partitionBy<K, V>(
    this: DStream<Pair<K, V>>,
    partitioning?: PartitionerLike,
    partitionFunc?: (key: K) => number,
  ): DStream<Pair<K, V>> {
    // One partitioner for every batch, so that batches stay co-partitioned (joins skip a shuffle).
    const partitioner =
      partitionFunc === undefined
        ? this.#partitioner(partitioning)
        : functionPartitioner(partitioning as number, partitionFunc);
    return this.#buildingTransform((rdd) => rdd.partitionBy(partitioner), 'partitionBy');
  }

  /**
   * *Pair streams only.* Return a new DStream grouping each batch's values by key.
   *
   * @example
   * ```ts
   * pairs.groupByKey().mapValues((vs) => vs.length);
   * ```
   */
  groupByKey<K, V>(
    this: DStream<Pair<K, V>>,
    partitioning?: PartitionerLike,
  ): DStream<Pair<K, V[]>> {
    return this.#shuffle(groupingAggregator<V>(), partitioning, false, 'groupByKey');
  }

  /**
   * *Pair streams only.* Return a new DStream merging each batch's values per key with `f`.
   *
   * @example
   * ```ts
   * words.mapToPair((w) => [w, 1]).reduceByKey((a, b) => a + b);
   * ```
   */
  reduceByKey<K, V>(
    this: DStream<Pair<K, V>>,
    f: (a: V, b: V) => V,
    partitioning?: PartitionerLike,
  ): DStream<Pair<K, V>> {
    return this.#shuffle(
      { createCombiner: (v) => v, mergeValue: f, mergeCombiners: f },
      partitioning,
      true,
      'reduceByKey',
    );
  }

  /**
   * *Pair streams only.* Return a new DStream combining each batch's values per key.
   *
   * @example
   * ```ts
   * pairs.combineByKey((v) => [v], (acc, v) => [...acc, v], (a, b) => [...a, ...b]);
   * ```
   */
  combineByKey<K, V, C>(
    this: DStream<Pair<K, V>>,
    createCombiner: (value: V) => C,
    mergeValue: (combiner: C, value: V) => C,
    mergeCombiner: (a: C, b: C) => C,
    partitioning?: PartitionerLike,
    mapSideCombine = true,
  ): DStream<Pair<K, C>> {
    return this.#shuffle(
      { createCombiner, mergeValue, mergeCombiners: mergeCombiner },
      partitioning,
      mapSideCombine,
      'combineByKey',
    );
  }

  /** *Pair streams only.* Return a new DStream applying `f` to each value. @example `pairs.mapValues((v) => v * 2)` */
  mapValues<K, V, U>(this: DStream<Pair<K, V>>, f: (value: V) => U): DStream<Pair<K, U>> {
    return new DStream(new MapValuedDStream(this.#node, f));
  }

  /** *Pair streams only.* Return a new DStream applying `f` to each value and flattening. @example `pairs.flatMapValues((v) => v.split(','))` */
  flatMapValues<K, V, U>(
    this: DStream<Pair<K, V>>,
    f: (value: V) => Iterable<U>,
  ): DStream<Pair<K, U>> {
    return new DStream(new FlatMapValuedDStream(this.#node, f));
  }

  /**
   * *Pair streams only.* Return a new DStream of `[key, [values here, values in other]]` for each
   * key of the same batch of either stream.
   *
   * @example
   * ```ts
   * a.cogroup(b);
   * ```
   */
  cogroup<K, V, W>(
    this: DStream<Pair<K, V>>,
    other: DStream<Pair<K, W>>,
    partitioning?: PartitionerLike,
  ): DStream<Pair<K, readonly [V[], W[]]>> {
    const partitioner = this.#partitioner(partitioning);
    return this.#buildingTransformWith(other, (a, b) => a.cogroup(b, partitioner));
  }

  /**
   * *Pair streams only.* Return a new DStream joining each batch of this stream with the same
   * batch of `other`.
   *
   * @example
   * ```ts
   * impressions.join(clicks); // [['ad1', [imp, click]], ...]
   * ```
   */
  join<K, V, W>(
    this: DStream<Pair<K, V>>,
    other: DStream<Pair<K, W>>,
    partitioning?: PartitionerLike,
  ): DStream<Pair<K, readonly [V, W]>> {
    const partitioner = this.#partitioner(partitioning);
    return this.#buildingTransformWith(other, (a, b) => a.join(b, partitioner));
  }

  /**
   * *Pair streams only.* Like `join`, keeping keys missing from `other` with `undefined`.
   *
   * @example
   * ```ts
   * impressions.leftOuterJoin(clicks);
   * ```
   */
  leftOuterJoin<K, V, W>(
    this: DStream<Pair<K, V>>,
    other: DStream<Pair<K, W>>,
    partitioning?: PartitionerLike,
  ): DStream<Pair<K, readonly [V, W | undefined]>> {
    const partitioner = this.#partitioner(partitioning);
    return this.#buildingTransformWith(other, (a, b) => a.leftOuterJoin(b, partitioner));
  }

  /**
   * *Pair streams only.* Like `join`, keeping keys missing from this stream with `undefined`.
   *
   * @example
   * ```ts
   * impressions.rightOuterJoin(clicks);
   * ```
   */
  rightOuterJoin<K, V, W>(
    this: DStream<Pair<K, V>>,
    other: DStream<Pair<K, W>>,
    partitioning?: PartitionerLike,
  ): DStream<Pair<K, readonly [V | undefined, W]>> {
    const partitioner = this.#partitioner(partitioning);
    return this.#buildingTransformWith(other, (a, b) => a.rightOuterJoin(b, partitioner));
  }

  /**
   * *Pair streams only.* Like `join`, keeping keys missing from either side with `undefined`.
   *
   * @example
   * ```ts
   * impressions.fullOuterJoin(clicks);
   * ```
   */
  fullOuterJoin<K, V, W>(
    this: DStream<Pair<K, V>>,
    other: DStream<Pair<K, W>>,
    partitioning?: PartitionerLike,
  ): DStream<Pair<K, readonly [V | undefined, W | undefined]>> {
    const partitioner = this.#partitioner(partitioning);
    return this.#buildingTransformWith(other, (a, b) => a.fullOuterJoin(b, partitioner));
  }

  // --- Pair window operations ---

  /**
   * *Pair streams only.* Return a new DStream reducing the values of each key over a sliding
   * window. Spark's forms: `(f, window)`, `(f, window, slide)`, `(f, window, slide, partitions)`;
   * with an inverse function `(f, invF, window, slide?, partitions?, filter?)` the window is
   * computed incrementally (requires `ssc.checkpoint(dir)`; keys stay with their "zero" value
   * unless `filter` drops them); or one options object.
   *
   * @throws {@link dstream-ts!SparkError} (plain) or {@link dstream-ts!IllegalArgumentError} (inverse form) if a
   * duration is not a multiple of this stream's slide duration.
   * @example
   * ```ts
   * pairs.reduceByKeyAndWindow((a, b) => a + b, Seconds(30), Seconds(10));
   * pairs.reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, Seconds(30), Seconds(10));
   * pairs.reduceByKeyAndWindow({ reduce: (a, b) => a + b, window: Seconds(30), slide: Seconds(10) });
   * ```
   */
  reduceByKeyAndWindow<K, V>(
    this: DStream<Pair<K, V>>,
    options: ReduceByKeyAndWindowOptions<K, V>,
  ): DStream<Pair<K, V>>;
  reduceByKeyAndWindow<K, V>(
    this: DStream<Pair<K, V>>,
    reduce: (a: V, b: V) => V,
    windowDuration: Duration,
    slideDuration?: Duration,
    partitioning?: PartitionerLike,
  ): DStream<Pair<K, V>>;
  reduceByKeyAndWindow<K, V>(
    this: DStream<Pair<K, V>>,
    reduce: (a: V, b: V) => V,
    invReduce: ((a: V, b: V) => V) | null | undefined,
    windowDuration: Duration,
    slideDuration?: Duration,
    partitioning?: PartitionerLike,
    filter?: (pair: Pair<K, V>) => boolean,
  ): DStream<Pair<K, V>>;
  reduceByKeyAndWindow<K, V>(
    this: DStream<Pair<K, V>>,
    first: ReduceByKeyAndWindowOptions<K, V> | ((a: V, b: V) => V),
    second?: Duration | ((a: V, b: V) => V) | null,
    third?: Duration,
    fourth?: Duration | PartitionerLike,
    fifth?: PartitionerLike,
    sixth?: (pair: Pair<K, V>) => boolean,
  ): DStream<Pair<K, V>> {
    const options: ReduceByKeyAndWindowOptions<K, V> =
      typeof first !== 'function'
        ? first
        : second instanceof Duration || typeof second === 'number'
          ? {
              reduce: first,
              window: second,
              ...(third === undefined ? {} : { slide: third }),
              ...(fourth === undefined || fourth instanceof Duration ? {} : { partitions: fourth }),
            }
          : {
              reduce: first,
              ...(typeof second === 'function' ? { inverse: second } : {}),
              window: third as Duration,
              // A number here is PySpark's slide in seconds: the window check says so.
              ...(fourth === undefined ? {} : { slide: fourth as Duration }),
              ...(fifth === undefined ? {} : { partitions: fifth }),
              ...(sixth === undefined ? {} : { filter: sixth }),
            };
    return this.#reduceByKeyAndWindow(options);
  }

  /**
   * *Pair streams only.* Return a new DStream grouping the values of each key over a sliding
   * window (only keys present in the window appear).
   *
   * @example
   * ```ts
   * pairs.groupByKeyAndWindow(Seconds(30), Seconds(10));
   * ```
   */
  groupByKeyAndWindow<K, V>(
    this: DStream<Pair<K, V>>,
    windowDuration: Duration,
    slideDuration: Duration = this.slideDuration,
    partitioning?: PartitionerLike,
  ): DStream<Pair<K, V[]>> {
    const partitioner = this.#partitioner(partitioning);
    return this.groupByKey(partitioner)
      .window(windowDuration, slideDuration)
      .combineByKey<K, V[], V[]>(
        (values) => markAsList([...values]),
        (buffer, values) => {
          for (const value of values) buffer.push(value);
          return buffer;
        },
        (a, b) => {
          for (const value of b) a.push(value);
          return a;
        },
        partitioner,
      );
  }

  // --- State operations ---

  /**
   * *Pair streams only.* Return a new DStream of `[key, state]`, the state of every key after each
   * batch. The function is called for every key that has new values or a state, every batch (with
   * empty `values` for keys without data); returning `undefined` or `null` removes the key.
   * Requires `ssc.checkpoint(dir)`. Spark's seven forms:
   * - `(update)`, `(update, numPartitions)`, `(update, partitioner)`,
   *   `(update, partitioner, initialRDD)` with `update(values, state)`;
   * - `(updateIterator, partitioner, rememberPartitioner, initialRDD?)` with
   *   `updateIterator(items)` over `[key, values, state]`, returning the `[key, state]` pairs to keep;
   * - `(updateWithTime, partitioner, rememberPartitioner, initialRDD?)` with
   *   `updateWithTime(time, key, values, state)`.
   *
   * The iterator and time forms are told apart by their parameter count (1 vs 4).
   *
   * For a key without new data, `values` is one shared, frozen empty array (as immutable as
   * Spark's empty `Seq`).
   *
   * Differs from Spark: states are not serialised between batches, so return a new state object
   * rather than mutating the previous one (an earlier batch's RDD would see the change).
   *
   * @example
   * ```ts
   * ssc.checkpoint('/tmp/cp');
   * const totals = pairs.updateStateByKey((values: number[], total: number | undefined) =>
   *   values.reduce((a, b) => a + b, total ?? 0));
   * ```
   */
  updateStateByKey<K, V, S>(
    this: DStream<Pair<K, V>>,
    update: (values: V[], state: S | undefined) => S | null | undefined,
    partitioning?: PartitionerLike,
  ): DStream<Pair<K, S>>;
  updateStateByKey<K, V, S>(
    this: DStream<Pair<K, V>>,
    update: (values: V[], state: S | undefined) => S | null | undefined,
    partitioner: Partitioner,
    initialRDD: RDD<Pair<K, S>>,
  ): DStream<Pair<K, S>>;
  updateStateByKey<K, V, S>(
    this: DStream<Pair<K, V>>,
    updateIterator: (items: Iterable<StateUpdateInput<K, V, S>>) => Iterable<Pair<K, S>>,
    partitioner: Partitioner,
    rememberPartitioner: boolean,
    initialRDD?: RDD<Pair<K, S>>,
  ): DStream<Pair<K, S>>;
  // A separate overload on purpose: the lambda's parameter count picks the form and types it.
  updateStateByKey<K, V, S>(
    this: DStream<Pair<K, V>>,
    // eslint-disable-next-line @typescript-eslint/unified-signatures
    updateWithTime: (time: Time, key: K, values: V[], state: S | undefined) => S | null | undefined,
    partitioner: Partitioner,
    rememberPartitioner: boolean,
    initialRDD?: RDD<Pair<K, S>>,
  ): DStream<Pair<K, S>>;
  updateStateByKey<K, V, S>(
    this: DStream<Pair<K, V>>,
    update: (...args: never[]) => unknown,
    partitioning?: PartitionerLike,
    third?: boolean | RDD<Pair<K, S>>,
    initialRDD?: RDD<Pair<K, S>>,
  ): DStream<Pair<K, S>> {
    const partitioner = this.#partitioner(partitioning);
    let stateUpdate: StateUpdate<K, V, S>;
    let remember = true;
    let initial = initialRDD;
    if (typeof third === 'boolean') {
      remember = third;
      stateUpdate =
        update.length >= 4
          ? {
              perKey: update as (t: Time, k: K, v: V[], s: S | undefined) => S | null | undefined,
            }
          : {
              partition: (_time, items) =>
                (update as (items: Iterable<StateUpdateInput<K, V, S>>) => Iterable<Pair<K, S>>)(
                  items,
                ),
            };
    } else {
      initial = third;
      const simple = update as (values: V[], state: S | undefined) => S | null | undefined;
      stateUpdate = { perKey: (_time, _key, values, state) => simple(values, state) };
    }
    return new DStream(new StateDStream(this.#node, stateUpdate, partitioner, remember, initial));
  }

  /**
   * *Pair streams only.* Return a stream of what `spec`'s function emits: it is called once per
   * record (never for keys without data), with the key's `State`, which it may read, update or
   * remove; `stateSnapshots()` gives every `[key, state]` after each batch. Idle keys time out on
   * checkpoint batches. Requires `ssc.checkpoint(dir)`.
   *
   * Differs from Spark: states are not serialised, so `update` with a new object rather than
   * mutating the one `get()` returned (earlier snapshots would see the change).
   *
   * @example
   * ```ts
   * const spec = StateSpec.function((word: string, one: number | undefined, state: State<number>) => {
   *   const sum = (one ?? 0) + (state.getOption() ?? 0);
   *   state.update(sum);
   *   return [word, sum] as const;
   * });
   * const running = pairs.mapWithState(spec);
   * running.stateSnapshots().pprint();
   * ```
   */
  mapWithState<K, V, S, M>(
    this: DStream<Pair<K, V>>,
    spec: StateSpec<K, V, S, M>,
  ): MapWithStateDStream<K, V, S, M> {
    const internal = new InternalMapWithStateDStream(this.#node, spec);
    return new MapWithStateDStream(new MapWithStateNode(internal), internal);
  }

  // --- Persistence ---

  /**
   * Keep each generated RDD in memory at `level` (Scala's default `MEMORY_ONLY_SER`), so several
   * outputs do not recompute it.
   *
   * @throws {@link dstream-ts!UnsupportedOperationError} after the context has started.
   * @example
   * ```ts
   * const words = lines.flatMap((l) => l.split(' ')).persist();
   * ```
   */
  persist(level: StorageLevel = StorageLevel.MEMORY_ONLY_SER): this {
    this.#node.persist(level);
    return this;
  }

  /**
   * Checkpoint this stream's RDDs every `interval` (a multiple of its slide duration), which also
   * persists it; requires `ssc.checkpoint(dir)`.
   *
   * @throws {@link dstream-ts!UnsupportedOperationError} after the context has started.
   * @example
   * ```ts
   * state.checkpoint(Seconds(50));
   * ```
   */
  checkpoint(interval: Duration): this {
    this.#node.checkpoint(interval);
    return this;
  }

  /** Persist with the default level. @example `words.cache()` */
  cache(): this {
    return this.persist();
  }

  // --- Output operations ---

  /**
   * Apply `f` to the RDD of every batch: an output operation. `f` may return a promise; the batch
   * waits for it. Outputs run one at a time, in the order they were created. The parameters are
   * `(rdd, time)` (PySpark's `(time, rdd)` fails when the Time is used as an RDD, saying so).
   *
   * @example
   * ```ts
   * counts.foreachRDD(async (rdd, time) => { await db.save(time.milliseconds, rdd.collect()); });
   * ```
   */
  foreachRDD(f: ForeachFunction<T>): void {
    new ForEachDStream(this.#node, f);
  }

  /**
   * Print the first `num` elements of every batch (including empty ones) in Spark's block: 43
   * dashes, `Time: ...`, dashes, the elements, `...` when there were more, an empty line. The
   * default rendering follows PySpark (`Time: 2021-11-14 10:00:54`, `('Store', 4)`);
   * `{ format: 'scala' }` prints `Time: 1636884054000 ms` and `(Store,4)`. The blocks go to the
   * context's `stdout` option (default `process.stdout`).
   *
   * @example
   * ```ts
   * counts.pprint();
   * counts.pprint(5, { format: 'scala' });
   * ```
   */
  pprint(num = 10, options: PrintOptions = {}): void {
    const format = options.format ?? 'python';
    const stdout = this.#node.context.stdout;
    new ForEachDStream(
      this.#node,
      (rdd, time) => {
        stdout.write(formatBatchBlock(time, rdd.take(num + 1), num, format));
      },
      'print',
    );
  }

  /** Alias of {@link dstream-ts!DStream.pprint} (Scala's name). @example `counts.print(20)` */
  print(num = 10, options: PrintOptions = {}): void {
    this.pprint(num, options);
  }

  /**
   * Save each batch as a text directory named `prefix-TIME_IN_MS[.suffix]` (one `part-NNNNN` per
   * partition and `_SUCCESS`); a re-run batch overwrites its directory. Elements are written as
   * Scala's `toString` (`(a,1)`), or with `{ format: 'python' }` as PySpark's `str` (`('a', 1)`).
   *
   * @example
   * ```ts
   * counts.saveAsTextFiles('/tmp/counts/batch', 'txt'); // /tmp/counts/batch-1000.txt/part-00000 ...
   * counts.saveAsTextFiles('/tmp/counts/batch', 'txt', { format: 'python' });
   * ```
   */
  saveAsTextFiles(prefix: string, suffix = '', options: SaveAsTextFileOptions = {}): void {
    new ForEachDStream(
      this.#node,
      (rdd, time) =>
        saveAsTextFile(rdd.node, rddToFileName(prefix, suffix, time), {
          ...options,
          overwrite: true,
        }),
      'saveAsTextFiles',
    );
  }

  /**
   * Save each batch with `saveAsObjectFile` as a directory named `prefix-TIME_IN_MS[.suffix]`
   * (read it back with `sc.objectFile`); a re-run batch overwrites its directory.
   *
   * @example
   * ```ts
   * counts.saveAsObjectFiles('/tmp/counts/batch', 'obj'); // /tmp/counts/batch-1000.obj/part-00000 ...
   * ```
   */
  saveAsObjectFiles(prefix: string, suffix = ''): void {
    new ForEachDStream(
      this.#node,
      (rdd, time) =>
        saveAsObjectFile(rdd.node, rddToFileName(prefix, suffix, time), { overwrite: true }),
      'saveAsObjectFiles',
    );
  }

  /**
   * Return an Observable that emits `{ time, data }` for every batch, `data` being the batch's
   * collected RDD: an output operation, so call it before `start()`. It is hot (a subscriber gets
   * the batches run after it subscribed) and completes once the context has stopped. A batch whose
   * RDD cannot be computed fails like any output (see `awaitTermination()`); the Observable goes on.
   * Subscribers run inside the batch's job; an error one throws is rxjs's to report (as unhandled),
   * not a failed batch.
   *
   * @example
   * ```ts
   * counts.toObservable().subscribe(({ time, data }) => console.log(time.milliseconds, data));
   * ssc.start();
   * ```
   */
  toObservable(): Observable<BatchData<T>> {
    return toObservable(this.#node);
  }

  // --- Internals ---

  #reduceByKeyAndWindow<K, V>(
    this: DStream<Pair<K, V>>,
    options: ReduceByKeyAndWindowOptions<K, V>,
  ): DStream<Pair<K, V>> {
    const { reduce, inverse, window, slide = this.slideDuration, filter } = options;
    const partitioner = this.#partitioner(options.partitions);
    if (inverse === undefined) {
      const windowed = this.reduceByKey(reduce, partitioner)
        .window(window, slide)
        .reduceByKey(reduce, partitioner);
      return filter === undefined ? windowed : windowed.filter(filter);
    }
    return new DStream(
      new ReducedWindowedDStream(this.#node, reduce, inverse, filter, window, slide, partitioner),
    );
  }

  #shuffle<K, V, C>(
    this: DStream<Pair<K, V>>,
    aggregator: Aggregator<V, C>,
    partitioning: PartitionerLike | undefined,
    mapSideCombine: boolean,
    operation: string,
  ): DStream<Pair<K, C>> {
    return new DStream(
      new ShuffledDStream(
        this.#node,
        aggregator,
        this.#partitioner(partitioning),
        mapSideCombine,
        operation,
      ),
    );
  }

  #partitioner(partitioning: PartitionerLike | undefined): Partitioner {
    return partitioning === undefined
      ? new HashPartitioner(this.#node.context.sparkContext.defaultParallelism)
      : toPartitioner(partitioning, []);
  }
}

/**
 * The result of `mapWithState`: the mapped records, plus `stateSnapshots()`.
 *
 * @example
 * ```ts
 * const running = pairs.mapWithState(spec);
 * running.stateSnapshots().foreachRDD((rdd) => console.log(rdd.collect()));
 * ```
 */
export class MapWithStateDStream<K, V, S, M> extends DStream<M> {
  readonly #internal: InternalMapWithStateDStream<K, V, S, M>;

  /** @internal */
  constructor(node: DStreamNode<M>, internal: InternalMapWithStateDStream<K, V, S, M>) {
    super(node);
    this.#internal = internal;
  }

  /** Return a DStream of every `[key, state]` held after each batch. @example `running.stateSnapshots().pprint()` */
  stateSnapshots(): DStream<Pair<K, S>> {
    return new DStream(new StateSnapshotDStream(this.#internal));
  }
}
