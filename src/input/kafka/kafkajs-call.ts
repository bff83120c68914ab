/**
 * Calling kafkajs: its errors become the typed errors of kafka-errors.ts, and calls that failed
 * with a retriable error are tried again with the client's backoff.
 */
import { DStreamError } from '../../errors.js';
import { topicPartitionKey, type TopicPartitionOffset } from './kafka-consumer-port.js';
import { loadKafkajs } from './load-kafkajs.js';
import {
  KafkaConnectionError,
  KafkaError,
  OffsetOutOfRangeError,
  UnknownTopicOrPartitionError,
} from './kafka-errors.js';

// kafkajs is an optional peer dependency, loaded with an error naming the install command.
const { KafkaJSConnectionError, KafkaJSError, KafkaJSOffsetOutOfRange, KafkaJSProtocolError } =
  loadKafkajs();

/**
 * Kafka's OffsetOutOfRangeException for `offsets`.
 *
 * @example
 * ```ts
 * throw outOfRange([{ topic: 'logins', partition: 0, offset: 42 }]);
 * ```
 */
export function outOfRange(offsets: readonly TopicPartitionOffset[]): OffsetOutOfRangeError {
  const list = offsets.map((o) => `${topicPartitionKey(o)}=${o.offset}`).join(', ');
  return new OffsetOutOfRangeError(
    `Offsets out of range with no configured reset policy for partitions: {${list}}`,
    { retriable: false },
  );
}

/** How often a call that failed with a retriable kafkajs error is tried again. */
export interface RetryPolicy {
  readonly retries: number;
  readonly initialRetryTime: number;
  readonly maxRetryTime: number;
}

/**
 * Run a kafkajs call, turning its errors into the typed errors of kafka-errors.ts. With a
 * policy, retriable kafkajs errors are retried with exponential backoff: some admin requests
 * (the group's committed offsets) fail at once with NOT_COORDINATOR while a coordinator moves
 * or loads, where kafkajs itself does not retry.
 */
export async function kafkaCall<T>(
  what: string,
  call: () => Promise<T>,
  retry: RetryPolicy = { retries: 0, initialRetryTime: 0, maxRetryTime: 0 },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(isRetriable(error) && attempt < retry.retries)) {
        throw toKafkaError(error, what);
      }
      const wait = Math.min(retry.initialRetryTime * 2 ** attempt, retry.maxRetryTime);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * Whether a request that failed with `error` may succeed if sent again: a kafkajs error whose root
 * cause is retriable (kafkajs wraps a retriable error in a non-retriable one once its own retries
 * are spent, e.g. a consumer that could not join while the coordinator was loading), also when it
 * reached us as a crashed consumer's KafkaError; or kafkajs's TypeError for a Metadata request no
 * broker answered.
 */
export function isRetriable(error: unknown): boolean {
  const thrown = error instanceof KafkaError ? error.cause : error;
  if (isUnansweredMetadata(thrown)) return true;
  return thrown instanceof KafkaJSError && rootCause(thrown).retriable;
}

/** The innermost kafkajs error under `error` (kafkajs's retries wrap the error they gave up on). */
function rootCause(error: InstanceType<typeof KafkaJSError>): InstanceType<typeof KafkaJSError> {
  let root = error;
  while (root.cause instanceof KafkaJSError) root = root.cause;
  return root;
}

/**
 * kafkajs's `listTopics`/`fetchTopicMetadata` throw a TypeError about `topicMetadata` when no
 * broker answered the Metadata request: `BrokerPool.withBroker` swallows each broker's error (a
 * connection lost mid-request too) and returns null (kafkajs issue #549).
 */
function isUnansweredMetadata(error: unknown): boolean {
  return error instanceof TypeError && error.message.includes('topicMetadata');
}

/**
 * The typed error for a kafkajs error (ours pass through): the kind comes from the innermost
 * kafkajs error (retries wrap the real one), `retriable` from the error kafkajs threw.
 */
export function toKafkaError(error: unknown, what: string): unknown {
  if (isUnansweredMetadata(error)) {
    return new KafkaConnectionError(`${what} failed: no broker answered`, {
      retriable: true,
      cause: error,
    });
  }
  if (error instanceof DStreamError || !(error instanceof KafkaJSError)) return error;
  const root = rootCause(error);
  const message = `${what} failed: ${error.message}`;
  const options = { retriable: error.retriable, cause: error };
  if (root instanceof KafkaJSOffsetOutOfRange) return new OffsetOutOfRangeError(message, options);
  if (root instanceof KafkaJSProtocolError && root.type === 'UNKNOWN_TOPIC_OR_PARTITION') {
    return new UnknownTopicOrPartitionError(message, options);
  }
  if (root instanceof KafkaJSConnectionError) return new KafkaConnectionError(message, options);
  return new KafkaError(message, options);
}
