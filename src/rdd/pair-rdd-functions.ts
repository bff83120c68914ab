/** Port of Spark's PairRDDFunctions (core/src/main/scala/org/apache/spark/rdd/PairRDDFunctions.scala). */
import { cloneZero } from '../internal/clone.js';
import { groupingAggregator, type Aggregator } from './aggregator.js';
import { CoGroupedRDD } from './co-grouped-rdd.js';
import type { ElementOp } from './element-op.js';
import { KeyIndex, mapByValue } from './key-map.js';
import { MapPartitionsRDD } from './map-partitions-rdd.js';
import { OrderedRDDFunctions } from './ordered-rdd-functions.js';
import type { Pair } from './pair.js';
import { toPartitioner, type PartitionerLike } from './partitioning.js';
import type { RDD } from './rdd.js';
import { withOperationScope, type RDDNode, type Sink } from './rdd-node.js';
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
   * *Pair RDDs only.* Return an RDD partitioned by `partitioner` (or hash into `numPartitions`).
   *
   * @example
   * ```ts
   * pairs.partitionBy(new HashPartitioner(4));
   * ```
   */
  partitionBy<K, V>(this: RDD<Pair<K, V>>, partitioning: PartitionerLike): RDD<Pair<K, V>> {
    const partitioner = toPartitioner(partitioning, [this.node]);
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
   * *Pair RDDs only.* For each key in either RDD, return `[key, [valuesHere, valuesThere]]`.
   *
   * @example
   * ```ts
   * a.cogroup(b); // [['k', [[1], ['x']]], ...]
   * ```
   */
  cogroup<K, V, W>(
    this: RDD<Pair<K, V>>,
    other: RDD<Pair<K, W>>,
    partitioning?: PartitionerLike,
  ): RDD<Pair<K, readonly [V[], W[]]>> {
    const parents = [this.node, other.node] as RDDNode<Pair<K, unknown>>[];
    const partitioner = toPartitioner(partitioning, parents);
    return withOperationScope('cogroup', () =>
      this.wrap(new CoGroupedRDD<K>(parents, partitioner, 'cogroup')).mapValues(
        (groups) => [groups[0] as V[], groups[1] as W[]] as const,
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
    const partitioner = this.partitioner;
    if (partitioner !== undefined) {
      this.node.iterate(partitioner.getPartition(key), sink);
    } else {
      for (let p = 0; p < this.node.numPartitions; p++) this.node.iterate(p, sink);
    }
    return found;
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
