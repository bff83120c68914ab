// An in-memory KafkaConsumerPort: one topic `t` with one partition, for the tests of the direct
// stream's own logic that need a Kafka client to misbehave on demand (a commit held open, a fetch
// that fails), which a real broker cannot do deterministically. Everything else about Kafka is
// tested against the real broker in test/kafka.
import { ManualClock, Milliseconds, StreamingContext, type Logger } from '../../src/index.js';
import {
  KafkaUtils,
  type DirectKafkaStream,
  type ConsumerRecord,
  type KafkaConsumerPort,
  type PartitionOffsets,
  type TopicPartition,
  type TopicPartitionOffset,
} from '../../src/input/kafka/index.js';

/** A logger that drops everything. */
export const SILENT: Logger = { warn: () => undefined, error: () => undefined };

export class InMemoryTopic implements KafkaConsumerPort {
  /** The partition's values; offset i holds values[i]. */
  readonly values: string[] = [];
  /** The offsets of each commit, in order. */
  readonly commits: number[][] = [];
  /** How many fetches fail before one succeeds. */
  failures = 0;
  /** How many offset requests fail before one succeeds. */
  boundsFailures = 0;
  /** Whether commits wait for `releaseCommit()`. */
  holdCommits = false;
  #release: (() => void)[] = [];

  listTopics(): Promise<string[]> {
    return Promise.resolve(['t']);
  }
  partitionsFor(): Promise<TopicPartition[]> {
    return Promise.resolve([{ topic: 't', partition: 0 }]);
  }
  offsetBounds(tps: readonly TopicPartition[]): Promise<PartitionOffsets[]> {
    if (this.boundsFailures > 0) {
      this.boundsFailures--;
      return Promise.reject(new Error('offsets unavailable'));
    }
    return Promise.resolve(tps.map((tp) => ({ ...tp, earliest: 0, latest: this.values.length })));
  }
  committedOffsets(): Promise<TopicPartitionOffset[]> {
    return Promise.resolve([]);
  }
  fetch(topic: string, partition: number, from: number, until: number): Promise<ConsumerRecord[]> {
    if (this.failures > 0) {
      this.failures--;
      return Promise.reject(new Error(`fetch of [${from}, ${until}) failed`));
    }
    return Promise.resolve(
      this.values.slice(from, until).map((value, i) => ({
        topic,
        partition,
        offset: from + i,
        timestamp: 0,
        key: null,
        value: Buffer.from(value),
        headers: {},
      })),
    );
  }
  commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    this.commits.push(offsets.map((o) => o.offset));
    if (!this.holdCommits) return Promise.resolve();
    return new Promise((resolve) => this.#release.push(resolve));
  }
  /** Complete the oldest commit held open. */
  releaseCommit(): void {
    this.#release.shift()?.();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * A silent context on a ManualClock at 0 (1 s batches) and a direct stream of `t` read through
 * `port`; with `checkpointDir`, the context checkpoints there.
 */
export function inMemoryStream(
  port: InMemoryTopic,
  checkpointDir?: string,
): {
  ssc: StreamingContext;
  stream: DirectKafkaStream;
} {
  const ssc = new StreamingContext({
    batchDuration: Milliseconds(1000),
    clock: new ManualClock(0),
    logger: SILENT,
  });
  if (checkpointDir !== undefined) ssc.checkpoint(checkpointDir);
  const stream = KafkaUtils.createDirectStream(ssc, {
    topics: ['t'],
    kafkaConfig: { brokers: ['unused:9092'] },
    groupId: 'g',
    startingOffsets: 'earliest',
    consumer: port,
  });
  return { ssc, stream };
}
