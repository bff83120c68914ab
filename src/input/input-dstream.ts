/** Port of Spark's InputDStream (streaming/.../dstream/InputDStream.scala). */
import { DStreamNode } from '../dstream/dstream-node.js';
import type { DStreamContext } from '../dstream/dstream-context.js';
import type { GraphInput } from '../dstream/dstream-graph.js';
import type { RDD } from '../rdd/rdd.js';
import type { Duration } from '../time/duration.js';
import type { Time } from '../time/time.js';

/**
 * A source of batches. Each input registers with the graph when created, slides at the batch
 * interval and is started by `ssc.start()` whether or not an output uses it. A batch is taken
 * (`batchFor`) when the batch's jobs are generated, and only if an output needs it, as in Spark.
 * Sources that must fetch asynchronously override `prepareBatch`, which the scheduler awaits before
 * generating the jobs of that time.
 */
export abstract class InputDStream<T> extends DStreamNode<T> implements GraphInput {
  readonly inputId: number;
  /** Whether a recovered context can compute this input's past batches again. */
  readonly replayable: boolean = true;

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
  protected abstract batchFor(time: Time): RDD<T> | undefined;

  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the hook's signature; sync sources ignore it
  prepareBatch(_time: Time): void | Promise<void> {
    // Synchronous sources have nothing to fetch ahead.
  }

  compute(validTime: Time): RDD<T> | undefined {
    return this.batchFor(validTime);
  }
}
