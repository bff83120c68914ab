/** The public DStream facade; port of Spark's DStream and PairDStreamFunctions APIs. */
import type { StreamingContext } from '../context/streaming-context.js';
import { ForEachDStream, type ForeachFunction } from '../output/for-each-dstream.js';
import { formatBatchBlock, type PrintOptions } from '../output/print.js';
import { rddToFileName } from '../output/save-as-text-files.js';
import type { Aggregator } from '../rdd/aggregator.js';
import type { Pair } from '../rdd/pair.js';
import { HashPartitioner, type Partitioner } from '../rdd/partitioner.js';
import { toPartitioner, type PartitionerLike } from '../rdd/partitioning.js';
import type { RDD } from '../rdd/rdd.js';
import { saveAsTextFile } from '../rdd/save-as-text-file.js';
import { StorageLevel } from '../rdd/storage-level.js';
import type { Duration } from '../time/duration.js';
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
import { UnionDStream } from './union-dstream.js';

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

  /** Return the interval at which this stream produces an RDD. @example `stream.slideDuration // Duration(1000 ms)` */
  get slideDuration(): Duration {
    return this.#node.slideDuration;
  }

  // --- Transformations ---

  /** Return a new DStream by applying `f` to each element. @example `lines.map((l) => l.length)` */
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

  /** Return a new DStream by applying `f` to each element and flattening the results. @example `lines.flatMap((l) => l.split(' '))` */
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
   * @throws {@link IllegalArgumentError} (when the batch runs) unless a positive integer.
   * @example
   * ```ts
   * stream.repartition(4);
   * ```
   */
  repartition(numPartitions: number): DStream<T> {
    return this.transform((rdd) => rdd.repartition(numPartitions));
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
      .transform((rdd) => rdd.union(rdd.context.parallelize<Pair<null, number>>([[null, 0]], 1)))
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
   *
   * @throws {@link SparkError} (failing the batch) if `f` returns `null`/`undefined`.
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
   * @throws {@link IllegalArgumentError} if the streams slide at different intervals.
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

  /**
   * Return a new DStream whose RDDs are the union of this stream's and `other`'s.
   *
   * @throws {@link IllegalArgumentError} if the streams slide at different intervals.
   * @example
   * ```ts
   * web.union(mobile);
   * ```
   */
  union(other: DStream<T>): DStream<T> {
    return new DStream(new UnionDStream([this.#node, other.#node]));
  }

  // --- Pair operations ---

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
    return this.#shuffle<K, V, V[]>(
      {
        createCombiner: (v) => [v],
        mergeValue: (group, v) => {
          group.push(v);
          return group;
        },
        mergeCombiners: (a, b) => a.concat(b),
      },
      partitioning,
      false,
      'groupByKey',
    );
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
    return this.transformWith(other, (a, b) => a.cogroup(b, partitioner));
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
    return this.transformWith(other, (a, b) => a.join(b, partitioner));
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
    return this.transformWith(other, (a, b) => a.leftOuterJoin(b, partitioner));
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
    return this.transformWith(other, (a, b) => a.rightOuterJoin(b, partitioner));
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
    return this.transformWith(other, (a, b) => a.fullOuterJoin(b, partitioner));
  }

  // --- Persistence ---

  /**
   * Keep each generated RDD in memory at `level` (Scala's default `MEMORY_ONLY_SER`), so several
   * outputs do not recompute it.
   *
   * @throws {@link UnsupportedOperationError} after the context has started.
   * @example
   * ```ts
   * const words = lines.flatMap((l) => l.split(' ')).persist();
   * ```
   */
  persist(level: StorageLevel = StorageLevel.MEMORY_ONLY_SER): this {
    this.#node.persist(level);
    return this;
  }

  /** Persist with the default level. @example `words.cache()` */
  cache(): this {
    return this.persist();
  }

  // --- Output operations ---

  /**
   * Apply `f` to the RDD of every batch: an output operation. `f` may return a promise; the batch
   * waits for it. Outputs run one at a time, in the order they were created.
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
   * `{ format: 'scala' }` prints `Time: 1636884054000 ms` and `(Store,4)`.
   *
   * @example
   * ```ts
   * counts.pprint();
   * counts.pprint(5, { format: 'scala' });
   * ```
   */
  pprint(num = 10, options: PrintOptions = {}): void {
    const format = options.format ?? 'python';
    new ForEachDStream(
      this.#node,
      (rdd, time) => {
        process.stdout.write(formatBatchBlock(time, rdd.take(num + 1), num, format));
      },
      'print',
    );
  }

  /** Alias of {@link DStream.pprint} (Scala's name). @example `counts.print(20)` */
  print(num = 10, options: PrintOptions = {}): void {
    this.pprint(num, options);
  }

  /**
   * Save each batch as a text directory named `prefix-TIME_IN_MS[.suffix]` (one `part-NNNNN` per
   * partition and `_SUCCESS`); a re-run batch overwrites its directory.
   *
   * @example
   * ```ts
   * counts.saveAsTextFiles('/tmp/counts/batch', 'txt'); // /tmp/counts/batch-1000.txt/part-00000 ...
   * ```
   */
  saveAsTextFiles(prefix: string, suffix = ''): void {
    new ForEachDStream(
      this.#node,
      (rdd, time) =>
        saveAsTextFile(rdd.node, rddToFileName(prefix, suffix, time), { overwrite: true }),
      'saveAsTextFiles',
    );
  }

  // --- Internals ---

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
