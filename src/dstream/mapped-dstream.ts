/** Port of Spark's MappedDStream (streaming/.../dstream/MappedDStream.scala). */
import type { RDD } from '../rdd/rdd.js';
import { DerivedDStream } from './derived-dstream.js';
import type { DStreamNode } from './dstream-node.js';

export class MappedDStream<T, U> extends DerivedDStream<T, U> {
  readonly #f: (value: T) => U;

  constructor(parent: DStreamNode<T>, f: (value: T) => U, operation = 'map') {
    super(parent, operation);
    this.#f = f;
  }

  protected transformRDD(rdd: RDD<T>): RDD<U> {
    return rdd.map(this.#f);
  }
}
