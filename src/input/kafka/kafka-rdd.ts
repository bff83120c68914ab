/** Port of Spark's KafkaRDD (kafka010/KafkaRDD.scala), over records fetched at batch generation. */
import type { RDDContext } from '../../rdd/rdd-context.js';
import { RDDNode, type Dependency, type Sink } from '../../rdd/rdd-node.js';
import type { ConsumerRecord } from './kafka-consumer-port.js';
import type { OffsetRange } from './offset-range.js';

/**
 * One partition per offset range, holding that range's records in offset order.
 *
 * @example
 * ```ts
 * new RDD(new KafkaRDD(sc, ranges, records)).collect();
 * ```
 */
// Differs from Spark: the records are fetched before the jobs are generated (the scheduler awaits
// prepareBatch), since partitions here are computed synchronously.
export class KafkaRDD extends RDDNode<ConsumerRecord> {
  readonly className = 'KafkaRDD';
  readonly dependencies: readonly Dependency[] = [];
  readonly numPartitions: number;
  readonly offsetRanges: readonly OffsetRange[];
  readonly #records: readonly (readonly ConsumerRecord[])[];

  constructor(
    context: RDDContext,
    offsetRanges: readonly OffsetRange[],
    records: readonly (readonly ConsumerRecord[])[],
  ) {
    super(context, 'createDirectStream');
    this.offsetRanges = offsetRanges;
    this.#records = records;
    this.numPartitions = offsetRanges.length;
  }

  protected computeInto(index: number, sink: Sink<ConsumerRecord>): void {
    for (const record of this.#records[index] ?? []) sink(record);
  }
}
