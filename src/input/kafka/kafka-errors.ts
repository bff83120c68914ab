/**
 * The Kafka direct stream's errors, named after the Java client's exceptions Spark lets through.
 * Each keeps the Kafka client's error as `cause` and its `retriable` flag, so callers can tell a
 * broker that is briefly away from a request that can never succeed.
 */
import { DStreamError } from '../../errors.js';

/**
 * Base class of the Kafka errors (Kafka's `KafkaException`).
 *
 * @example
 * ```ts
 * ssc.awaitTermination().catch((e) => {
 *   if (e instanceof KafkaError && e.retriable) console.error('Kafka was unreachable', e.cause);
 * });
 * ```
 */
export class KafkaError extends DStreamError {
  /** The error class's name, as printed in stack traces. */
  override readonly name: string = 'KafkaError';
  /** Whether retrying the same request may succeed (kafkajs's `retriable`, kept as it was). */
  readonly retriable: boolean;

  constructor(message: string, options: { readonly retriable: boolean; readonly cause?: unknown }) {
    super(message, { cause: options.cause });
    this.retriable = options.retriable;
  }
}

/**
 * A topic or partition the brokers do not know (Kafka's `UnknownTopicOrPartitionException`).
 *
 * @example
 * ```ts
 * await expect(ssc.awaitTermination()).rejects.toThrow(UnknownTopicOrPartitionError);
 * ```
 */
export class UnknownTopicOrPartitionError extends KafkaError {
  /** The error class's name, as printed in stack traces. */
  override readonly name: string = 'UnknownTopicOrPartitionError';
}

/**
 * The brokers could not be reached (kafkajs's connection errors, after its retries).
 *
 * @example
 * ```ts
 * await expect(ssc.start()).rejects.toThrow(KafkaConnectionError);
 * ```
 */
export class KafkaConnectionError extends KafkaError {
  /** The error class's name, as printed in stack traces. */
  override readonly name: string = 'KafkaConnectionError';
}

/**
 * Offsets that no longer (or do not yet) exist in a partition, e.g. records deleted by retention
 * before a batch read them (Kafka's `OffsetOutOfRangeException`, which Spark's executors raise
 * because they run with `auto.offset.reset=none`). Nothing is skipped silently.
 *
 * @example
 * ```ts
 * // "Offsets out of range with no configured reset policy for partitions: {logins-0=42}"
 * await expect(ssc.awaitTermination()).rejects.toThrow(OffsetOutOfRangeError);
 * ```
 */
export class OffsetOutOfRangeError extends KafkaError {
  /** The error class's name, as printed in stack traces. */
  override readonly name: string = 'OffsetOutOfRangeError';
}

/**
 * A partition has neither an explicit nor a committed offset and `auto.offset.reset` is `none`
 * (Kafka's `NoOffsetForPartitionException`).
 *
 * @example
 * ```ts
 * // "Undefined offset with no reset policy for partitions: [logins-0]"
 * await expect(ssc.start()).rejects.toThrow(NoOffsetForPartitionError);
 * ```
 */
export class NoOffsetForPartitionError extends KafkaError {
  /** The error class's name, as printed in stack traces. */
  override readonly name: string = 'NoOffsetForPartitionError';
}
