/** Port of Spark's KafkaRDD (kafka010/KafkaRDD.scala): each partition reads one offset range. */
import { IllegalStateError } from '../../errors.js';
import type { AsyncSource } from '../../rdd/async-source.js';
import type { RDDContext } from '../../rdd/rdd-context.js';
import { RDDNode, type Dependency, type Sink } from '../../rdd/rdd-node.js';
import type { ConsumerRecord, FetchedRecords } from './kafka-consumer-port.js';
import type { OffsetRange } from './offset-range.js';
import type { RecordColumns } from './record-columns.js';

/** Reads the records of one offset range, in offset order. */
export type OffsetRangeReader = (range: OffsetRange) => Promise<FetchedRecords>;

/**
 * One partition per offset range, holding that range's records in offset order. The records are
 * read when a job needs them (the scheduler loads the sources of a job's lineage before it runs,
 * since partitions compute synchronously here) and dropped after the batch, so a batch waiting
 * in the queue holds only its ranges, as Spark's KafkaRDD does.
 *
 * @example
 * ```ts
 * const rdd = new KafkaRDD(sc, ranges, (range) => consumer.fetch(range.topic, range.partition, range.fromOffset, range.untilOffset));
 * await rdd.load();
 * new RDD(rdd).collect();
 * ```
 */
// Differs from Spark: a task here cannot wait for I/O (partitions compute synchronously), so the
// ranges a job's lineage reaches are read before the job runs and kept until its batch ends; two
// jobs of one batch share one read, where each of Spark's tasks reads its range again.
export class KafkaRDD extends RDDNode<ConsumerRecord> implements AsyncSource {
  readonly className = 'KafkaRDD';
  readonly dependencies: readonly Dependency[] = [];
  readonly numPartitions: number;
  readonly offsetRanges: readonly OffsetRange[];
  readonly #read: OffsetRangeReader | undefined;
  #records: readonly FetchedRecords[] | undefined;
  #loading: Promise<void> | undefined;

  /**
   * With `read`, the records are read by `load()`; with `records` instead, they are given and kept
   * (`KafkaUtils.createRDD`).
   */
  constructor(
    context: RDDContext,
    offsetRanges: readonly OffsetRange[],
    source: OffsetRangeReader | readonly FetchedRecords[],
  ) {
    super(context, 'createDirectStream');
    this.offsetRanges = offsetRanges;
    this.numPartitions = offsetRanges.length;
    if (typeof source === 'function') this.#read = source;
    else this.#records = source;
  }

  get isLoaded(): boolean {
    return this.#records !== undefined;
  }

  /** Read every range (all at once: each range is a different topic-partition). */
  load(): Promise<void> {
    const read = this.#read;
    if (this.#records !== undefined || read === undefined) return Promise.resolve();
    this.#loading ??= Promise.all(this.offsetRanges.map((range) => read(range)))
      .then((records) => {
        this.#records = records;
      })
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }

  /** Drop the records, unless they were given (they could not be read again). */
  release(): void {
    if (this.#read !== undefined) this.#records = undefined;
  }

  /** The records of partition `index`, read. */
  #partitionRecords(index: number): FetchedRecords {
    const records = this.#records;
    if (records === undefined) {
      const range = this.offsetRanges[index];
      throw new IllegalStateError(
        `Partition ${index} of KafkaRDD[${this.id}] (${range?.topic}-${range?.partition} [${range?.fromOffset} -> ${range?.untilOffset}]) was not read: a Kafka batch is read when a job computes it, so compute it inside an output operation (foreachRDD, pprint, ...) or a transform function`,
      );
    }
    return records[index] ?? [];
  }

  protected override materialize(index: number): readonly ConsumerRecord[] {
    const records = this.#partitionRecords(index);
    return Array.isArray(records) ? records : super.materialize(index);
  }

  /** Records are built as they are pushed, so a job that does not keep them lets them go young. */
  protected computeInto(index: number, sink: Sink<ConsumerRecord>): void {
    const records = this.#partitionRecords(index);
    if (!Array.isArray(records)) {
      (records as RecordColumns).forEach(sink);
      return;
    }
    for (let i = 0; i < records.length; i++) sink(records[i] as ConsumerRecord);
  }
}
