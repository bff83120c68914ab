/**
 * The kafkajs implementation of {@link KafkaConsumerPort}: the only file that imports kafkajs.
 *
 * kafkajs has no manual partition assignment (no `assign`), so:
 * - partitions and offsets come from the admin client (`fetchTopicMetadata`, `fetchTopicOffsets`),
 *   and commits go to the application's group through `admin.setOffsets` (the group has no members:
 *   the stream never joins it, as Spark's driver consumer never relies on group management);
 * - ranges are read by one private consumer whose group id is unique to this stream
 *   (`<groupId>-dstream-<uuid>`), so as the only member it is assigned every partition of the
 *   topics. It runs paused; `fetch` seeks the partition to `fromOffset`, resumes it, collects the
 *   `eachBatch` messages of `[fromOffset, untilOffset)` (stale batches from before the seek are
 *   ignored) and pauses the partition again once `untilOffset` is reached. It never commits.
 */
import { randomUUID } from 'node:crypto';
import {
  Kafka,
  logLevel,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type KafkaConfig,
} from 'kafkajs';
import { IllegalStateError } from '../../errors.js';
import {
  compareTopicPartitions,
  topicPartitionKey,
  type ConsumerRecord,
  type KafkaConsumerPort,
  type KafkaHeaders,
  type TopicPartition,
  type TopicPartitionOffset,
} from './kafka-consumer-port.js';

/**
 * Options of {@link KafkajsConsumer}.
 *
 * @example
 * ```ts
 * const options: KafkajsConsumerOptions = {
 *   kafkaConfig: { brokers: ['127.0.0.1:9092'], clientId: 'app' },
 *   groupId: 'app',
 *   topics: ['logins'],
 * };
 * ```
 */
export interface KafkajsConsumerOptions {
  /** kafkajs client configuration, passed through (`logLevel` defaults to NOTHING). */
  readonly kafkaConfig: KafkaConfig;
  /** The application's consumer group: commits go there. */
  readonly groupId: string;
  /** Every topic the stream may fetch from. */
  readonly topics: readonly string[];
  /** How long one `fetch` may take (default 30 s). */
  readonly fetchTimeoutMs?: number;
}

/** The headers of every record that has none: one shared, frozen object. */
const NO_HEADERS: KafkaHeaders = Object.freeze({});

function hasHeaders(headers: KafkaHeaders | undefined): headers is KafkaHeaders {
  for (const name in headers) if (Object.hasOwn(headers, name)) return true;
  return false;
}

interface Request {
  readonly until: number;
  next: number;
  readonly records: ConsumerRecord[];
  readonly done: () => void;
}

/**
 * {@link KafkaConsumerPort} over kafkajs (see the file comment for how ranges are fetched).
 *
 * @example
 * ```ts
 * const port = new KafkajsConsumer({ kafkaConfig: { brokers }, groupId: 'g', topics: ['t'] });
 * const records = await port.fetch('t', 0, 0, 10);
 * await port.close();
 * ```
 */
export class KafkajsConsumer implements KafkaConsumerPort {
  readonly #kafka: Kafka;
  readonly #options: KafkajsConsumerOptions;
  #admin: Promise<Admin> | undefined;
  #consumer: Promise<Consumer> | undefined;
  readonly #requests = new Map<string, Request>();
  #closed = false;

  constructor(options: KafkajsConsumerOptions) {
    this.#options = options;
    this.#kafka = new Kafka({ logLevel: logLevel.NOTHING, ...options.kafkaConfig });
  }

  #adminClient(): Promise<Admin> {
    this.#admin ??= (async () => {
      const admin = this.#kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.#admin;
  }

  async partitionsFor(topics: readonly string[]): Promise<TopicPartition[]> {
    const admin = await this.#adminClient();
    const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
    return metadata.topics
      .flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionId })))
      .sort(compareTopicPartitions);
  }

  earliestOffsets(tps: readonly TopicPartition[]): Promise<TopicPartitionOffset[]> {
    return this.#offsets(tps, 'low');
  }

  latestOffsets(tps: readonly TopicPartition[]): Promise<TopicPartitionOffset[]> {
    return this.#offsets(tps, 'high');
  }

  async #offsets(
    tps: readonly TopicPartition[],
    which: 'low' | 'high',
  ): Promise<TopicPartitionOffset[]> {
    const admin = await this.#adminClient();
    const result: TopicPartitionOffset[] = [];
    for (const topic of new Set(tps.map((tp) => tp.topic))) {
      const offsets = await admin.fetchTopicOffsets(topic);
      for (const tp of tps) {
        if (tp.topic !== topic) continue;
        const found = offsets.find((o) => o.partition === tp.partition);
        if (found === undefined) {
          throw new IllegalStateError(`Unknown topic-partition ${topicPartitionKey(tp)}`);
        }
        result.push({ ...tp, offset: Number(found[which]) });
      }
    }
    return result;
  }

  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    const admin = await this.#adminClient();
    for (const topic of new Set(offsets.map((o) => o.topic))) {
      await admin.setOffsets({
        groupId: this.#options.groupId,
        topic,
        partitions: offsets
          .filter((o) => o.topic === topic)
          .map((o) => ({ partition: o.partition, offset: String(o.offset) })),
      });
    }
  }

  #fetchConsumer(): Promise<Consumer> {
    this.#consumer ??= (async () => {
      const consumer = this.#kafka.consumer({
        groupId: `${this.#options.groupId}-dstream-${randomUUID()}`,
        maxWaitTimeInMs: 100,
        allowAutoTopicCreation: false,
      });
      await consumer.connect();
      const joined = new Promise<void>((resolve) => {
        const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
          remove();
          resolve();
        });
      });
      await consumer.subscribe({ topics: [...this.#options.topics], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => {
          this.#onBatch(payload);
          return Promise.resolve();
        },
      });
      await joined;
      // Run paused: only `fetch` resumes a partition, after seeking it.
      consumer.pause(this.#options.topics.map((topic) => ({ topic })));
      return consumer;
    })();
    return this.#consumer;
  }

  #onBatch(payload: EachBatchPayload): void {
    const { batch } = payload;
    const request = this.#requests.get(topicPartitionKey(batch));
    if (request === undefined || payload.isStale()) return;
    for (const message of batch.messages) {
      const offset = Number(message.offset);
      if (offset < request.next || offset >= request.until) continue;
      request.records.push({
        topic: batch.topic,
        partition: batch.partition,
        offset,
        timestamp: Number(message.timestamp),
        key: message.key ?? null,
        value: message.value ?? null,
        // kafkajs decodes a fresh headers object per message: no copy is needed, and an empty
        // one is replaced by a shared one (a batch's records stay in memory until its jobs ran,
        // so every object per record counts).
        headers: hasHeaders(message.headers) ? message.headers : NO_HEADERS,
      });
      request.next = offset + 1;
    }
    // Move kafkajs's fetch position past this batch (it never commits: autoCommit is off), so a
    // range larger than one fetch response is read over several fetches.
    payload.resolveOffset(batch.lastOffset());
    // Offsets without a message (transaction markers, compaction) end the range too.
    if (request.next >= request.until || Number(batch.lastOffset()) >= request.until - 1) {
      request.done();
    }
  }

  async fetch(
    topic: string,
    partition: number,
    fromOffset: number,
    untilOffset: number,
  ): Promise<ConsumerRecord[]> {
    if (untilOffset <= fromOffset) return [];
    if (this.#closed) throw new IllegalStateError('The Kafka consumer is closed');
    const consumer = await this.#fetchConsumer();
    const key = topicPartitionKey({ topic, partition });
    if (this.#requests.has(key)) {
      throw new IllegalStateError(`A fetch of ${key} is already in progress`);
    }
    const timeoutMs = this.#options.fetchTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const records: ConsumerRecord[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        this.#requests.set(key, { until: untilOffset, next: fromOffset, records, done: resolve });
        timer = setTimeout(() => {
          reject(
            new IllegalStateError(
              `Timed out after ${timeoutMs} ms fetching ${key} [${fromOffset} -> ${untilOffset}] (got ${records.length} records)`,
            ),
          );
        }, timeoutMs);
        consumer.seek({ topic, partition, offset: String(fromOffset) });
        consumer.resume([{ topic, partitions: [partition] }]);
      });
    } finally {
      clearTimeout(timer);
      this.#requests.delete(key);
      consumer.pause([{ topic, partitions: [partition] }]);
    }
    return records;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const consumer = this.#consumer;
    const admin = this.#admin;
    this.#consumer = undefined;
    this.#admin = undefined;
    await consumer?.then((c) => c.disconnect()).catch(() => undefined);
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }
}
