/** Port of Spark's FlatMappedDStream (streaming/.../dstream/FlatMappedDStream.scala). */
import type { RDD } from '../rdd/rdd.js';
import { DerivedDStream } from './derived-dstream.js';
import type { DStreamNode } from './dstream-node.js';

export class FlatMappedDStream<T, U> extends DerivedDStream<T, U> {
  readonly #f: (value: T) => Iterable<U>;

  constructor(parent: DStreamNode<T>, f: (value: T) => Iterable<U>) {
    super(parent, 'flatMap');
    this.#f = f;
  }

  protected transformRDD(rdd: RDD<T>): RDD<U> {
    return rdd.flatMap(this.#f);
  }
}
