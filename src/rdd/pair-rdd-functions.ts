/** Port of Spark's PairRDDFunctions (core/src/main/scala/org/apache/spark/rdd/PairRDDFunctions.scala). */
import { NoSuchElementError, requireArgument } from '../errors.js';
import { cloneZero } from '../internal/clone.js';
import { groupingAggregator, type Aggregator } from './aggregator.js';
import { CoGroupedRDD } from './co-grouped-rdd.js';
import type { ElementOp } from './element-op.js';
import { KeyIndex, mapByValue } from './key-map.js';
import { MapPartitionsRDD, type ElementStep } from './map-partitions-rdd.js';
import { OrderedRDDFunctions } from './ordered-rdd-functions.js';
import type { Pair } from './pair.js';
import { functionPartitioner, toPartitioner, type PartitionerLike } from './partitioning.js';
import { randomSeed, SeededRandom } from './random-sampler.js';
import { RDDBase } from './rdd-base.js';
import type { RDD } from './rdd.js';
import { withOperationScope, type RDDNode, type Sink } from './rdd-node.js';
import { runJob } from './run-job.js';
import { ShuffledRDD } from './shuffled-rdd.js';

/**
 * The operations of RDDs of `[key, value]` pairs (Spark's implicit `PairRDDFunctions`), methods
 * of every RDD typed with a `this` parameter, so calling one on a non-pair RDD does not compile.
 *
 * @example
 * ```ts
 * sc.parallelize(['a', 'b', 'a']).map((w) => [w, 1]).reduceByKey((a, b) => a + b).collect();
 * // [['b', 1], ['a', 2]]
 * ```
 */
export abstract class PairRDDFunctions<T> extends OrderedRDDFunctions<T> {
  // --- Transformations ---

  /**
   * *Pair RDDs only.* Return an RDD partitioned by `partitioner`, or hashed into
   * `numPartitions` (Java hash codes, so keys land where Scala puts them), or PySpark's form
   * `partitionBy(numPartitions, partitionFunc)`: key `k` goes to `partitionFunc(k) mod
   * numPartitions`. Returns this RDD when it is already partitioned that way.
   *
   * @example
   * ```ts
   * pairs.partitionBy(new HashPartitioner(4));
   * pairs.partitionBy(2, (word) => word.length); // PySpark's partitionFunc
   * ```
   */
  partitionBy<K, V>(this: RDD<Pair<K, V>>, partitioning: PartitionerLike): RDD<Pair<K, V>>;
  partitionBy<K, V>(
    this: RDD<Pair<K, V>>,
    numPartitions: number,
    partitionFunc: (key: K) => number,
  ): RDD<Pair<K, V>>;
  partitionBy<K, V>(
    this: RDD<Pair<K, V>>,
    partitioning: PartitionerLike,
    partitionFunc?: (key: K) => number,
  ): RDD<Pair<K, V>> {
    const partitioner =
      partitionFunc === undefined
        ? toPartitioner(partitioning, [this.node])
        : functionPartitioner(partitioning as number, partitionFunc);
    if (this.partitioner?.equals(partitioner) === true) return this;
    return this.wrap(new ShuffledRDD<K, V, V>(this.node, partitioner, 'partitionBy'));
  }

  /**
   * *Pair RDDs only.* Combine the values of each key with `createCombiner`, `mergeValue` and
   * `mergeCombiners`, the general form behind `reduceByKey` and `groupByKey`.
   *
   * @example
   * ```ts
   * pairs.combineByKey((v) => [v, 1], ([s, n], v) => [s + v, n + 1], ([s1, n1], [s2, n2]) => [s1 + s2, n1 + n2]);
   * ```
   */
  combineByKey<K, V, C>(
    this: RDD<Pair<K, V>>,
    createCombiner: (value: V) => C,
    mergeValue: (combiner: C, value: V) => C,
    mergeCombiners: (a: C, b: C) => C,
    partitioning?: PartitionerLike,
    mapSideCombine = true,
  ): RDD<Pair<K, C>> {
    return this.#combine(
      { createCombiner, mergeValue, mergeCombiners },
      partitioning,
      mapSideCombine,
      'combineByKey',
    );
  }

  /**
   * *Pair RDDs only.* Merge the values of each key with an associative, commutative `f`.
   *
   * @example
   * ```ts
   * pairs.reduceByKey((a, b) => a + b);
   * ```
   */
  reduceByKey<K, V>(
    this: RDD<Pair<K, V>>,
    f: (a: V, b: V) => V,
    partitioning?: PartitionerLike,
  ): RDD<Pair<K, V>> {
    return this.#combine(
      { createCombiner: identity, mergeValue: f, mergeCombiners: f },
      partitioning,
      true,
      'reduceByKey',
    );
  }

  /**
   * *Pair RDDs only.* Group the values of each key into an array (partition order).
   *
   * @example
   * ```ts
   * pairs.groupByKey().mapValues((vs) => vs.length);
   * ```
   */
  groupByKey<K, V>(this: RDD<Pair<K, V>>, partitioning?: PartitionerLike): RDD<Pair<K, V[]>> {
    return this.#combine(groupingAggregator<V>(), partitioning, false, 'groupByKey');
  }

  /**
   * *Pair RDDs only.* Aggregate the values of each key from a zero value (copied per key).
   *
   * @example
   * ```ts
   * pairs.aggregateByKey(0, (acc, v) => acc + v, (a, b) => a + b);
   * ```
   */
  aggregateByKey<K, V, U>(
    this: RDD<Pair<K, V>>,
    zeroValue: U,
    seqOp: (acc: U, value: V) => U,
    combOp: (a: U, b: U) => U,
    partitioning?: PartitionerLike,
  ): RDD<Pair<K, U>> {
    return this.#combine(
      {
        createCombiner: (v) => seqOp(cloneZero(zeroValue), v),
        mergeValue: seqOp,
        mergeCombiners: combOp,
      },
      partitioning,
      true,
      'aggregateByKey',
    );
  }

  /**
   * *Pair RDDs only.* Merge the values of each key with `f`, starting from `zeroValue`.
   *
   * @example
   * ```ts
   * pairs.foldByKey(0, (a, b) => a + b);
   * ```
   */
  foldByKey<K, V>(
    this: RDD<Pair<K, V>>,
    zeroValue: V,
    f: (a: V, b: V) => V,
    partitioning?: PartitionerLike,
  ): RDD<Pair<K, V>> {
    return this.#combine(
      { createCombiner: (v) => f(cloneZero(zeroValue), v), mergeValue: f, mergeCombiners: f },
      partitioning,
      true,
      'foldByKey',
    );
  }

  /** *Pair RDDs only.* Apply `f` to each value, keeping keys and partitioning. @example `pairs.mapValues((v) => v * 2)` */
  mapValues<K, V, U>(this: RDD<Pair<K, V>>, f: (value: V) => U): RDD<Pair<K, U>> {
    return this.#pairOp('mapValues', { kind: 'mapValues', fn: f });
  }

  /** *Pair RDDs only.* Apply `f` to each value and flatten, keeping keys. @example `pairs.flatMapValues((v) => [v, v])` */
  flatMapValues<K, V, U>(this: RDD<Pair<K, V>>, f: (value: V) => Iterable<U>): RDD<Pair<K, U>> {
    return this.#pairOp('flatMapValues', { kind: 'flatMapValues', fn: f });
  }

  /** *Pair RDDs only.* Return the keys. @example `pairs.keys()` */
  keys<K, V>(this: RDD<Pair<K, V>>): RDD<K> {
    return withOperationScope('keys', () => this.map(pairKey<K>));
  }

  /** *Pair RDDs only.* Return the values. @example `pairs.values()` */
  values<K, V>(this: RDD<Pair<K, V>>): RDD<V> {
    return withOperationScope('values', () => this.map(pairValue<V>));
  }

  /**
   * *Pair RDDs only.* For each key in this RDD or the others (one, two or three), return
   * `[key, [valuesHere, valuesOfOther1, ...]]`; an optional partition count or partitioner last.
   *
   * @example
   * ```ts
   * a.cogroup(b); // [['k', [[1], ['x']]], ...]
   * a.cogroup(b, c, 4); // [['k', [[1], ['x'], [true]]], ...]
   * ```
   */
  cogroup<K, V, W>(
    this: RDD<Pair<K, V>>,
    other: RDD<Pair<K, W>>,
    partitioning?: PartitionerLike,
  ): RDD<Pair<K, readonly [V[], W[]]>>;
  cogroup<K, V, W1, W2>(
    this: RDD<Pair<K, V>>,
    other1: RDD<Pair<K, W1>>,
    other2: RDD<Pair<K, W2>>,
    partitioning?: PartitionerLike,
  ): RDD<Pair<K, readonly [V[], W1[], W2[]]>>;
  cogroup<K, V, W1, W2, W3>(
    this: RDD<Pair<K, V>>,
    other1: RDD<Pair<K, W1>>,
    other2: RDD<Pair<K, W2>>,
    other3: RDD<Pair<K, W3>>,
    partitioning?: PartitionerLike,
  ): RDD<Pair<K, readonly [V[], W1[], W2[], W3[]]>>;
  cogroup<K, V>(
    this: RDD<Pair<K, V>>,
    ...others: (RDD<Pair<K, unknown>> | PartitionerLike | undefined)[]
  ): RDD<Pair<K, readonly unknown[][]>> {
    const parents = [this.node] as RDDNode<Pair<K, unknown>>[];
    let partitioning: PartitionerLike | undefined;
    for (const other of others) {
      if (other instanceof RDDBase) parents.push(other.node);
      else partitioning = other;
    }
    const partitioner = toPartitioner(partitioning, parents);
    return withOperationScope('cogroup', () =>
      this.wrap(new CoGroupedRDD<K>(parents, partitioner, 'cogroup')).mapValues(copyGroups),
    );
  }

  /**
   * *Pair RDDs only.* Alias of `cogroup` with one, two or three others (and no partitioner).
   *
   * @example
   * ```ts
   * a.groupWith(b, c);
   * ```
   */
  groupWith<K, V, W>(
    this: RDD<Pair<K, V>>,
    other: RDD<Pair<K, W>>,
  ): RDD<Pair<K, readonly [V[], W[]]>>;
  groupWith<K, V, W1, W2>(
    this: RDD<Pair<K, V>>,
    other1: RDD<Pair<K, W1>>,
    other2: RDD<Pair<K, W2>>,
  ): RDD<Pair<K, readonly [V[], W1[], W2[]]>>;
  groupWith<K, V, W1, W2, W3>(
    this: RDD<Pair<K, V>>,
    other1: RDD<Pair<K, W1>>,
    other2: RDD<Pair<K, W2>>,
    other3: RDD<Pair<K, W3>>,
  ): RDD<Pair<K, readonly [V[], W1[], W2[], W3[]]>>;
  groupWith<K, V>(
    this: RDD<Pair<K, V>>,
    ...others: RDD<Pair<K, unknown>>[]
  ): RDD<Pair<K, readonly unknown[][]>> {
    return withOperationScope('groupWith', () =>
      (this.cogroup as (...args: unknown[]) => RDD<Pair<K, readonly unknown[][]>>).apply(
        this,
        others,
      ),
    );
  }

  /**
   * *Pair RDDs only.* Return `[key, [v, w]]` for every pair of values with equal keys.
   *
   * @example
   * ```ts
   * views.join(authors); // [['post1', [120, 'ana']], ...]
   * ```
   */
  join<K, V, W>(
    this: RDD<Pair<K, V>>,
    other: RDD<Pair<K, W>>,
    partitioning?: PartitionerLike,
  ): RDD<Pair<K, readonly [V, W]>> {
    return withOperationScope('join', () =>
      this.cogroup(other, partitioning).flatMapValues(([vs, ws]) => product(vs, ws)),
    );
  }

  /**
   * *Pair RDDs only.* Like `join`, keeping keys missing from `other` with `undefined` (Spark's `None`).
   *
   * @example
   * ```ts
   * views.leftOuterJoin(authors); // [['post9', [3, undefined]], ...]
   * ```
   */
  leftOuterJoin<K, V, W>(
    this: RDD<Pair<K, V>>,
    other: RDD<Pair<K, W>>,
    partitioning?: PartitionerLike,
  ): RDD<Pair<K, readonly [V, W | undefined]>> {
    return withOperationScope('leftOuterJoin', () =>
      this.cogroup(other, partitioning).flatMapValues(([vs, ws]) =>
        ws.length === 0 ? product(vs, [undefined]) : product<V, W | undefined>(vs, ws),
      ),
    );
  }

  /**
   * *Pair RDDs only.* Like `join`, keeping keys missing from this RDD with `undefined`.
   *
   * @example
   * ```ts
   * views.rightOuterJoin(authors);
   * ```
   */
  rightOuterJoin<K, V, W>(
    this: RDD<Pair<K, V>>,
    other: RDD<Pair<K, W>>,
    partitioning?: PartitionerLike,
  ): RDD<Pair<K, readonly [V | undefined, W]>> {
    return withOperationScope('rightOuterJoin', () =>
      this.cogroup(other, partitioning).flatMapValues(([vs, ws]) =>
        vs.length === 0 ? product([undefined], ws) : product<V | undefined, W>(vs, ws),
      ),
    );
  }

  /**
   * *Pair RDDs only.* Like `join`, keeping keys missing from either side with `undefined`.
   *
   * @example
   * ```ts
   * a.fullOuterJoin(b);
   * ```
   */
  fullOuterJoin<K, V, W>(
    this: RDD<Pair<K, V>>,
    other: RDD<Pair<K, W>>,
    partitioning?: PartitionerLike,
  ): RDD<Pair<K, readonly [V | undefined, W | undefined]>> {
    return withOperationScope('fullOuterJoin', () =>
      this.cogroup(other, partitioning).flatMapValues(([vs, ws]) =>
        product<V | undefined, W | undefined>(
          vs.length === 0 ? [undefined] : vs,
          ws.length === 0 ? [undefined] : ws,
        ),
      ),
    );
  }

  /**
   * *Pair RDDs only.* Return the pairs whose key does not occur in `other`.
   *
   * @example
   * ```ts
   * all.subtractByKey(seen);
   * ```
   */
  subtractByKey<K, V, W>(
    this: RDD<Pair<K, V>>,
    other: RDD<Pair<K, W>>,
    partitioning: PartitionerLike = this.getNumPartitions(),
  ): RDD<Pair<K, V>> {
    return withOperationScope('subtractByKey', () =>
      this.cogroup(other, partitioning).flatMapValues(([vs, ws]) => (ws.length === 0 ? vs : [])),
    );
  }

  /**
   * *Pair RDDs only.* Return a stratified sample: each pair kept with its key's rate from
   * `fractions` (without replacement), or repeated a Poisson(rate) number of times (with
   * replacement). The same seed always gives the same sample (see `sample` for the generator).
   *
   * @throws {@link IllegalArgumentError} `"requirement failed: Negative sampling rates."`.
   * @throws {@link NoSuchElementError} (when computed) `"key not found: <key>"` for a key
   * without a rate.
   * @example
   * ```ts
   * pairs.sampleByKey(false, new Map([['a', 0.2], ['b', 0.1]]), 2);
   * pairs.sampleByKey(false, { a: 0.2, b: 0.1 }); // PySpark's dict
   * ```
   */
  sampleByKey<K, V>(
    this: RDD<Pair<K, V>>,
    withReplacement: boolean,
    fractions: ReadonlyMap<K, number> | Readonly<Record<string, number>>,
    seed: number = randomSeed(),
  ): RDD<Pair<K, V>> {
    const rates = new KeyIndex<K>();
    const values: number[] = [];
    const entries =
      fractions instanceof Map
        ? [...(fractions as ReadonlyMap<K, number>)]
        : (Object.entries(fractions) as [K, number][]);
    for (const [key, rate] of entries) values[rates.slotOf(key)] = rate;
    requireArgument(
      values.every((rate) => rate >= 0),
      'Negative sampling rates.',
    );
    const rateOf = (key: K): number => {
      const slot = rates.find(key);
      if (slot < 0) throw new NoSuchElementError(`key not found: ${String(key)}`);
      return values[slot] as number;
    };
    const step: ElementStep<Pair<K, V>, Pair<K, V>> = (sink, index) => {
      const random = new SeededRandom(seed, index);
      return withReplacement
        ? (pair) => {
            const rate = rateOf(pair[0]);
            if (rate <= 0) return;
            for (let n = random.nextPoisson(rate); n > 0; n--) sink(pair);
          }
        : (pair) => {
            if (random.nextDouble() < rateOf(pair[0])) sink(pair);
          };
    };
    return this.wrap(new MapPartitionsRDD(this.node, 'sampleByKey', { step }, true));
  }

  // --- Actions ---

  /** *Pair RDDs only.* Return the number of pairs per key. @example `pairs.countByKey()` */
  countByKey<K, V>(this: RDD<Pair<K, V>>): Map<K, number> {
    return this.keys().countByValue();
  }

  /**
   * *Pair RDDs only.* Return the pairs as a Map; for a repeated key the last value wins.
   *
   * @example
   * ```ts
   * pairs.collectAsMap().get('spark');
   * ```
   */
  collectAsMap<K, V>(this: RDD<Pair<K, V>>): Map<K, V> {
    const index = new KeyIndex<K>();
    const values: V[] = [];
    this.foreach((pair) => {
      values[index.slotOf(pair[0])] = pair[1];
    });
    return mapByValue(index.keys, values);
  }

  /**
   * *Pair RDDs only.* Return the values of `key` (only its partition is computed when the RDD
   * has a partitioner).
   *
   * @example
   * ```ts
   * pairs.lookup('spark'); // [1, 1]
   * ```
   */
  lookup<K, V>(this: RDD<Pair<K, V>>, key: K): V[] {
    const wanted = new KeyIndex<K>();
    wanted.slotOf(key);
    const found: V[] = [];
    const sink: Sink<Pair<K, V>> = (pair) => {
      if (wanted.find(pair[0]) === 0) found.push(pair[1]);
    };
    const node = this.node;
    const partitioner = this.partitioner;
    // A job, as every action: tasks for accumulators, then the lineage's checkpoints.
    runJob(
      node,
      'lookup',
      (p) => {
        node.iterate(p, sink);
      },
      partitioner === undefined ? undefined : [partitioner.getPartition(key)],
    );
    return found;
  }

  /**
   * *Pair RDDs only.* Merge the values of each key with `f` and return the result as a Map on
   * the driver (a `reduceByKey` without a shuffle RDD).
   *
   * @example
   * ```ts
   * sc.parallelize([['a', 1], ['b', 1], ['a', 1]] as const).reduceByKeyLocally((a, b) => a + b);
   * // Map { 'a' => 2, 'b' => 1 }
   * ```
   */
  reduceByKeyLocally<K, V>(this: RDD<Pair<K, V>>, f: (a: V, b: V) => V): Map<K, V> {
    const index = new KeyIndex<K>();
    const values: V[] = [];
    this.foreach((pair) => {
      const slot = index.slotOf(pair[0]);
      values[slot] = slot === values.length ? pair[1] : f(values[slot] as V, pair[1]);
    });
    return mapByValue(index.keys, values);
  }

  // --- Internals ---

  /** An element-wise step on pairs that keeps the keys, and so the partitioner. */
  #pairOp<K, V, U>(this: RDD<Pair<K, V>>, operation: string, op: ElementOp): RDD<U> {
    return this.wrap(new MapPartitionsRDD<Pair<K, V>, U>(this.node, operation, { op }, true));
  }

  #combine<K, V, C>(
    this: RDD<Pair<K, V>>,
    aggregator: Aggregator<V, C>,
    partitioning: PartitionerLike | undefined,
    mapSideCombine: boolean,
    operation: string,
  ): RDD<Pair<K, C>> {
    const partitioner = toPartitioner(partitioning, [this.node]);
    if (this.partitioner?.equals(partitioner) === true) {
      // Already partitioned this way: combine inside each partition, no shuffle (as Spark).
      return this.wrap(
        new MapPartitionsRDD<Pair<K, V>, Pair<K, C>>(
          this.node,
          operation,
          { partitionFunction: (items) => combineValuesByKey(items, aggregator) },
          true,
        ),
      );
    }
    return this.wrap(
      new ShuffledRDD<K, V, C>(this.node, partitioner, operation, { aggregator, mapSideCombine }),
    );
  }
}

function identity<V>(value: V): V {
  return value;
}

// Shared functions (not a lambda per call), so a stream's chains through keys()/values() repeat
// and are compiled (fused-chain.ts).
function pairKey<K>(pair: Pair<K, unknown>): K {
  return pair[0];
}

function pairValue<V>(pair: Pair<unknown, V>): V {
  return pair[1];
}

/** A cogroup's value: the groups as a fresh tuple (one list per RDD). */
function copyGroups(groups: unknown[][]): readonly unknown[][] {
  return groups.slice();
}

function product<V, W>(vs: readonly V[], ws: readonly W[]): (readonly [V, W])[] {
  const out: (readonly [V, W])[] = [];
  for (const v of vs) for (const w of ws) out.push([v, w]);
  return out;
}

function combineValuesByKey<K, V, C>(
  items: Iterable<Pair<K, V>>,
  aggregator: Aggregator<V, C>,
): Pair<K, C>[] {
  const index = new KeyIndex<K>();
  const combiners: C[] = [];
  for (const pair of items) {
    const slot = index.slotOf(pair[0]);
    combiners[slot] =
      slot === combiners.length
        ? aggregator.createCombiner(pair[1])
        : aggregator.mergeValue(combiners[slot] as C, pair[1]);
  }
  return index.keys.map((key, slot): Pair<K, C> => [key, combiners[slot] as C]);
}
