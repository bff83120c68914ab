/** Port of Spark's GlommedDStream (streaming/.../dstream/GlommedDStream.scala). */
import type { RDD } from '../rdd/rdd.js';
import { DerivedDStream } from './derived-dstream.js';
import type { DStreamNode } from './dstream-node.js';

export class GlommedDStream<T> extends DerivedDStream<T, T[]> {
  constructor(parent: DStreamNode<T>) {
    super(parent, 'glom');
  }

  protected transformRDD(rdd: RDD<T>): RDD<T[]> {
    return rdd.glom();
  }
}
