/** Port of Spark's MapValuedDStream (streaming/.../dstream/MapValuedDStream.scala). */
import type { Pair } from '../rdd/pair.js';
import type { RDD } from '../rdd/rdd.js';
import { DerivedDStream } from './derived-dstream.js';
import type { DStreamNode } from './dstream-node.js';

export class MapValuedDStream<K, V, U> extends DerivedDStream<Pair<K, V>, Pair<K, U>> {
  readonly #f: (value: V) => U;

  constructor(parent: DStreamNode<Pair<K, V>>, f: (value: V) => U) {
    super(parent, 'mapValues');
    this.#f = f;
  }

  protected transformRDD(rdd: RDD<Pair<K, V>>): RDD<Pair<K, U>> {
    return rdd.mapValues(this.#f);
  }
}
