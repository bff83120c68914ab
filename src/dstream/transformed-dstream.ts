/** Port of Spark's TransformedDStream (streaming/.../dstream/TransformedDStream.scala). */
import { SparkError } from '../errors.js';
import { RDD } from '../rdd/rdd.js';
import type { Duration } from '../time/duration.js';
import { Time } from '../time/time.js';
import { DStreamNode } from './dstream-node.js';
import { checkSameContextAndSlide } from './multi-parent-checks.js';

/**
 * A stream computed on the driver from its parents' RDDs at each batch time. `readsData` is
 * `false` for the library's own transforms (join, count, repartition), which only build RDDs;
 * a user's function may compute its RDDs (sortByKey samples them), so by default it reads data.
 */
export class TransformedDStream<U> extends DStreamNode<U> {
  readonly #parents: readonly DStreamNode<unknown>[];
  readonly #transform: (rdds: RDD<unknown>[], time: Time) => RDD<U> | null | undefined;
  override readonly readsParentsAtGeneration: boolean;

  constructor(
    parents: readonly DStreamNode<unknown>[],
    transform: (rdds: RDD<unknown>[], time: Time) => RDD<U> | null | undefined,
    operation = 'transform',
    readsData = true,
  ) {
    checkSameContextAndSlide(parents, 'transform');
    super((parents[0] as DStreamNode<unknown>).context, operation);
    this.#parents = parents;
    this.#transform = transform;
    this.readsParentsAtGeneration = readsData;
  }

  get slideDuration(): Duration {
    return (this.#parents[0] as DStreamNode<unknown>).slideDuration;
  }

  get dependencies(): readonly DStreamNode<unknown>[] {
    return this.#parents;
  }

  compute(validTime: Time): RDD<U> {
    const rdds = this.#parents.map((parent) => {
      const rdd = parent.getOrCompute(validTime);
      if (rdd === undefined)
        throw new SparkError(`Couldn't generate RDD from parent at time ${validTime}`);
      return rdd;
    });
    const result = this.#transform(rdds, validTime);
    if (result === null || result === undefined) {
      throw new SparkError(
        'Transform function must not return null. Return SparkContext.emptyRDD() instead to represent no element as the result of transformation.',
      );
    }
    if (!(result instanceof RDD)) throw notAnRDD(result);
    return result;
  }
}

/**
 * The error for a transform function that returned something else than an RDD (Scala's types
 * forbid it; JavaScript cannot, and passing it on would fail later, far from the cause).
 */
function notAnRDD(result: unknown): SparkError {
  if (result instanceof Time) {
    return new SparkError(
      'Transform function must return an RDD, got a Time: its parameters are (rdd, time), in this order (PySpark passes (time, rdd))',
    );
  }
  const what = Array.isArray(result)
    ? 'an array: make an RDD of it with rdd.context.parallelize(array)'
    : typeof result === 'object'
      ? `an object (${(result as object).constructor.name})`
      : `a ${typeof result}`;
  return new SparkError(`Transform function must return an RDD, got ${what}`);
}
