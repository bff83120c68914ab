/** Port of Spark's ForEachDStream (streaming/.../dstream/ForEachDStream.scala). */
import { DStreamNode, type OutputJob } from '../dstream/dstream-node.js';
import type { GraphOutput } from '../dstream/dstream-graph.js';
import type { RDD } from '../rdd/rdd.js';
import type { Duration } from '../time/duration.js';
import type { Time } from '../time/time.js';

/** The function of an output operation; the batch waits for a returned promise. */
export type ForeachFunction<T> = (rdd: RDD<T>, time: Time) => void | Promise<void>;

/**
 * An output operation: at each batch time its parent has an RDD, one job that calls the function
 * with that RDD. Registers itself with the graph, so outputs run in creation order.
 */
export class ForEachDStream<T> extends DStreamNode<never> implements GraphOutput {
  readonly #parent: DStreamNode<T>;
  readonly #f: ForeachFunction<T>;

  constructor(parent: DStreamNode<T>, f: ForeachFunction<T>, operation = 'foreachRDD') {
    super(parent.context, operation);
    this.#parent = parent;
    this.#f = f;
    parent.context.graph.addOutput(this);
  }

  get slideDuration(): Duration {
    return this.#parent.slideDuration;
  }

  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.#parent];
  }

  compute(): undefined {
    return undefined;
  }

  /** The SparkContext's local properties when the context started (Spark's `savedProperties`). */
  #savedProperties: ReadonlyMap<string, string> | undefined;

  override initialize(zeroTime: Time): void {
    this.#savedProperties ??= this.context.sparkContext.getLocalProperties();
    super.initialize(zeroTime);
  }

  generateJob(time: Time): OutputJob | undefined {
    const rdd = this.#parent.getOrCompute(time);
    if (rdd === undefined) return undefined;
    const f = this.#f;
    const sc = this.context.sparkContext;
    const saved = this.#savedProperties ?? new Map<string, string>();
    let ended = saved;
    // As Spark's JobHandler: each job starts from the properties saved at start (a group set
    // before ssc.start() applies to every job); what the job sets lasts until it ends.
    const run = (): void | Promise<void> => {
      const outside = sc.getLocalProperties();
      sc.setLocalProperties(saved);
      const end = (): void => {
        ended = sc.getLocalProperties();
        sc.setLocalProperties(outside);
      };
      let result: void | Promise<void>;
      try {
        result = f(rdd, time);
      } catch (error) {
        end();
        throw error;
      }
      if (result instanceof Promise) return result.finally(end);
      end();
      return result;
    };
    return {
      time,
      name: this.creationSite.toString(),
      streamId: this.id,
      rdd,
      run,
      jobProperties: () => jobGroupOf(ended),
    };
  }
}

function jobGroupOf(properties: ReadonlyMap<string, string>): {
  group?: string;
  description?: string;
} {
  const group = properties.get('spark.jobGroup.id');
  const description = properties.get('spark.job.description');
  return {
    ...(group === undefined ? {} : { group }),
    ...(description === undefined ? {} : { description }),
  };
}
