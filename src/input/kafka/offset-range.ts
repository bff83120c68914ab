/** Port of Spark's OffsetRange and HasOffsetRanges (kafka010/OffsetRange.scala). */
import { IllegalArgumentError } from '../../errors.js';
import type { RDD } from '../../rdd/rdd.js';
import type { TopicPartition } from './kafka-consumer-port.js';
import { KafkaRDD } from './kafka-rdd.js';

/**
 * The records `[fromOffset, untilOffset)` of one topic-partition: one partition of a batch.
 *
 * @example
 * ```ts
 * const range = OffsetRange.create('logins', 0, 100, 150);
 * range.count(); // 50
 * ```
 */
export class OffsetRange {
  /** The Kafka topic. */
  readonly topic: string;
  /** The partition within the topic. */
  readonly partition: number;
  /** Inclusive starting offset. */
  readonly fromOffset: number;
  /** Exclusive ending offset. */
  readonly untilOffset: number;

  constructor(topic: string, partition: number, fromOffset: number, untilOffset: number) {
    if (
      !Number.isSafeInteger(fromOffset) ||
      !Number.isSafeInteger(untilOffset) ||
      fromOffset < 0 ||
      untilOffset < fromOffset
    ) {
      throw new IllegalArgumentError(
        `Invalid offset range for ${topic}-${partition}: [${fromOffset} -> ${untilOffset}]`,
      );
    }
    this.topic = topic;
    this.partition = partition;
    this.fromOffset = fromOffset;
    this.untilOffset = untilOffset;
  }

  /** Spark's factory. @example `OffsetRange.create('t', 0, 0, 10)` */
  static create(
    topic: string,
    partition: number,
    fromOffset: number,
    untilOffset: number,
  ): OffsetRange {
    return new OffsetRange(topic, partition, fromOffset, untilOffset);
  }

  /** The number of offsets in the range. @example `range.count()` */
  count(): number {
    return this.untilOffset - this.fromOffset;
  }

  /** @example `range.topicPartition()` */
  topicPartition(): TopicPartition {
    return { topic: this.topic, partition: this.partition };
  }

  /** @example `String(range)` */
  toString(): string {
    return `OffsetRange(topic: '${this.topic}', partition: ${this.partition}, range: [${this.fromOffset} -> ${this.untilOffset}])`;
  }
}

/**
 * Spark's `rdd.asInstanceOf[HasOffsetRanges].offsetRanges`: the ranges of an RDD made directly by
 * a direct Kafka stream (inside `foreachRDD`/`transform` on that stream, before any other operation).
 *
 * @example
 * ```ts
 * stream.foreachRDD((rdd) => {
 *   const ranges = offsetRanges(rdd);
 *   // ... write the results, then:
 *   stream.commitAsync(ranges);
 * });
 * ```
 */
export function offsetRanges(rdd: RDD<unknown>): readonly OffsetRange[] {
  const node = rdd.node;
  if (!(node instanceof KafkaRDD)) {
    throw new IllegalArgumentError(
      `offsetRanges needs an RDD made directly by a direct Kafka stream, not ${node.className}`,
    );
  }
  return node.offsetRanges;
}
