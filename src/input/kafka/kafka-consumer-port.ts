/**
 * The narrow Kafka client interface the direct stream needs (Spark's driver-side consumer plus its
 * executors' `KafkaDataConsumer`), so another client than kafkajs can be swapped in.
 */
import type { RecordColumns } from './record-columns.js';

/** Header values as Kafka delivers them. */
export type KafkaHeaders = Readonly<
  Record<string, Buffer | string | (Buffer | string)[] | undefined>
>;

/**
 * One Kafka record, as Spark's `ConsumerRecord` (offsets are plain numbers: exact up to 2^53).
 *
 * @example
 * ```ts
 * stream.map((record: ConsumerRecord) => record.value?.toString() ?? '').pprint();
 * ```
 */
export interface ConsumerRecord {
  /** The topic the record was read from. */
  readonly topic: string;
  /** Its partition. */
  readonly partition: number;
  /** Its offset in the partition. */
  readonly offset: number;
  /** Milliseconds since the epoch (create or log-append time). */
  readonly timestamp: number;
  /** The key bytes, `null` when the record has none. */
  readonly key: Buffer | null;
  /** The value bytes, `null` for a tombstone. */
  readonly value: Buffer | null;
  /** The record's headers. */
  readonly headers: KafkaHeaders;
}

/**
 * The records of one offset range, in offset order, as a client returns them.
 *
 * @example
 * ```ts
 * const records: FetchedRecords = await port.fetch('logins', 0, 0, 10);
 * ```
 */
export type FetchedRecords = readonly ConsumerRecord[] | RecordColumns;

/**
 * A topic-partition.
 *
 * @example
 * ```ts
 * const tp: TopicPartition = { topic: 'logins', partition: 0 };
 * ```
 */
export interface TopicPartition {
  /** The topic. */
  readonly topic: string;
  /** The partition number within the topic. */
  readonly partition: number;
}

/**
 * An offset of one topic-partition.
 *
 * @example
 * ```ts
 * const start: TopicPartitionOffset = { topic: 'logins', partition: 0, offset: 42 };
 * ```
 */
export interface TopicPartitionOffset extends TopicPartition {
  /** An offset in the partition: the next record to read (or commit as read up to). */
  readonly offset: number;
}

/**
 * The offsets a partition holds now: `[earliest, latest)`.
 *
 * @example
 * ```ts
 * const bounds: PartitionOffsets = { topic: 'logins', partition: 0, earliest: 0, latest: 42 };
 * ```
 */
export interface PartitionOffsets extends TopicPartition {
  /** The log start offset (older records were deleted by retention). */
  readonly earliest: number;
  /** The high watermark: the next offset to be written. */
  readonly latest: number;
}

/**
 * What the direct stream asks of a Kafka client. Implementations throw the errors of
 * `kafka-errors.ts` (`UnknownTopicOrPartitionError`, `KafkaConnectionError`, `KafkaError`).
 *
 * @example
 * ```ts
 * const [bounds] = await port.offsetBounds([{ topic: 'logins', partition: 0 }]);
 * ```
 */
export interface KafkaConsumerPort {
  /** Every topic the brokers know (for pattern subscriptions), internal topics excluded. */
  listTopics(): Promise<string[]>;
  /** Every partition of `topics`, sorted by topic then partition; unknown topics throw. */
  partitionsFor(topics: readonly string[]): Promise<TopicPartition[]>;
  /** The earliest and latest offsets of each partition, in the order of `tps`. */
  offsetBounds(tps: readonly TopicPartition[]): Promise<PartitionOffsets[]>;
  /** The consumer group's committed offsets of `tps` (partitions without one are left out). */
  committedOffsets(tps: readonly TopicPartition[]): Promise<TopicPartitionOffset[]>;
  /**
   * Exactly the records of `[fromOffset, untilOffset)`, in offset order: an array, or
   * `RecordColumns`, which hold them compactly until a job reads them.
   */
  fetch(
    topic: string,
    partition: number,
    fromOffset: number,
    untilOffset: number,
  ): Promise<FetchedRecords>;
  /** Store `offsets` (the next offsets to read) as the consumer group's committed offsets. */
  commit(offsets: readonly TopicPartitionOffset[]): Promise<void>;
  /** Disconnect every client; the port is not used afterwards. */
  close(): Promise<void>;
}

/** `topic-partition`, Kafka's TopicPartition.toString. */
export function topicPartitionKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/** Order topic-partitions by topic, then partition. */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition;
}
