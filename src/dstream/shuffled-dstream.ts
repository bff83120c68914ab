/** Port of Spark's ShuffledDStream (streaming/.../dstream/ShuffledDStream.scala). */
import type { Pair } from '../rdd/pair.js';
import type { Partitioner } from '../rdd/partitioner.js';
import type { RDD } from '../rdd/rdd.js';
import type { Aggregator } from '../rdd/aggregator.js';
import { DerivedDStream } from './derived-dstream.js';
import type { DStreamNode } from './dstream-node.js';

/** Per batch `combineByKey`: the stream behind reduceByKey, groupByKey and combineByKey. */
export class ShuffledDStream<K, V, C> extends DerivedDStream<Pair<K, V>, Pair<K, C>> {
  readonly #aggregator: Aggregator<V, C>;
  readonly #partitioner: Partitioner;
  readonly #mapSideCombine: boolean;

  constructor(
    parent: DStreamNode<Pair<K, V>>,
    aggregator: Aggregator<V, C>,
    partitioner: Partitioner,
    mapSideCombine: boolean,
    operation: string,
  ) {
    super(parent, operation);
    this.#aggregator = aggregator;
    this.#partitioner = partitioner;
    this.#mapSideCombine = mapSideCombine;
  }

  protected transformRDD(rdd: RDD<Pair<K, V>>): RDD<Pair<K, C>> {
    const { createCombiner, mergeValue, mergeCombiners } = this.#aggregator;
    return rdd.combineByKey(
      createCombiner,
      mergeValue,
      mergeCombiners,
      this.#partitioner,
      this.#mapSideCombine,
    );
  }
}
