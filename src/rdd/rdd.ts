/** The public RDD facade: port of Spark's RDD API; the pair, ordered and numeric groups are its base classes. */
import type { SparkContext } from '../context/spark-context.js';
import { UnsupportedOperationError } from '../errors.js';
import { cloneZero } from '../internal/clone.js';
import { CoalescedRDD } from './coalesced-rdd.js';
import { compareKeys } from './compare-keys.js';
import { debugString, describeRDD } from './debug-string.js';
import { markAsList } from './format.js';
import { KeyIndex, mapByValue } from './key-map.js';
import type { ElementOp } from './element-op.js';
import { MapPartitionsRDD } from './map-partitions-rdd.js';
import type { Key, Pair } from './pair.js';
import { HashPartitioner, checkPositivePartitions, type Partitioner } from './partitioner.js';
import { withOperationScope, type Sink } from './rdd-node.js';
import { saveAsTextFile } from './save-as-text-file.js';
import { ShuffledRDD } from './shuffled-rdd.js';
import { StorageLevel } from './storage-level.js';
import { UnionRDD } from './union-rdd.js';
import { ZippedWithIndexRDD } from './zipped-with-index-rdd.js';
import { PairRDDFunctions } from './pair-rdd-functions.js';

/** Thrown inside a partition's pass to stop it early (`take`); never escapes this file. */
const STOP = new Error('take: enough elements');

/**
 * A Resilient Distributed Dataset: an immutable, partitioned collection computed lazily from its
 * lineage. Narrow operations (map, filter, flatMap, mapValues, ...) fuse into one pass per
 * partition; shuffles (reduceByKey, join, ...) materialise once per RDD. Actions are synchronous.
 *
 * @example
 * ```ts
 * const counts = sc.parallelize(['a b', 'b'], 2)
 *   .flatMap((line) => line.split(' '))
 *   .mapToPair((word) => [word, 1])
 *   .reduceByKey((a, b) => a + b)
 *   .collect(); // [['b', 2], ['a', 1]]
 * ```
 */
export class RDD<T> extends PairRDDFunctions<T> {
  // --- Members ---

  /** Return the SparkContext that created this RDD. @example `rdd.context.parallelize([1])` */
  get context(): SparkContext {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- SparkContext is the only RDDContext
    return this.node.context as SparkContext;
  }
  /** Alias of {@link RDD.context}. @example `rdd.sparkContext.emptyRDD()` */
  get sparkContext(): SparkContext {
    return this.context;
  }
  /** Return this RDD's unique id within its context. @example `rdd.id` */
  get id(): number {
    return this.node.id;
  }
  /** Return the name given with `setName`, if any. @example `rdd.setName('lines').name // 'lines'` */
  get name(): string | undefined {
    return this.node.name;
  }
  /** Name this RDD (shown by `toDebugString`); returns this RDD. @example `rdd.setName('lines')` */
  setName(name: string): this {
    this.node.name = name;
    return this;
  }
  /** Return the partitioner of a key-partitioned RDD, or `undefined`. @example `rdd.partitioner` */
  get partitioner(): Partitioner | undefined {
    return this.node.partitioner;
  }
  /** Return the number of partitions. @example `sc.parallelize([1, 2, 3], 3).getNumPartitions() // 3` */
  getNumPartitions(): number {
    return this.node.numPartitions;
  }
  /** Return the storage level (`NONE` unless persisted). @example `rdd.cache().getStorageLevel()` */
  getStorageLevel(): StorageLevel {
    return this.node.storageLevel;
  }

  // --- Persistence ---

  /**
   * Keep the computed partitions in memory once computed, at `level` (default `MEMORY_ONLY`).
   *
   * @throws {@link UnsupportedOperationError} if a different level was already assigned.
   * @example
   * ```ts
   * const words = lines.flatMap((l) => l.split(' ')).persist();
   * ```
   */
  persist(level: StorageLevel = StorageLevel.MEMORY_ONLY): this {
    const current = this.node.storageLevel;
    if (current !== StorageLevel.NONE && current !== level) {
      throw new UnsupportedOperationError(
        'Cannot change storage level of an RDD after it was already assigned a level',
      );
    }
    this.node.setStorageLevel(level);
    return this;
  }
  /** Persist with `MEMORY_ONLY`. @example `rdd.cache()` */
  cache(): this {
    return this.persist(StorageLevel.MEMORY_ONLY);
  }
  /** Drop the kept partitions and forget the storage level. @example `rdd.unpersist()` */
  unpersist(): this {
    this.node.setStorageLevel(StorageLevel.NONE);
    return this;
  }

  // --- Transformations ---

  /** Return a new RDD by applying `f` to each element. @example `rdd.map((x) => x * 2)` */
  map<U>(f: (value: T) => U): RDD<U> {
    return this.#op('map', { kind: 'map', fn: f });
  }

  /**
   * Return a new RDD of pairs by applying `f` to each element (Spark's Java `mapToPair`); the
   * return type makes `[word, 1]` a tuple without annotations.
   *
   * @example
   * ```ts
   * words.mapToPair((w) => [w, 1]).reduceByKey((a, b) => a + b);
   * ```
   */
  mapToPair<K, V>(f: (value: T) => Pair<K, V>): RDD<Pair<K, V>> {
    return withOperationScope('mapToPair', () => this.map(f));
  }

  /** Return a new RDD by applying `f` to each element and flattening. @example `lines.flatMap((l) => l.split(' '))` */
  flatMap<U>(f: (value: T) => Iterable<U>): RDD<U> {
    return this.#op('flatMap', { kind: 'flatMap', fn: f });
  }

  /** Return a new RDD with the elements that satisfy `predicate`. @example `rdd.filter((x) => x > 0)` */
  filter(predicate: (value: T) => boolean): RDD<T> {
    // Keeps the partitioner, as Spark's filter (preservesPartitioning = true).
    const op: ElementOp = { kind: 'filter', fn: predicate };
    return new RDD(new MapPartitionsRDD<T, T>(this.node, 'filter', { op }, true));
  }

  /**
   * Return a new RDD by applying `f` to each partition's iterator.
   *
   * @example
   * ```ts
   * rdd.mapPartitions(function* (items) { let sum = 0; for (const x of items) sum += x; yield sum; });
   * ```
   */
  mapPartitions<U>(
    f: (items: IterableIterator<T>) => Iterable<U>,
    preservesPartitioning = false,
  ): RDD<U> {
    return new RDD(
      new MapPartitionsRDD(
        this.node,
        'mapPartitions',
        { partitionFunction: (items) => f(items) },
        preservesPartitioning,
      ),
    );
  }

  /**
   * Return a new RDD by applying `f` to each partition's index and iterator.
   *
   * @example
   * ```ts
   * rdd.mapPartitionsWithIndex((index, items) => [...items].map((x) => [index, x]));
   * ```
   */
  mapPartitionsWithIndex<U>(
    f: (index: number, items: IterableIterator<T>) => Iterable<U>,
    preservesPartitioning = false,
  ): RDD<U> {
    return new RDD(
      new MapPartitionsRDD(
        this.node,
        'mapPartitionsWithIndex',
        { partitionFunction: (items, index) => f(index, items) },
        preservesPartitioning,
      ),
    );
  }

  /** Return an RDD with one array per partition. @example `sc.parallelize([1, 2, 3], 2).glom().collect() // [[1], [2, 3]]` */
  glom(): RDD<T[]> {
    return new RDD(
      new MapPartitionsRDD(this.node, 'glom', {
        partitionFunction: (items) => [markAsList([...items])],
      }),
    );
  }

  /**
   * Return the union of this RDD and `other` (duplicates kept), partitions one after the other.
   * Differs from Spark: the partitioner is not kept when both sides share one (Spark's
   * PartitionerAwareUnionRDD).
   *
   * @example
   * ```ts
   * a.union(b);
   * ```
   */
  union(other: RDD<T>): RDD<T> {
    return new RDD(new UnionRDD(this.node.context, [this.node, other.node]));
  }

  /** Return a new RDD with the distinct elements. @example `sc.parallelize([1, 1, 2]).distinct()` */
  distinct(numPartitions: number = this.getNumPartitions()): RDD<T> {
    return withOperationScope('distinct', () =>
      this.map((value): Pair<T, null> => [value, null])
        .reduceByKey((a) => a, numPartitions)
        .map((pair) => pair[0]),
    );
  }

  /** Return pairs `[f(x), x]`. @example `words.keyBy((w) => w.length)` */
  keyBy<K>(f: (value: T) => K): RDD<Pair<K, T>> {
    return this.#op('keyBy', { kind: 'keyBy', fn: f });
  }

  /** Return pairs of each element and its index (partition order). @example `rdd.zipWithIndex()` */
  zipWithIndex(): RDD<Pair<T, number>> {
    return new RDD(new ZippedWithIndexRDD(this.node));
  }

  /**
   * Return an RDD with exactly `numPartitions` partitions, redistributing with a shuffle.
   *
   * @throws {@link IllegalArgumentError} unless `numPartitions` is a positive integer.
   * @example
   * ```ts
   * rdd.repartition(4).getNumPartitions(); // 4
   * ```
   */
  repartition(numPartitions: number): RDD<T> {
    return withOperationScope('repartition', () => this.coalesce(numPartitions, true));
  }

  /**
   * Return an RDD reduced to `numPartitions` partitions; without `shuffle`, neighbouring partitions
   * are merged and the count never grows.
   *
   * @throws {@link IllegalArgumentError} unless `numPartitions` is a positive integer.
   * @example
   * ```ts
   * sc.parallelize([1, 2, 3, 4], 4).coalesce(2).glom().collect(); // [[1, 2], [3, 4]]
   * ```
   */
  coalesce(numPartitions: number, shuffle = false): RDD<T> {
    checkPositivePartitions(numPartitions);
    if (!shuffle) return new RDD(new CoalescedRDD(this.node, numPartitions));
    return withOperationScope('coalesce', () => {
      // Differs from Spark: each partition starts its round-robin at its own index instead of at
      // XORShiftRandom(index), so the layout is predictable; the spread is equally even.
      const distributed = new MapPartitionsRDD<T, Pair<number, T>>(this.node, 'coalesce', {
        step: (sink, index) => {
          let position = index % numPartitions;
          return (value) => {
            position += 1;
            sink([position, value]);
          };
        },
      });
      const shuffled = new ShuffledRDD<number, T, T>(
        distributed,
        new HashPartitioner(numPartitions),
        'coalesce',
      );
      return new RDD(new CoalescedRDD(shuffled, numPartitions)).values();
    });
  }

  /**
   * Return this RDD sorted by `f(element)`.
   *
   * @example
   * ```ts
   * words.sortBy((w) => w.length, false);
   * ```
   */
  sortBy<K extends Key>(
    f: (value: T) => K,
    ascending = true,
    numPartitions = this.getNumPartitions(),
  ): RDD<T> {
    return withOperationScope('sortBy', () =>
      this.keyBy(f).sortByKey(ascending, numPartitions).values(),
    );
  }

  // --- Actions ---

  /** Return all elements, in partition order. @example `sc.parallelize([1, 2]).collect() // [1, 2]` */
  collect(): T[] {
    const out: T[] = [];
    const sink: Sink<T> = (value) => out.push(value);
    for (let p = 0; p < this.node.numPartitions; p++) this.node.iterate(p, sink);
    return out;
  }

  /** Return the number of elements. @example `rdd.count()` */
  count(): number {
    let n = 0;
    for (let p = 0; p < this.node.numPartitions; p++) n = this.node.foldPartition(p, n, countOne);
    return n;
  }

  /** Return whether the RDD has no element (computes at most what `take(1)` needs). @example `rdd.isEmpty()` */
  isEmpty(): boolean {
    return this.node.numPartitions === 0 || this.take(1).length === 0;
  }

  /**
   * Return the first `num` elements, scanning one partition first and then four times as many
   * each round, as Spark does, so unneeded partitions are never computed.
   *
   * @example
   * ```ts
   * rdd.take(3);
   * ```
   */
  take(num: number): T[] {
    const taken: T[] = [];
    const total = this.node.numPartitions;
    let scanned = 0;
    while (taken.length < num && scanned < total) {
      const left = num - taken.length;
      let tryCount = 1;
      if (scanned > 0) {
        // Spark 3: estimate from what is left, overestimated by 50%, at most 4x what was scanned.
        tryCount =
          taken.length === 0
            ? scanned * 4
            : Math.min(Math.ceil((1.5 * left * scanned) / taken.length), scanned * 4);
      }
      const end = Math.min(scanned + tryCount, total);
      for (let p = scanned; p < end; p++) this.#takeFromPartition(p, left, taken);
      scanned = end;
    }
    return taken.length > num ? taken.slice(0, num) : taken;
  }

  /**
   * Return the first element.
   *
   * @throws {@link UnsupportedOperationError} `"empty collection"` when the RDD is empty.
   * @example
   * ```ts
   * sc.parallelize([3, 1]).first(); // 3
   * ```
   */
  first(): T {
    const taken = this.take(1);
    if (taken.length === 0) throw new UnsupportedOperationError('empty collection');
    return taken[0] as T;
  }

  /**
   * Return the `num` smallest elements by `compare` (default: Scala's natural ordering).
   *
   * @example
   * ```ts
   * sc.parallelize([5, 1, 3]).takeOrdered(2); // [1, 3]
   * ```
   */
  takeOrdered(num: number, compare: (a: T, b: T) => number = compareKeys): T[] {
    return this.collect().sort(compare).slice(0, Math.max(0, num));
  }

  /** Return the `num` largest elements, largest first. @example `sc.parallelize([5, 1, 3]).top(2) // [5, 3]` */
  top(num: number, compare: (a: T, b: T) => number = compareKeys): T[] {
    return this.takeOrdered(num, (a, b) => compare(b, a));
  }

  /**
   * Reduce the elements with an associative, commutative `f`.
   *
   * @throws {@link UnsupportedOperationError} `"empty collection"` when the RDD is empty.
   * @example
   * ```ts
   * sc.parallelize([1, 2, 3]).reduce((a, b) => a + b); // 6
   * ```
   */
  reduce(f: (a: T, b: T) => T): T {
    const reduceOrTake = (acc: T | typeof NONE, value: T): T =>
      acc === NONE ? value : f(acc, value);
    let result: T | typeof NONE = NONE;
    for (let p = 0; p < this.node.numPartitions; p++) {
      const partial = this.node.foldPartition<T | typeof NONE>(p, NONE, reduceOrTake);
      if (partial !== NONE) result = reduceOrTake(result, partial);
    }
    if (result === NONE) throw new UnsupportedOperationError('empty collection');
    return result;
  }

  /**
   * Fold each partition from a copy of `zeroValue`, then fold the partition results from another.
   *
   * @example
   * ```ts
   * sc.parallelize([1, 2, 3], 2).fold(0, (a, b) => a + b); // 6
   * ```
   */
  fold(zeroValue: T, op: (a: T, b: T) => T): T {
    return this.aggregate(zeroValue, op, op);
  }

  /**
   * Aggregate each partition with `seqOp` from a copy of `zeroValue`, then merge with `combOp`.
   *
   * @example
   * ```ts
   * rdd.aggregate([0, 0], ([s, n], x) => [s + x, n + 1], ([s1, n1], [s2, n2]) => [s1 + s2, n1 + n2]);
   * ```
   */
  aggregate<U>(zeroValue: U, seqOp: (acc: U, value: T) => U, combOp: (a: U, b: U) => U): U {
    let result = cloneZero(zeroValue);
    for (let p = 0; p < this.node.numPartitions; p++) {
      result = combOp(result, this.node.foldPartition(p, cloneZero(zeroValue), seqOp));
    }
    return result;
  }

  /** Call `f` on every element, for its side effects. @example `rdd.foreach((x) => console.log(x))` */
  foreach(f: (value: T) => void): void {
    for (let p = 0; p < this.node.numPartitions; p++) this.node.iterate(p, f);
  }

  /** Call `f` once per partition with an iterator over it. @example `rdd.foreachPartition((items) => db.insert([...items]))` */
  foreachPartition(f: (items: IterableIterator<T>) => void): void {
    for (let p = 0; p < this.node.numPartitions; p++) f(this.node.partition(p).values());
  }

  /**
   * Return how many times each distinct element occurs, keyed by the first-seen equal element.
   *
   * @example
   * ```ts
   * sc.parallelize(['a', 'b', 'a']).countByValue(); // Map { 'a' => 2, 'b' => 1 }
   * ```
   */
  countByValue(): Map<T, number> {
    const index = new KeyIndex<T>();
    const counts: number[] = [];
    this.foreach((value) => {
      const slot = index.slotOf(value);
      counts[slot] = (counts[slot] ?? 0) + 1;
    });
    return mapByValue(index.keys, counts);
  }

  /**
   * Write the RDD as a directory of `part-NNNNN` text files and a `_SUCCESS` marker.
   *
   * @throws {@link FileAlreadyExistsError} (rejected) if `path` exists.
   * @example
   * ```ts
   * await counts.saveAsTextFile('/tmp/counts');
   * ```
   */
  saveAsTextFile(path: string): Promise<void> {
    return saveAsTextFile(this.node, path);
  }

  /**
   * Return the lineage, one line per RDD, in Spark's layout.
   *
   * @example
   * ```ts
   * console.log(counts.toDebugString());
   * // (2) ShuffledRDD[4] at reduceByKey at app.ts:9 []
   * //  +-(2) MapPartitionsRDD[3] at map at app.ts:8 []
   * ```
   */
  toDebugString(): string {
    return debugString(this.node);
  }

  /** Spark's `"ClassName[id] at callSite"`. @example `String(rdd) // 'MapPartitionsRDD[3] at map at app.ts:8'` */
  override toString(): string {
    return describeRDD(this.node);
  }

  // --- Internals ---

  #op<U>(operation: string, op: ElementOp): RDD<U> {
    return new RDD(new MapPartitionsRDD<T, U>(this.node, operation, { op }));
  }

  #takeFromPartition(partition: number, left: number, into: T[]): void {
    if (left <= 0) return;
    let taken = 0;
    try {
      this.node.iterate(partition, (value) => {
        into.push(value);
        if (++taken >= left) throw STOP;
      });
    } catch (error) {
      if (error !== STOP) throw error;
    }
  }
}

/** No element yet (reduce's accumulator before the first element). */
const NONE: unique symbol = Symbol('none');

function countOne(n: number): number {
  return n + 1;
}
