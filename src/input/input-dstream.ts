/** Port of Spark's InputDStream (streaming/.../dstream/InputDStream.scala). */
import { DStreamNode } from '../dstream/dstream-node.js';
import type { DStreamContext } from '../dstream/dstream-context.js';
import type { GraphInput } from '../dstream/dstream-graph.js';
import type { RDD } from '../rdd/rdd.js';
import type { Duration } from '../time/duration.js';
import type { Time } from '../time/time.js';

/**
 * A source of batches. Each input registers with the graph when created, slides at the batch
 * interval, is started by `ssc.start()` whether or not an output uses it, and is asked for a
 * batch (`batchFor`, possibly async) before the batch's jobs are generated.
 */
export abstract class InputDStream<T> extends DStreamNode<T> implements GraphInput {
  readonly inputId: number;
  readonly #prepared = new Map<number, RDD<T> | undefined>();

  protected constructor(context: DStreamContext, operation: string) {
    super(context, operation);
    this.inputId = context.graph.nextInputId();
    context.graph.addInput(this);
  }

  /** Spark's display name, e.g. `"Queue stream [0]"`. */
  abstract get displayName(): string;

  get slideDuration(): Duration {
    return this.context.batchDuration;
  }

  get dependencies(): readonly DStreamNode<unknown>[] {
    return [];
  }

  start(): void | Promise<void> {
    // Most inputs need no start-up.
  }

  stop(): void | Promise<void> {
    // Most inputs hold nothing to release.
  }

  /** Return the batch for `time`, or `undefined` for "no RDD at this time". */
  protected abstract batchFor(time: Time): RDD<T> | undefined | Promise<RDD<T> | undefined>;

  async prepareBatch(time: Time): Promise<void> {
    if (!this.isTimeValid(time)) return;
    this.#prepared.set(time.milliseconds, await this.batchFor(time));
  }

  compute(validTime: Time): RDD<T> | undefined {
    const rdd = this.#prepared.get(validTime.milliseconds);
    this.#prepared.delete(validTime.milliseconds);
    return rdd;
  }
}
