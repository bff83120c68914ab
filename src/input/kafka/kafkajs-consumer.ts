/**
 * The kafkajs implementation of {@link KafkaConsumerPort}: the only file that imports kafkajs.
 *
 * kafkajs has no manual partition assignment (no `assign`), so:
 * - partitions and offsets come from the admin client (`fetchTopicMetadata`, `fetchTopicOffsets`,
 *   `fetchOffsets` for the group's committed offsets);
 * - commits go through a committer: a consumer in the application's group (as Spark's driver
 *   consumer is a member of it) that never reads (it runs paused) and commits with one
 *   OffsetCommit request. It joins the group at the first commit; `admin.setOffsets` would join
 *   and leave for every commit, about 5 s each. Differs from Spark: with Assign, Spark's driver
 *   consumer is not a group member; here the committer joins the group in every strategy;
 * - ranges are read by private consumers, one per topic, each in a group of its own
 *   (`<groupId>-dstream-<uuid>`), so as the only member it is assigned every partition of its
 *   topic (a topic a pattern subscription finds later just gets its own consumer). Each runs paused; `fetch` seeks the partition to `fromOffset`, resumes it, collects the
 *   `eachBatch` messages of `[fromOffset, untilOffset)` (stale batches from before the seek are
 *   ignored) and pauses the partition again once `untilOffset` is reached. It never commits.
 */
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaConfig } from 'kafkajs';
import { DStreamError, IllegalStateError } from '../../errors.js';
import { loadKafkajs } from './load-kafkajs.js';

// kafkajs is an optional peer dependency: loaded here, with an error naming the install command.
const {
  Kafka: KafkaClient,
  logLevel,
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSOffsetOutOfRange,
  KafkaJSProtocolError,
} = loadKafkajs();
import {
  compareTopicPartitions,
  topicPartitionKey,
  type ConsumerRecord,
  type KafkaConsumerPort,
  type KafkaHeaders,
  type PartitionOffsets,
  type TopicPartition,
  type TopicPartitionOffset,
} from './kafka-consumer-port.js';
import {
  KafkaConnectionError,
  KafkaError,
  OffsetOutOfRangeError,
  UnknownTopicOrPartitionError,
} from './kafka-errors.js';

/**
 * Options of {@link KafkajsConsumer}.
 *
 * @example
 * ```ts
 * const options: KafkajsConsumerOptions = {
 *   kafkaConfig: { brokers: ['127.0.0.1:9092'], clientId: 'app' },
 *   groupId: 'app',
 * };
 * ```
 */
export interface KafkajsConsumerOptions {
  /** kafkajs client configuration, passed through (`logLevel` defaults to NOTHING). */
  readonly kafkaConfig: KafkaConfig;
  /** The application's consumer group: commits go there, committed offsets come from there. */
  readonly groupId: string;
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
  readonly topic: string;
  readonly until: number;
  next: number;
  readonly records: ConsumerRecord[];
  readonly done: () => void;
  readonly fail: (error: unknown) => void;
}

/**
 * {@link KafkaConsumerPort} over kafkajs (see the file comment for how ranges are fetched).
 *
 * @example
 * ```ts
 * const port = new KafkajsConsumer({ kafkaConfig: { brokers }, groupId: 'g' });
 * const records = await port.fetch('t', 0, 0, 10);
 * await port.close();
 * ```
 */
export class KafkajsConsumer implements KafkaConsumerPort {
  readonly #kafka: Kafka;
  readonly #options: KafkajsConsumerOptions;
  #admin: Promise<Admin> | undefined;
  /** The private fetch consumer of each topic. */
  readonly #consumers = new Map<string, Promise<Consumer>>();
  /** The committer (see the file comment) and the topics it subscribed to. */
  #committer:
    { readonly topics: ReadonlySet<string>; readonly consumer: Promise<Consumer> } | undefined;
  readonly #requests = new Map<string, Request>();
  #closed = false;
  /** Reads follow kafkajs's retry settings (`kafkaConfig.retry`). */
  readonly #readRetry: RetryPolicy;

  constructor(options: KafkajsConsumerOptions) {
    this.#options = options;
    const retry = options.kafkaConfig.retry;
    this.#readRetry = {
      retries: retry?.retries ?? 5,
      initialRetryTime: retry?.initialRetryTime ?? 300,
      maxRetryTime: retry?.maxRetryTime ?? 30_000,
    };
    this.#kafka = new KafkaClient({ logLevel: logLevel.NOTHING, ...options.kafkaConfig });
  }

  /** A read request, retried as kafkajs's settings say (see {@link kafkaCall}). */
  #read<T>(what: string, call: () => Promise<T>): Promise<T> {
    return kafkaCall(what, call, this.#readRetry);
  }

  #adminClient(): Promise<Admin> {
    this.#admin ??= (async () => {
      const admin = this.#kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      // A failed connect must not stick: the next call tries again.
      this.#admin = undefined;
      throw error;
    });
    return this.#admin;
  }

  listTopics(): Promise<string[]> {
    return this.#read('Listing topics', async () => {
      const admin = await this.#adminClient();
      // Internal topics (`__consumer_offsets`...) are left out, as Kafka's pattern subscription does.
      return (await admin.listTopics()).filter((topic) => !topic.startsWith('__')).sort();
    });
  }

  partitionsFor(topics: readonly string[]): Promise<TopicPartition[]> {
    return this.#read(`Fetching the partitions of ${topics.join(', ')}`, async () => {
      const admin = await this.#adminClient();
      // Ask for the topic list first: metadata requests for an unknown topic are retried for
      // seconds before they fail. Differs from Spark: a subscribed topic that does not exist is
      // an error here; Spark's consumer waits for it with no partitions (empty batches).
      const known = new Set(await admin.listTopics());
      const unknown = topics.filter((topic) => !known.has(topic));
      if (unknown.length > 0) {
        throw new UnknownTopicOrPartitionError(
          `This server does not host these topics: [${unknown.join(', ')}]`,
          { retriable: true },
        );
      }
      const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
      return metadata.topics
        .flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionId })))
        .sort(compareTopicPartitions);
    });
  }

  offsetBounds(tps: readonly TopicPartition[]): Promise<PartitionOffsets[]> {
    return this.#read('Fetching offsets', async () => {
      const admin = await this.#adminClient();
      const byTopic = new Map<string, Map<number, { low: string; high: string }>>();
      for (const topic of new Set(tps.map((tp) => tp.topic))) {
        const offsets = await admin.fetchTopicOffsets(topic);
        byTopic.set(topic, new Map(offsets.map((o) => [o.partition, o])));
      }
      return tps.map((tp) => {
        const found = byTopic.get(tp.topic)?.get(tp.partition);
        if (found === undefined) {
          throw new UnknownTopicOrPartitionError(
            `This server does not host this topic-partition: ${topicPartitionKey(tp)}`,
            { retriable: true },
          );
        }
        return { ...tp, earliest: Number(found.low), latest: Number(found.high) };
      });
    });
  }

  committedOffsets(tps: readonly TopicPartition[]): Promise<TopicPartitionOffset[]> {
    return this.#read(`Fetching the offsets of group ${this.#options.groupId}`, async () => {
      const admin = await this.#adminClient();
      const topics = [...new Set(tps.map((tp) => tp.topic))];
      const committed = new Map<string, number>();
      for (const { topic, partitions } of await admin.fetchOffsets({
        groupId: this.#options.groupId,
        topics,
      })) {
        for (const { partition, offset } of partitions) {
          // kafkajs reports a partition without a committed offset as -1.
          if (Number(offset) >= 0)
            committed.set(topicPartitionKey({ topic, partition }), Number(offset));
        }
      }
      return tps.flatMap((tp) => {
        const offset = committed.get(topicPartitionKey(tp));
        return offset === undefined ? [] : [{ ...tp, offset }];
      });
    });
  }

  commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    return kafkaCall(`Committing offsets to group ${this.#options.groupId}`, async () => {
      const committer = await this.#committerFor(new Set(offsets.map((o) => o.topic)));
      await committer.commitOffsets(
        offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })),
      );
    });
  }

  /** The committer, subscribed to at least `topics` (a new topic means a new committer). */
  async #committerFor(topics: ReadonlySet<string>): Promise<Consumer> {
    const current = this.#committer;
    if (current !== undefined && [...topics].every((topic) => current.topics.has(topic))) {
      return current.consumer;
    }
    const all = new Set([...(current?.topics ?? []), ...topics]);
    this.#committer = undefined;
    await current?.consumer.then((c) => c.disconnect()).catch(() => undefined);
    const consumer = this.#startPausedConsumer(
      this.#options.groupId,
      [...all],
      () => undefined,
      () => {
        // Crashed for good: the next commit starts a new committer.
        if (this.#committer?.consumer === consumer) this.#committer = undefined;
      },
    );
    this.#committer = { topics: all, consumer };
    consumer.catch(() => {
      // A failed start must not stick: the next commit tries again.
      if (this.#committer?.consumer === consumer) this.#committer = undefined;
    });
    return consumer;
  }

  /** The paused private consumer that reads `topic` (see the file comment). */
  #fetchConsumer(topic: string): Promise<Consumer> {
    let consumer = this.#consumers.get(topic);
    if (consumer === undefined) {
      consumer = this.#startPausedConsumer(
        `${this.#options.groupId}-dstream-${randomUUID()}`,
        [topic],
        (payload) => {
          this.#onBatch(payload);
        },
        (error) => {
          // Crashed for good: the next fetch starts a new consumer, in a new group (the crashed
          // member may hold the old group until its session times out), and the reads it had in
          // flight fail at once instead of at their timeout.
          if (this.#consumers.get(topic) === consumer) this.#consumers.delete(topic);
          for (const request of this.#requests.values()) {
            if (request.topic === topic) request.fail(error);
          }
        },
      ).catch((error: unknown) => {
        // A failed start must not stick: the next fetch tries again.
        this.#consumers.delete(topic);
        throw error;
      });
      this.#consumers.set(topic, consumer);
    }
    return consumer;
  }

  /**
   * A consumer of `topics` in `groupId` that has joined its group and runs paused. It retries as
   * the client does (kafkajs gives a consumer 5 retries whatever `kafkaConfig.retry` says, so a
   * broker away for a few seconds crashes it) and kafkajs never restarts it: a restarted consumer
   * has lost its pauses and seeks, throws from `seek`/`pause`/`resume` until it is back, and
   * rejoins its group only once its own stale member's session (30 s) has expired. `onCrash`
   * gets the error instead.
   */
  async #startPausedConsumer(
    groupId: string,
    topics: readonly string[],
    onBatch: (payload: EachBatchPayload) => void,
    onCrash: (error: unknown) => void,
  ): Promise<Consumer> {
    const consumer = this.#kafka.consumer({
      groupId,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
      retry: { ...this.#options.kafkaConfig.retry, restartOnFailure: () => Promise.resolve(false) },
    });
    consumer.on(consumer.events.CRASH, (event) => {
      onCrash(
        toKafkaError(event.payload.error, `The Kafka consumer of ${topics.join(', ')} crashed`),
      );
    });
    // Joined, or crashed before joining (then the start fails instead of waiting forever).
    const joined = new Promise<void>((resolve, reject) => {
      const removeJoin = consumer.on(consumer.events.GROUP_JOIN, () => {
        removeJoin();
        removeCrash();
        resolve();
      });
      const removeCrash = consumer.on(consumer.events.CRASH, (event) => {
        removeJoin();
        removeCrash();
        reject(event.payload.error);
      });
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...topics], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => {
          onBatch(payload);
          return Promise.resolve();
        },
      });
      await joined;
    } catch (error) {
      joined.catch(() => undefined);
      // A consumer that failed to start must not keep its connections open.
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    // Run paused: only `fetch` resumes a partition, after seeking it.
    consumer.pause(topics.map((topic) => ({ topic })));
    return consumer;
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
    const consumer = await kafkaCall(`Reading ${topic}`, () => this.#fetchConsumer(topic));
    const key = topicPartitionKey({ topic, partition });
    if (this.#requests.has(key)) {
      throw new IllegalStateError(`A fetch of ${key} is already in progress`);
    }
    const timeoutMs = this.#options.fetchTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const records: ConsumerRecord[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        this.#requests.set(key, {
          topic,
          until: untilOffset,
          next: fromOffset,
          records,
          done: resolve,
          fail: reject,
        });
        timer = setTimeout(() => {
          reject(
            new KafkaError(
              `Timed out after ${timeoutMs} ms fetching ${key} [${fromOffset} -> ${untilOffset}] (got ${records.length} records)`,
              { retriable: true },
            ),
          );
        }, timeoutMs);
        consumer.seek({ topic, partition, offset: String(fromOffset) });
        consumer.resume([{ topic, partitions: [partition] }]);
      });
    } catch (error) {
      throw toKafkaError(error, `Reading ${key} [${fromOffset} -> ${untilOffset}]`);
    } finally {
      clearTimeout(timer);
      this.#requests.delete(key);
      try {
        consumer.pause([{ topic, partitions: [partition] }]);
      } catch {
        // A crashed consumer throws here; it is replaced, never resumed.
      }
    }
    // kafkajs quietly moves a position that fell out of the log to the earliest offset, so a range
    // whose start was deleted (retention) would come back short: fail instead, as Spark's
    // executors do (they read with auto.offset.reset=none).
    if ((records[0]?.offset ?? untilOffset) > fromOffset) {
      const [bounds] = await this.offsetBounds([{ topic, partition }]);
      if (bounds !== undefined && bounds.earliest > fromOffset) {
        throw outOfRange([{ topic, partition, offset: fromOffset }]);
      }
    }
    return records;
  }

  /** Disconnect every kafkajs client this port opened. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const consumers = [...this.#consumers.values()];
    if (this.#committer !== undefined) consumers.push(this.#committer.consumer);
    this.#committer = undefined;
    const admin = this.#admin;
    this.#consumers.clear();
    this.#admin = undefined;
    await Promise.all(
      consumers.map((c) => c.then((consumer) => consumer.disconnect()).catch(() => undefined)),
    );
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }
}

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

/** How often a read that failed with a retriable kafkajs error is tried again. */
interface RetryPolicy {
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
async function kafkaCall<T>(
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

/** A retriable kafkajs error, or kafkajs's TypeError for a Metadata request no broker answered. */
function isRetriable(error: unknown): boolean {
  return (error instanceof KafkaJSError && error.retriable) || isUnansweredMetadata(error);
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
function toKafkaError(error: unknown, what: string): unknown {
  if (isUnansweredMetadata(error)) {
    return new KafkaConnectionError(`${what} failed: no broker answered`, {
      retriable: true,
      cause: error,
    });
  }
  if (error instanceof DStreamError || !(error instanceof KafkaJSError)) return error;
  let root: InstanceType<typeof KafkaJSError> = error;
  while (root.cause instanceof KafkaJSError) root = root.cause;
  const message = `${what} failed: ${error.message}`;
  const options = { retriable: error.retriable, cause: error };
  if (root instanceof KafkaJSOffsetOutOfRange) return new OffsetOutOfRangeError(message, options);
  if (root instanceof KafkaJSProtocolError && root.type === 'UNKNOWN_TOPIC_OR_PARTITION') {
    return new UnknownTopicOrPartitionError(message, options);
  }
  if (root instanceof KafkaJSConnectionError) return new KafkaConnectionError(message, options);
  return new KafkaError(message, options);
}
