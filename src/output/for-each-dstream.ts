/** Port of Spark's ForEachDStream (streaming/.../dstream/ForEachDStream.scala). */
import { DStreamNode, type OutputJob } from '../dstream/dstream-node.js';
import type { GraphOutput } from '../dstream/dstream-graph.js';
import type { SparkContext } from '../context/spark-context.js';
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
    return new ForEachJob(
      time,
      this.creationSite.toString(),
      this.id,
      rdd,
      this.#f,
      this.context.sparkContext,
      this.#savedProperties ?? new Map<string, string>(),
    );
  }
}

/**
 * One output operation's job for one batch, run as Spark's JobHandler runs it: from the local
 * properties saved when the context started (a group set before `ssc.start()` applies to every
 * job); what the job sets lasts until it ends, and the driver's own properties come back then.
 */
class ForEachJob<T> implements OutputJob {
  readonly time: Time;
  readonly name: string;
  readonly streamId: number;
  readonly rdd: RDD<T>;
  readonly #f: ForeachFunction<T>;
  readonly #sc: SparkContext;
  readonly #saved: ReadonlyMap<string, string>;
  #outside: ReadonlyMap<string, string> | undefined;
  #ended: ReadonlyMap<string, string>;

  constructor(
    time: Time,
    name: string,
    streamId: number,
    rdd: RDD<T>,
    f: ForeachFunction<T>,
    sc: SparkContext,
    saved: ReadonlyMap<string, string>,
  ) {
    this.time = time;
    this.name = name;
    this.streamId = streamId;
    this.rdd = rdd;
    this.#f = f;
    this.#sc = sc;
    this.#saved = saved;
    this.#ended = saved;
  }

  run(): void | Promise<void> {
    this.#outside = this.#sc.getLocalProperties();
    this.#sc.setLocalProperties(this.#saved);
    let result: void | Promise<void>;
    try {
      result = this.#f(this.rdd, this.time);
    } catch (error) {
      this.#end();
      throw error;
    }
    if (result instanceof Promise) {
      return result.finally(() => {
        this.#end();
      });
    }
    this.#end();
    return result;
  }

  jobProperties(): { group?: string; description?: string } {
    const group = this.#ended.get('spark.jobGroup.id');
    const description = this.#ended.get('spark.job.description');
    return {
      ...(group === undefined ? {} : { group }),
      ...(description === undefined ? {} : { description }),
    };
  }

  #end(): void {
    this.#ended = this.#sc.getLocalProperties();
    this.#sc.setLocalProperties(this.#outside ?? this.#saved);
  }
}
