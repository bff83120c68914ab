/** Port of Spark's OrderedRDDFunctions (core/src/main/scala/org/apache/spark/rdd/OrderedRDDFunctions.scala). */
import { compareKeys } from './compare-keys.js';
import { DoubleRDDFunctions } from './double-rdd-functions.js';
import type { Key, Pair } from './pair.js';
import { checkPositivePartitions } from './partitioner.js';
import { RangePartitioner } from './range-partitioner.js';
import type { RDD } from './rdd.js';
import { ShuffledRDD } from './shuffled-rdd.js';

/**
 * The operations of pair RDDs whose keys have an order (Spark's implicit
 * `OrderedRDDFunctions`): keys order as Scala orders them (numbers numerically, strings by
 * code unit, tuples element by element; see `compareKeys`).
 *
 * @example
 * ```ts
 * sc.parallelize([['b', 2], ['a', 1]] as const).sortByKey().collect(); // [['a', 1], ['b', 2]]
 * ```
 */
export abstract class OrderedRDDFunctions<T> extends DoubleRDDFunctions<T> {
  /**
   * *Pair RDDs only.* Return this RDD sorted by key (keys ordered as Scala orders them).
   *
   * @example
   * ```ts
   * counts.map(([w, n]): Pair<number, string> => [n, w]).sortByKey(false);
   * ```
   */
  sortByKey<K extends Key, V>(
    this: RDD<Pair<K, V>>,
    ascending = true,
    numPartitions: number = this.getNumPartitions(),
  ): RDD<Pair<K, V>> {
    checkPositivePartitions(numPartitions);
    const keys: K[] = [];
    for (let p = 0; p < this.node.numPartitions; p++)
      this.node.iterate(p, (pair) => keys.push(pair[0]));
    const partitioner = new RangePartitioner<K>(numPartitions, keys, compareKeys, ascending);
    const ordering = ascending ? compareKeys : (a: K, b: K) => compareKeys(b, a);
    return this.wrap(
      new ShuffledRDD<K, V, V>(this.node, partitioner, 'sortByKey', { keyOrdering: ordering }),
    );
  }
}
