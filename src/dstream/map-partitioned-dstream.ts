/** Port of Spark's MapPartitionedDStream (streaming/.../dstream/MapPartitionedDStream.scala). */
import type { RDD } from '../rdd/rdd.js';
import { DerivedDStream } from './derived-dstream.js';
import type { DStreamNode } from './dstream-node.js';

export class MapPartitionedDStream<T, U> extends DerivedDStream<T, U> {
  readonly #f: (items: IterableIterator<T>) => Iterable<U>;
  readonly #preservePartitioning: boolean;

  constructor(
    parent: DStreamNode<T>,
    f: (items: IterableIterator<T>) => Iterable<U>,
    preservePartitioning: boolean,
  ) {
    super(parent, 'mapPartitions');
    this.#f = f;
    this.#preservePartitioning = preservePartitioning;
  }

  protected transformRDD(rdd: RDD<T>): RDD<U> {
    return rdd.mapPartitions(this.#f, this.#preservePartitioning);
  }
}
