import type { RDD } from '../rdd/rdd.js';
import type { Duration } from '../time/duration.js';
import type { Time } from '../time/time.js';
import { DStreamNode } from './dstream-node.js';

/**
 * A stream whose RDD at time t is its one parent's RDD at t, transformed; no RDD when the parent
 * has none. The common shape of Spark's MappedDStream, FilteredDStream, ShuffledDStream, ...
 */
export abstract class DerivedDStream<T, U> extends DStreamNode<U> {
  readonly parent: DStreamNode<T>;

  protected constructor(parent: DStreamNode<T>, operation: string) {
    super(parent.context, operation);
    this.parent = parent;
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.parent];
  }

  compute(validTime: Time): RDD<U> | undefined {
    const rdd = this.parent.getOrCompute(validTime);
    return rdd === undefined ? undefined : this.transformRDD(rdd);
  }

  protected abstract transformRDD(rdd: RDD<T>): RDD<U>;
}
