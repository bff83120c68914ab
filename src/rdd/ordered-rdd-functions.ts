/** Port of Spark's OrderedRDDFunctions (core/src/main/scala/org/apache/spark/rdd/OrderedRDDFunctions.scala). */
import { compareKeys } from './compare-keys.js';
import { DoubleRDDFunctions } from './double-rdd-functions.js';
import type { Key, Pair } from './pair.js';
import { checkPositivePartitions, type Partitioner } from './partitioner.js';
import { PartitionPruningRDD } from './partition-pruning-rdd.js';
import { RangePartitioner } from './range-partitioner.js';
import type { RDD } from './rdd.js';
import { withOperationScope } from './rdd-node.js';
import { runJob } from './run-job.js';
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
    // Spark's RangePartitioner runs a job over the keys to find the bounds.
    const keys: K[] = [];
    const pushKey = (pair: Pair<K, V>): void => {
      keys.push(pair[0]);
    };
    runJob(this.node, 'sortByKey', (p) => {
      this.node.iterate(p, pushKey);
    });
    const partitioner = new RangePartitioner<K>(numPartitions, keys, compareKeys, ascending);
    const ordering = ascending ? compareKeys : (a: K, b: K) => compareKeys(b, a);
    return this.wrap(
      new ShuffledRDD<K, V, V>(this.node, partitioner, 'sortByKey', { keyOrdering: ordering }),
    );
  }

  /**
   * *Pair RDDs only.* Return this RDD repartitioned by `partitioner` with each partition sorted
   * by key (one shuffle; no shuffle when already partitioned that way).
   *
   * @example
   * ```ts
   * pairs.repartitionAndSortWithinPartitions(new HashPartitioner(2)).glom().collect();
   * ```
   */
  repartitionAndSortWithinPartitions<K extends Key, V>(
    this: RDD<Pair<K, V>>,
    partitioner: Partitioner,
  ): RDD<Pair<K, V>> {
    if (this.partitioner?.equals(partitioner) === true) {
      return this.mapPartitions(
        (items) => [...items].sort((a, b) => compareKeys(a[0], b[0])),
        true,
      );
    }
    return this.wrap(
      new ShuffledRDD<K, V, V>(this.node, partitioner, 'repartitionAndSortWithinPartitions', {
        keyOrdering: compareKeys,
      }),
    );
  }

  /**
   * *Pair RDDs only.* Return the pairs whose key is in `[lower, upper]` (both inclusive). On an
   * RDD partitioned by `sortByKey`, only the partitions that may hold such keys are scanned.
   *
   * @example
   * ```ts
   * sc.parallelize([[1, 'a'], [5, 'b'], [9, 'c']] as const).filterByRange(2, 9).collect(); // [[5, 'b'], [9, 'c']]
   * ```
   */
  filterByRange<K extends Key, V>(this: RDD<Pair<K, V>>, lower: K, upper: K): RDD<Pair<K, V>> {
    const inRange = (pair: Pair<K, V>): boolean =>
      compareKeys(pair[0], lower) >= 0 && compareKeys(pair[0], upper) <= 0;
    const partitioner = this.partitioner;
    if (!(partitioner instanceof RangePartitioner)) return this.filter(inRange);
    return withOperationScope('filterByRange', () => {
      const l = partitioner.getPartition(lower);
      const u = partitioner.getPartition(upper);
      const [first, last] = l <= u ? [l, u] : [u, l];
      const pruned = new PartitionPruningRDD(
        this.node,
        (p) => p >= first && p <= last,
        'filterByRange',
      );
      return this.wrap(pruned).filter(inRange);
    });
  }
}
