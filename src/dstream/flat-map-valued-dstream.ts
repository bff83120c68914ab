/** Port of Spark's FlatMapValuedDStream (streaming/.../dstream/FlatMapValuedDStream.scala). */
import type { Pair } from '../rdd/pair.js';
import type { RDD } from '../rdd/rdd.js';
import { DerivedDStream } from './derived-dstream.js';
import type { DStreamNode } from './dstream-node.js';

export class FlatMapValuedDStream<K, V, U> extends DerivedDStream<Pair<K, V>, Pair<K, U>> {
  readonly #f: (value: V) => Iterable<U>;

  constructor(parent: DStreamNode<Pair<K, V>>, f: (value: V) => Iterable<U>) {
    super(parent, 'flatMapValues');
    this.#f = f;
  }

  protected transformRDD(rdd: RDD<Pair<K, V>>): RDD<Pair<K, U>> {
    return rdd.flatMapValues(this.#f);
  }
}
