/** Port of Spark's QueueInputDStream (streaming/.../dstream/QueueInputDStream.scala). */
import type { DStreamContext } from '../dstream/dstream-context.js';
import { RDD } from '../rdd/rdd.js';
import { InputDStream } from './input-dstream.js';

/** An entry of a queue stream: an RDD, or an array that is parallelized when dequeued (PySpark). */
export type QueueItem<T> = RDD<T> | readonly T[];

/**
 * Each batch takes one queued RDD (`oneAtATime`) or the union of all queued RDDs; with nothing
 * queued it yields `defaultRDD`, or an empty RDD, so there is an RDD at every batch. The queue is
 * live, as Spark's Scala `mutable.Queue`: items pushed after `start()` are seen.
 */
export class QueueInputDStream<T> extends InputDStream<T> {
  // Its items are gone once taken: a checkpoint cannot bring them back.
  override readonly replayable = false;
  readonly #queue: QueueItem<T>[];
  readonly #oneAtATime: boolean;
  readonly #defaultRDD: RDD<T>;

  constructor(
    context: DStreamContext,
    queue: QueueItem<T>[],
    oneAtATime: boolean,
    defaultRDD: QueueItem<T> | undefined,
  ) {
    super(context, 'queueStream');
    this.#queue = queue;
    this.#oneAtATime = oneAtATime;
    // Spark's Scala overload without a default makes one empty 1-partition RDD, reused every batch.
    this.#defaultRDD =
      defaultRDD === undefined ? context.sparkContext.makeRDD<T>([], 1) : this.#toRDD(defaultRDD);
  }

  get displayName(): string {
    return `Queue stream [${this.inputId}]`;
  }

  protected batchFor(): RDD<T> {
    const sc = this.context.sparkContext;
    if (this.#oneAtATime && this.#queue.length > 0)
      return this.#toRDD(this.#queue.shift() as QueueItem<T>);
    const taken = this.#queue.splice(0, this.#queue.length).map((item) => this.#toRDD(item));
    if (taken.length > 0) return sc.union(taken);
    return this.#defaultRDD;
  }

  #toRDD(item: QueueItem<T>): RDD<T> {
    return item instanceof RDD ? item : this.context.sparkContext.parallelize(item);
  }
}
