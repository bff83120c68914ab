/** Port of Spark's FilteredDStream (streaming/.../dstream/FilteredDStream.scala). */
import type { RDD } from '../rdd/rdd.js';
import { DerivedDStream } from './derived-dstream.js';
import type { DStreamNode } from './dstream-node.js';

export class FilteredDStream<T> extends DerivedDStream<T, T> {
  readonly #predicate: (value: T) => boolean;

  constructor(parent: DStreamNode<T>, predicate: (value: T) => boolean) {
    super(parent, 'filter');
    this.#predicate = predicate;
  }

  protected transformRDD(rdd: RDD<T>): RDD<T> {
    return rdd.filter(this.#predicate);
  }
}
