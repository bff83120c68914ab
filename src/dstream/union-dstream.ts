/** Port of Spark's UnionDStream (streaming/.../dstream/UnionDStream.scala). */
import { SparkError } from '../errors.js';
import type { RDD } from '../rdd/rdd.js';
import type { Duration } from '../time/duration.js';
import type { Time } from '../time/time.js';
import { DStreamNode } from './dstream-node.js';
import { checkSameContextAndSlide } from './multi-parent-checks.js';

/** The union of its parents' RDDs at each batch time; every parent must have one. */
export class UnionDStream<T> extends DStreamNode<T> {
  readonly #parents: readonly DStreamNode<T>[];

  constructor(parents: readonly DStreamNode<T>[]) {
    checkSameContextAndSlide(parents, 'union');
    super((parents[0] as DStreamNode<T>).context, 'union');
    this.#parents = parents;
  }

  get slideDuration(): Duration {
    return (this.#parents[0] as DStreamNode<T>).slideDuration;
  }

  get dependencies(): readonly DStreamNode<unknown>[] {
    return this.#parents;
  }

  compute(validTime: Time): RDD<T> | undefined {
    const rdds = this.#parents.map((parent) => {
      const rdd = parent.getOrCompute(validTime);
      if (rdd === undefined) {
        throw new SparkError(
          `Could not generate RDD from a parent for unifying at time ${validTime}`,
        );
      }
      return rdd;
    });
    if (rdds.length === 0) return undefined;
    return this.context.sparkContext.union(rdds);
  }
}
