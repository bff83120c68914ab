/** The public RDD facade: port of Spark's RDD API; the pair, ordered and numeric groups are its base classes. */
import type { SparkContext } from '../context/spark-context.js';
import { requireArgument, SparkError, UnsupportedOperationError } from '../errors.js';
import { cloneZero } from '../internal/clone.js';
import { javaDoubleString } from '../internal/java-double.js';
import { CartesianRDD } from './cartesian-rdd.js';
import { CoalescedRDD } from './coalesced-rdd.js';
import { compareKeys } from './compare-keys.js';
import { debugString, describeRDD } from './debug-string.js';
import { markAsList } from './format.js';
import { KeyIndex, mapByValue } from './key-map.js';
import type { ElementOp } from './element-op.js';
import { MapPartitionsRDD } from './map-partitions-rdd.js';
import { HyperLogLog, precisionFor } from './hyper-log-log.js';
import { saveAsObjectFile } from './object-file.js';
import type { Key, Pair, PairOf } from './pair.js';
import { HashPartitioner, checkPositivePartitions, type Partitioner } from './partitioner.js';
import { unionOf } from './partitioner-aware-union-rdd.js';
import { toPartitioner, type PartitionerLike } from './partitioning.js';
import { PipedRDD, tokenizeCommand } from './piped-rdd.js';
import {
  bernoulliStep,
  cellStep,
  fractionForSampleSize,
  poissonStep,
  randomSeed,
  SeededRandom,
  shuffleInPlace,
} from './random-sampler.js';
import { checkpointDirectoryNotSet, doCheckpoint, localCheckpointLevel } from './rdd-checkpoint.js';
import { withOperationScope, type Sink } from './rdd-node.js';
import { runJob } from './run-job.js';
import { saveAsTextFile, type SaveAsTextFileOptions } from './save-as-text-file.js';
import { ShuffledRDD } from './shuffled-rdd.js';
import { StorageLevel } from './storage-level.js';
import { ZippedPartitionsRDD, type ZipPartitionsFunction } from './zipped-partitions-rdd.js';
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
    if (this.node.checkpointMark === 'local') {
      // localCheckpoint() persisted it already: the asked level, with disk, replaces it (Spark).
      this.node.setStorageLevel(localCheckpointLevel(level));
      return this;
    }
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

  /**
   * Return a new RDD by applying `f` to each element. A function returning a 2-element array
   * literal makes a pair RDD (`[w, 1]` is typed `Pair<string, number>` without annotations).
   *
   * @example
   * ```ts
   * rdd.map((x) => x * 2);
   * words.map((w) => [w, 1]).reduceByKey((a, b) => a + b);
   * ```
   */
  map<R extends readonly [unknown, unknown]>(f: (value: T) => R): RDD<PairOf<R>>;
  map<U>(f: (value: T) => U): RDD<U>;
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

  /**
   * Return a new RDD by applying `f` to each element and flattening; 2-element array literals
   * make a pair RDD, as with `map`.
   *
   * @example
   * ```ts
   * lines.flatMap((l) => l.split(' '));
   * lines.flatMap((l) => l.split(' ').map((w) => [w, 1])).reduceByKey((a, b) => a + b);
   * ```
   */
  flatMap<R extends readonly [unknown, unknown]>(f: (value: T) => Iterable<R>): RDD<PairOf<R>>;
  flatMap<U>(f: (value: T) => Iterable<U>): RDD<U>;
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
   * Return the union of this RDD and `other` (duplicates kept): when both have the same
   * partitioner, partition i holds both partitions i and the partitioner is kept (Spark's
   * PartitionerAwareUnionRDD); otherwise the partitions one after the other.
   *
   * @example
   * ```ts
   * a.union(b);
   * ```
   */
  union(other: RDD<T>): RDD<T> {
    return new RDD(unionOf(this.node.context, [this.node, other.node]));
  }

  /** Return a new RDD with the distinct elements. @example `sc.parallelize([1, 1, 2]).distinct()` */
  distinct(numPartitions: number = this.getNumPartitions()): RDD<T> {
    // Shared functions, not lambdas per call, so a stream's per-batch chains repeat and are
    // compiled (fused-chain.ts).
    return withOperationScope('distinct', () =>
      this.map(withNull).reduceByKey(keepFirst, numPartitions).keys(),
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

  /**
   * Return `[key, elements]` for each key `f` gives (`groupByKey` of `keyBy(f)`), into a
   * partition count or partitioner when given.
   *
   * @example
   * ```ts
   * sc.parallelize([1, 1, 2, 3, 5, 8]).groupBy((x) => x % 2).collect(); // [[0, [2, 8]], [1, [1, 1, 3, 5]]]
   * ```
   */
  groupBy<K>(f: (value: T) => K, partitioning?: PartitionerLike): RDD<Pair<K, T[]>> {
    return withOperationScope('groupBy', () => this.keyBy(f).groupByKey(partitioning));
  }

  /**
   * Return a random sample: each element kept with probability `fraction` (without
   * replacement), or repeated a Poisson(`fraction`) number of times (with replacement). The
   * same seed always gives the same sample.
   *
   * Differs from Spark: another random generator, so a seed picks other elements than Spark's.
   *
   * @throws {@link IllegalArgumentError} `"requirement failed: Fraction must be nonnegative, but got -1.0"`.
   * @example
   * ```ts
   * sc.parallelize(range(100), 4).sample(false, 0.1, 81).count(); // about 10
   * ```
   */
  sample(withReplacement: boolean, fraction: number, seed: number = randomSeed()): RDD<T> {
    requireArgument(
      fraction >= 0,
      `Fraction must be nonnegative, but got ${javaDoubleString(fraction)}`,
    );
    // Differs from Spark: without replacement a fraction above 1 keeps every element, as
    // PySpark's sampler does; Scala's BernoulliSampler refuses it ("must be on interval [0, 1]").
    const step = withReplacement
      ? poissonStep<T>(fraction, seed)
      : bernoulliStep<T>(fraction, seed);
    return new RDD(
      new MapPartitionsRDD<T, T>(this.node, 'sample', { step }, true, 'PartitionwiseSampledRDD'),
    );
  }

  /**
   * Split this RDD at random into RDDs whose sizes follow `weights` (normalised); every element
   * lands in exactly one of them (they share the seed).
   *
   * @throws {@link IllegalArgumentError} for a negative weight or weights summing to 0.
   * @example
   * ```ts
   * const [train, test] = data.randomSplit([0.8, 0.2], 17);
   * ```
   */
  randomSplit(weights: readonly number[], seed: number = randomSeed()): RDD<T>[] {
    const shown = `[${weights.map(javaDoubleString).join(',')}]`;
    requireArgument(
      weights.every((w) => w >= 0),
      `Weights must be nonnegative, but got ${shown}`,
    );
    const sum = weights.reduce((a, b) => a + b, 0);
    requireArgument(sum > 0, `Sum of weights must be positive, but got ${shown}`);
    const bounds = [0];
    for (const w of weights) bounds.push((bounds[bounds.length - 1] as number) + w / sum);
    return withOperationScope('randomSplit', () =>
      weights.map(
        (_, i) =>
          new RDD(
            new MapPartitionsRDD<T, T>(
              this.node,
              'randomSplit',
              { step: cellStep<T>(bounds[i] as number, bounds[i + 1] as number, seed) },
              true,
            ),
          ),
      ),
    );
  }

  /**
   * Return the elements of this RDD that are not in `other` (compared by value); duplicates of
   * kept elements stay. Partitioned like this RDD unless a partition count or partitioner is given.
   *
   * @example
   * ```ts
   * sc.parallelize([1, 2, 2, 3]).subtract(sc.parallelize([2])).collect(); // [1, 3]
   * ```
   */
  subtract(other: RDD<T>, partitioning?: PartitionerLike): RDD<T> {
    const partitioner =
      partitioning === undefined
        ? (this.partitioner ?? new HashPartitioner(this.getNumPartitions()))
        : toPartitioner(partitioning, []);
    return withOperationScope('subtract', () => {
      // A pair RDD already partitioned this way: partition the [element, null] pairs by the
      // element's key, as Spark's de-tupling partitioner does.
      const target =
        this.partitioner?.equals(partitioner) === true ? byElementKey(partitioner) : partitioner;
      return this.map(withNull).subtractByKey(other.map(withNull), target).keys();
    });
  }

  /**
   * Return the elements in both RDDs, each once (compared by value).
   *
   * @example
   * ```ts
   * sc.parallelize([1, 10, 2, 3, 4, 5]).intersection(sc.parallelize([1, 6, 2, 3, 7, 8])).collect(); // [1, 2, 3]
   * ```
   */
  intersection(other: RDD<T>, partitioning?: PartitionerLike): RDD<T> {
    return withOperationScope('intersection', () =>
      this.map(withNull).cogroup(other.map(withNull), partitioning).filter(inBoth).keys(),
    );
  }

  /**
   * Return every pair `[a, b]` of an element of this RDD and one of `other`.
   *
   * @example
   * ```ts
   * sc.parallelize([1, 2]).cartesian(sc.parallelize(['a'])).collect(); // [[1, 'a'], [2, 'a']]
   * ```
   */
  cartesian<U>(other: RDD<U>): RDD<Pair<T, U>> {
    return new RDD(new CartesianRDD(this.node, other.node));
  }

  /**
   * Return pairs of the elements of this RDD and `other` at the same position; both must have
   * as many partitions and as many elements in each.
   *
   * @throws {@link IllegalArgumentError} (when computed) for different partition counts.
   * @throws {@link SparkError} (when computed) `"Can only zip RDDs with same number of elements in each partition"`.
   * @example
   * ```ts
   * sc.parallelize([0, 1, 2]).zip(sc.parallelize([1000, 1001, 1002])).collect(); // [[0, 1000], ...]
   * ```
   */
  zip<U>(other: RDD<U>): RDD<Pair<T, U>> {
    return new RDD(
      new ZippedPartitionsRDD<Pair<T, U>>(
        [this.node, other.node],
        zipPair as ZipPartitionsFunction<Pair<T, U>>,
        false,
        'zip',
      ),
    );
  }

  /**
   * Return `f` applied to the iterators of the same partition of this RDD and of the others (one
   * to three), which must have as many partitions (not as many elements);
   * `preservesPartitioning` keeps this RDD's partitioner.
   *
   * @example
   * ```ts
   * a.zipPartitions(b, (xs, ys) => [[...xs].length + [...ys].length]);
   * ```
   */
  zipPartitions<B, V>(
    rdd2: RDD<B>,
    f: (a: IterableIterator<T>, b: IterableIterator<B>) => Iterable<V>,
  ): RDD<V>;
  zipPartitions<B, V>(
    rdd2: RDD<B>,
    preservesPartitioning: boolean,
    f: (a: IterableIterator<T>, b: IterableIterator<B>) => Iterable<V>,
  ): RDD<V>;
  zipPartitions<B, C, V>(
    rdd2: RDD<B>,
    rdd3: RDD<C>,
    f: (a: IterableIterator<T>, b: IterableIterator<B>, c: IterableIterator<C>) => Iterable<V>,
  ): RDD<V>;
  zipPartitions<B, C, V>(
    rdd2: RDD<B>,
    rdd3: RDD<C>,
    preservesPartitioning: boolean,
    f: (a: IterableIterator<T>, b: IterableIterator<B>, c: IterableIterator<C>) => Iterable<V>,
  ): RDD<V>;
  zipPartitions<B, C, D, V>(
    rdd2: RDD<B>,
    rdd3: RDD<C>,
    rdd4: RDD<D>,
    f: (
      a: IterableIterator<T>,
      b: IterableIterator<B>,
      c: IterableIterator<C>,
      d: IterableIterator<D>,
    ) => Iterable<V>,
  ): RDD<V>;
  zipPartitions<B, C, D, V>(
    rdd2: RDD<B>,
    rdd3: RDD<C>,
    rdd4: RDD<D>,
    preservesPartitioning: boolean,
    f: (
      a: IterableIterator<T>,
      b: IterableIterator<B>,
      c: IterableIterator<C>,
      d: IterableIterator<D>,
    ) => Iterable<V>,
  ): RDD<V>;
  zipPartitions<V>(...args: unknown[]): RDD<V> {
    const f = args.pop() as ZipPartitionsFunction<V>;
    const preserves = typeof args[args.length - 1] === 'boolean' ? (args.pop() as boolean) : false;
    const parents = [this.node, ...(args as RDD<unknown>[]).map((rdd) => rdd.node)];
    return new RDD(new ZippedPartitionsRDD<V>(parents, f, preserves, 'zipPartitions'));
  }

  /**
   * Return pairs of each element and a unique id: the k-th partition's elements get
   * `k, n + k, 2n + k, ...` (n partitions), so no job is needed (unlike `zipWithIndex`).
   *
   * @example
   * ```ts
   * sc.parallelize(['a', 'b', 'c', 'd', 'e'], 3).zipWithUniqueId().collect();
   * // [['a', 0], ['b', 1], ['c', 4], ['d', 2], ['e', 5]]
   * ```
   */
  zipWithUniqueId(): RDD<Pair<T, number>> {
    const n = this.getNumPartitions();
    return new RDD(
      new MapPartitionsRDD<T, Pair<T, number>>(this.node, 'zipWithUniqueId', {
        step: (sink, k) => {
          let i = 0;
          return (value) => {
            sink([value, i++ * n + k]);
          };
        },
      }),
    );
  }

  /**
   * Return the lines `command` prints when fed each partition: one process per partition (also
   * for an empty one), elements written to its stdin one per line (Scala's `toString`), each
   * line of its stdout one element. A string command is split at whitespace (no shell); `env`
   * adds environment variables.
   *
   * @throws {@link IllegalStateError} (when computed) `"Subprocess exited with status N. Command ran: ..."`.
   * @example
   * ```ts
   * sc.parallelize(['1', '2', '', '3']).pipe('cat').collect(); // ['1', '2', '', '3']
   * ```
   */
  pipe(
    command: string | readonly string[],
    env: Readonly<Record<string, string>> = {},
  ): RDD<string> {
    const argv = typeof command === 'string' ? tokenizeCommand(command) : command;
    return new RDD(new PipedRDD(this.node, argv, env));
  }

  // --- Checkpointing ---

  /**
   * Mark this RDD for checkpointing: after the next job that computes it, its partitions are
   * written to `<checkpointDir>/rdd-<id>` (see `saveAsObjectFile` for the format) and its lineage
   * is replaced by the checkpoint. Call it before any job on this RDD; persist it first, or the
   * checkpoint computes it again.
   *
   * @throws {@link SparkError} `"Checkpoint directory has not been set in the SparkContext"`.
   * @example
   * ```ts
   * sc.setCheckpointDir('/tmp/cp');
   * state.checkpoint();
   * state.count(); // computes, then writes the checkpoint
   * ```
   */
  checkpoint(): void {
    if (this.node.context.getCheckpointDir() === undefined) throw checkpointDirectoryNotSet();
    this.node.checkpointMark ??= 'reliable';
  }

  /**
   * Mark this RDD for local checkpointing: it is persisted (with disk added to its storage level)
   * and, after the next job that computes it, its lineage is replaced by the kept partitions;
   * nothing is written. Unpersisting it afterwards loses the data.
   *
   * @example
   * ```ts
   * rdd.localCheckpoint().count();
   * ```
   */
  localCheckpoint(): this {
    this.node.setStorageLevel(localCheckpointLevel(this.node.storageLevel));
    if (this.node.checkpointRDD === undefined) this.node.checkpointMark = 'local';
    return this;
  }

  /** Whether this RDD was checkpointed (reliably or locally) by a job. @example `rdd.isCheckpointed` */
  get isCheckpointed(): boolean {
    return this.node.checkpointRDD !== undefined;
  }

  /** Whether `localCheckpoint()` marked this RDD. @example `rdd.isLocallyCheckpointed` */
  get isLocallyCheckpointed(): boolean {
    return this.node.checkpointMark === 'local';
  }

  /** Return the directory this RDD was checkpointed to, once it was. @example `rdd.getCheckpointFile()` */
  getCheckpointFile(): string | undefined {
    return this.node.checkpointFile;
  }

  // --- Actions ---

  /** Return all elements, in partition order. @example `sc.parallelize([1, 2]).collect() // [1, 2]` */
  collect(): T[] {
    const out: T[] = [];
    const sink: Sink<T> = (value) => out.push(value);
    const node = this.node;
    runJob(node, 'collect', (p) => {
      node.iterate(p, sink);
    });
    return out;
  }

  /** Return the number of elements. @example `rdd.count()` */
  count(): number {
    let n = 0;
    const node = this.node;
    runJob(node, 'count', (p) => {
      n = node.foldPartition(p, n, countOne);
    });
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
      const round: number[] = [];
      for (let p = scanned; p < end; p++) round.push(p);
      // Each round is one job, as in Spark.
      runJob(
        this.node,
        'take',
        (p) => {
          this.#takeFromPartition(p, left, taken);
        },
        round,
      );
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
   * Return the `num` smallest elements, smallest first: by Scala's natural ordering, by a
   * comparator `(a, b) => number`, or by PySpark's key function `(x) => key` (a one-parameter
   * function is taken as a key: `takeOrdered(2, (x) => -x)` returns the two largest).
   *
   * @example
   * ```ts
   * sc.parallelize([10, 1, 2, 9, 3, 4, 5, 6, 7]).takeOrdered(6); // [1, 2, 3, 4, 5, 6]
   * sc.parallelize([10, 1, 2, 9, 3, 4, 5, 6, 7], 2).takeOrdered(6, (x) => -x); // [10, 9, 7, 6, 5, 4]
   * ```
   */
  takeOrdered(num: number, compare?: (a: T, b: T) => number): T[];
  takeOrdered(num: number, key: (value: T) => unknown): T[];
  takeOrdered(num: number, order?: Ordering<T>): T[] {
    return this.collect().sort(ordering(order)).slice(0, Math.max(0, num));
  }

  /**
   * Return the `num` largest elements, largest first, ordered as `takeOrdered` orders them
   * (natural ordering, comparator, or PySpark's one-parameter key function).
   *
   * @example
   * ```ts
   * sc.parallelize([2, 3, 4, 5, 6], 2).top(2); // [6, 5]
   * sc.parallelize([10, 4, 2, 12, 3]).top(3, (x) => String(x)); // [4, 3, 2] (PySpark's key=str)
   * ```
   */
  top(num: number, compare?: (a: T, b: T) => number): T[];
  top(num: number, key: (value: T) => unknown): T[];
  top(num: number, order?: Ordering<T>): T[] {
    const compare = ordering(order);
    return this.takeOrdered(num, (a, b) => compare(b, a));
  }

  /**
   * Return the largest element, by natural ordering, a comparator or a key function (as `top`);
   * the first one seen among equals.
   *
   * @throws {@link UnsupportedOperationError} `"empty collection"` when the RDD is empty.
   * @example
   * ```ts
   * sc.parallelize([1.0, 5.0, 43.0, 10.0]).max(); // 43
   * sc.parallelize([1.0, 5.0, 43.0, 10.0]).max((x) => -x); // 1 (PySpark's key)
   * ```
   */
  max(compare?: (a: T, b: T) => number): T;
  max(key: (value: T) => unknown): T;
  max(order?: Ordering<T>): T {
    const compare = ordering(order);
    return this.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
  }

  /**
   * Return the smallest element, by natural ordering, a comparator or a key function.
   *
   * @throws {@link UnsupportedOperationError} `"empty collection"` when the RDD is empty.
   * @example
   * ```ts
   * sc.parallelize([2.0, 5.0, 43.0, 10.0]).min(); // 2
   * ```
   */
  min(compare?: (a: T, b: T) => number): T;
  min(key: (value: T) => unknown): T;
  min(order?: Ordering<T>): T {
    const compare = ordering(order);
    return this.reduce((a, b) => (compare(a, b) <= 0 ? a : b));
  }

  /**
   * Return a sample of `num` elements (all of them, shuffled, when `num` is at least the count
   * without replacement). The same seed always gives the same sample.
   *
   * Differs from Spark: another random generator (see `sample`).
   *
   * @throws {@link IllegalArgumentError} `"requirement failed: Negative number of elements requested"`.
   * @example
   * ```ts
   * sc.parallelize(range(10)).takeSample(true, 20, 1).length; // 20
   * ```
   */
  takeSample(withReplacement: boolean, num: number, seed: number = randomSeed()): T[] {
    requireArgument(num >= 0, 'Negative number of elements requested');
    requireArgument(
      num <= MAX_SAMPLE_SIZE,
      'Cannot support a sample size > Int.MaxValue - 10.0 * math.sqrt(Int.MaxValue)',
    );
    if (num === 0) return [];
    const total = this.count();
    if (total === 0) return [];
    const random = new SeededRandom(seed);
    if (!withReplacement && num >= total) return shuffleInPlace(this.collect(), random);
    const fraction = fractionForSampleSize(num, total, withReplacement);
    const nextSeed = (): number => random.nextInt(0x80000000);
    let samples = this.sample(withReplacement, fraction, nextSeed()).collect();
    // Rarely too few (the fraction is chosen generously): sample again, as Spark does.
    while (samples.length < num)
      samples = this.sample(withReplacement, fraction, nextSeed()).collect();
    return shuffleInPlace(samples, random).slice(0, num);
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
    const node = this.node;
    runJob(node, 'reduce', (p) => {
      const partial = node.foldPartition<T | typeof NONE>(p, NONE, reduceOrTake);
      if (partial !== NONE) result = reduceOrTake(result, partial);
    });
    if (result === NONE) throw new UnsupportedOperationError('empty collection');
    return result;
  }

  /**
   * Reduce like `reduce`, combining the partitions' results in a tree of about `depth` levels
   * (the same result for an associative, commutative `f`).
   *
   * @throws {@link IllegalArgumentError} `"requirement failed: Depth must be greater than or equal to 1 but got 0."`.
   * @throws {@link UnsupportedOperationError} `"empty collection"` when the RDD is empty.
   * @example
   * ```ts
   * sc.parallelize([-5, -4, -3, -2, -1, 1, 2, 3, 4], 10).treeReduce((a, b) => a + b, 2); // -5
   * ```
   */
  treeReduce(f: (a: T, b: T) => T, depth = 2): T {
    requireArgument(depth >= 1, `Depth must be greater than or equal to 1 but got ${depth}.`);
    const op = (a: T | typeof NONE, b: T | typeof NONE): T | typeof NONE =>
      a === NONE ? b : b === NONE ? a : f(a, b);
    const result = withOperationScope('treeReduce', () =>
      this.mapPartitions((items): (T | typeof NONE)[] => {
        let acc: T | typeof NONE = NONE;
        for (const item of items) acc = acc === NONE ? item : f(acc, item);
        return [acc];
      }).treeAggregate<T | typeof NONE>(NONE, op, op, depth),
    );
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
    const node = this.node;
    runJob(node, 'aggregate', (p) => {
      result = combOp(result, node.foldPartition(p, cloneZero(zeroValue), seqOp));
    });
    return result;
  }

  /**
   * Aggregate like `aggregate`, combining the partitions' results in a tree of about `depth`
   * levels (Spark's algorithm: the same result for associative, commutative operations).
   *
   * @throws {@link IllegalArgumentError} `"requirement failed: Depth must be greater than or equal to 1 but got 0."`.
   * @example
   * ```ts
   * sc.parallelize([-5, -4, -3, -2, -1, 1, 2, 3, 4], 10).treeAggregate(0, add, add, 2); // -5
   * ```
   */
  treeAggregate<U>(
    zeroValue: U,
    seqOp: (acc: U, value: T) => U,
    combOp: (a: U, b: U) => U,
    depth = 2,
  ): U {
    requireArgument(depth >= 1, `Depth must be greater than or equal to 1 but got ${depth}.`);
    if (this.getNumPartitions() === 0) return cloneZero(zeroValue);
    return withOperationScope('treeAggregate', () => {
      let partial: RDD<U> = this.mapPartitions((items) => {
        let acc = cloneZero(zeroValue);
        for (const item of items) acc = seqOp(acc, item);
        return [acc];
      });
      let numPartitions = partial.getNumPartitions();
      const scale = Math.max(Math.ceil(numPartitions ** (1 / depth)), 2);
      // Another level only while it saves work (Spark's condition).
      while (numPartitions > scale + Math.ceil(numPartitions / scale)) {
        numPartitions = Math.floor(numPartitions / scale);
        const current = numPartitions;
        partial = partial
          .mapPartitionsWithIndex((i, items) =>
            [...items].map((value): Pair<number, U> => [i % current, value]),
          )
          .foldByKey(zeroValue, combOp, new HashPartitioner(current))
          .values();
      }
      return partial.fold(cloneZero(zeroValue), combOp);
    });
  }

  /** Call `f` on every element, for its side effects. @example `rdd.foreach((x) => console.log(x))` */
  foreach(f: (value: T) => void): void {
    const node = this.node;
    runJob(node, 'foreach', (p) => {
      node.iterate(p, f);
    });
  }

  /** Call `f` once per partition with an iterator over it. @example `rdd.foreachPartition((items) => db.insert([...items]))` */
  foreachPartition(f: (items: IterableIterator<T>) => void): void {
    const node = this.node;
    runJob(node, 'foreachPartition', (p) => {
      f(node.partition(p).values());
    });
  }

  /**
   * Return an iterator over the elements, partition by partition: each partition is computed
   * (one job each) only when the iteration reaches it.
   *
   * @example
   * ```ts
   * for (const x of sc.parallelize(range(10)).toLocalIterator()) console.log(x);
   * ```
   */
  *toLocalIterator(): Generator<T, void, undefined> {
    const node = this.node;
    for (let p = 0; p < node.numPartitions; p++) {
      let items: readonly T[] = [];
      runJob(
        node,
        'toLocalIterator',
        (index) => {
          items = node.partition(index);
        },
        [p],
      );
      yield* items;
    }
  }

  /**
   * Return the approximate number of distinct elements (HyperLogLog; elements compare by value),
   * with relative accuracy about `relativeSD` (default 0.05), or, in Spark's `(p, sp)` form, at
   * precision `p` (the sparse precision `sp` is only checked).
   *
   * Differs from Spark: another hash (Spark's estimates come from Java hash codes), so the
   * estimate, equally accurate, is not the same number.
   *
   * @throws {@link IllegalArgumentError} `"requirement failed: accuracy (1.0E-6) must be greater than 0.000017"`.
   * @example
   * ```ts
   * sc.parallelize(range(1000)).map(String).countApproxDistinct(); // about 1000
   * ```
   */
  countApproxDistinct(relativeSDOrP = 0.05, sp?: number): number {
    let p: number;
    if (sp === undefined) {
      requireArgument(
        relativeSDOrP > 0.000017,
        `accuracy (${javaDoubleString(relativeSDOrP)}) must be greater than 0.000017`,
      );
      p = precisionFor(relativeSDOrP);
    } else {
      // Spark's (p, sp) form; the sparse precision `sp` is only checked (see the Differs note).
      p = relativeSDOrP;
      requireArgument(p >= 4, `p (${p}) must be >= 4`);
      requireArgument(sp <= 32, `sp (${sp}) must be <= 32`);
      requireArgument(sp === 0 || p <= sp, `p (${p}) cannot be greater than sp (${sp})`);
    }
    if (this.getNumPartitions() === 0) return 0;
    return this.mapPartitions((items) => {
      const sketch = new HyperLogLog(p);
      for (const item of items) sketch.offer(item);
      return [sketch];
    })
      .reduce((a, b) => a.merge(b))
      .cardinality();
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
   * Write the RDD as a directory of `part-NNNNN` text files, one element per line, and a
   * `_SUCCESS` marker. Elements print as Scala's `toString` (`(a,1)`), or with
   * `{ format: 'python' }` as PySpark's `str` (`('a', 1)`).
   *
   * @throws {@link FileAlreadyExistsError} (rejected) if `path` exists.
   * @example
   * ```ts
   * await counts.saveAsTextFile('/tmp/counts');
   * await counts.saveAsTextFile('/tmp/counts-py', { format: 'python' });
   * ```
   */
  async saveAsTextFile(path: string, options: SaveAsTextFileOptions = {}): Promise<void> {
    await saveAsTextFile(this.node, path, options);
    doCheckpoint(this.node, 'saveAsTextFile');
  }

  /**
   * Write the RDD as a directory of object files that `sc.objectFile(path)` reads back: one
   * `part-NNNNN` file per partition, each the partition's elements in Node's structured-clone
   * format (`v8.serialize`, as checkpoints write), and a `_SUCCESS` marker. `Map`, `Set`, `Date`,
   * `bigint`, typed arrays and `undefined` round-trip exactly; functions and class instances do
   * not. Differs from Spark: Spark writes a SequenceFile of Java-serialised objects.
   *
   * @throws {@link FileAlreadyExistsError} (rejected) if `path` exists.
   * @example
   * ```ts
   * await counts.saveAsObjectFile('/tmp/counts-obj');
   * sc.objectFile<[string, number]>('/tmp/counts-obj').collect();
   * ```
   */
  async saveAsObjectFile(path: string): Promise<void> {
    await saveAsObjectFile(this.node, path);
    doCheckpoint(this.node, 'saveAsObjectFile');
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

/**
 * How `takeOrdered`, `top`, `max` and `min` order elements: a comparator `(a, b) => number`, or
 * PySpark's key function `(x) => key` (told apart by their parameter count).
 */
type Ordering<T> = ((a: T, b: T) => number) | ((value: T) => unknown);

/** A comparator for `order`: natural ordering, the comparator, or the key function's keys. */
function ordering<T>(order: Ordering<T> | undefined): (a: T, b: T) => number {
  if (order === undefined) return compareKeys;
  if (order.length === 1) {
    const key = order as (value: T) => unknown;
    return (a, b) => compareKeys(key(a), key(b));
  }
  return order as (a: T, b: T) => number;
}

/** Spark's largest `takeSample` size: `Int.MaxValue - (10.0 * math.sqrt(Int.MaxValue)).toInt`. */
const MAX_SAMPLE_SIZE = 2147483647 - Math.trunc(10 * Math.sqrt(2147483647));

function withNull<T>(value: T): Pair<T, null> {
  return [value, null];
}

function keepFirst<T>(a: T): T {
  return a;
}

function inBoth<T>(pair: Pair<T, readonly [null[], null[]]>): boolean {
  return pair[1][0].length > 0 && pair[1][1].length > 0;
}

function zipPair<T, U>(a: IterableIterator<T>, b: IterableIterator<U>): Pair<T, U>[] {
  const out: Pair<T, U>[] = [];
  for (;;) {
    const x = a.next();
    const y = b.next();
    if (x.done === true && y.done === true) return out;
    if (x.done === true || y.done === true) {
      throw new SparkError('Can only zip RDDs with same number of elements in each partition');
    }
    out.push([x.value, y.value]);
  }
}

/** `partitioner` applied to the key of `[element, null]` pairs whose element is a pair. */
function byElementKey(partitioner: Partitioner): Partitioner {
  return {
    numPartitions: partitioner.numPartitions,
    getPartition: (key) => partitioner.getPartition((key as Pair<unknown, unknown>)[0]),
    equals: () => false,
  };
}

/** No element yet (reduce's accumulator before the first element). */
const NONE: unique symbol = Symbol('none');

function countOne(n: number): number {
  return n + 1;
}
