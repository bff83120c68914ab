/** Port of Spark's TestInputStream (streaming/src/test/scala/.../TestSuiteBase.scala). */
import type { DStreamContext } from '../dstream/dstream-context.js';
import { InputDStream } from '../input/input-dstream.js';
import type { RDD } from '../rdd/rdd.js';
import type { Time } from '../time/time.js';

/**
 * Batch k (at zeroTime + k·slide) holds `input[k - 1]` parallelized into `numPartitions`;
 * `null` means "no RDD at this batch"; past the end of `input`, empty RDDs.
 */
export class TestInputDStream<T> extends InputDStream<T> {
  readonly #input: readonly (readonly T[] | null)[];
  readonly #numPartitions: number;
  readonly #zeroTime: () => Time | undefined;

  constructor(
    context: DStreamContext,
    input: readonly (readonly T[] | null)[],
    numPartitions: number,
  ) {
    super(context, 'testInputStream');
    this.#input = input;
    this.#numPartitions = numPartitions;
    this.#zeroTime = () => this.zeroTime;
  }

  get displayName(): string {
    return `Test input stream [${this.inputId}]`;
  }

  protected batchFor(time: Time): RDD<T> | undefined {
    const zero = this.#zeroTime() as Time;
    const index = time.minus(zero).milliseconds / this.slideDuration.milliseconds - 1;
    const selected = index < this.#input.length ? this.#input[index] : [];
    if (selected === null || selected === undefined) return undefined;
    return this.context.sparkContext.parallelize(selected, this.#numPartitions);
  }
}
