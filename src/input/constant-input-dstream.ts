/** Port of Spark's ConstantInputDStream (streaming/.../dstream/ConstantInputDStream.scala). */
import type { DStreamContext } from '../dstream/dstream-context.js';
import { requireArgument } from '../errors.js';
import type { RDD } from '../rdd/rdd.js';
import { InputDStream } from './input-dstream.js';

/** An input that yields the same RDD at every batch (useful in tests and demos). */
export class ConstantInputDStream<T> extends InputDStream<T> {
  readonly #rdd: RDD<T>;

  constructor(context: DStreamContext, rdd: RDD<T> | null | undefined) {
    requireArgument(
      rdd !== null && rdd !== undefined,
      'parameter rdd null is illegal, which will lead to NPE in the following transformation',
    );
    super(context, 'constantInputDStream');
    this.#rdd = rdd;
  }

  get displayName(): string {
    return `Constant input stream [${this.inputId}]`;
  }

  protected batchFor(): RDD<T> {
    return this.#rdd;
  }
}
