/**
 * The kafkajs implementation of {@link KafkaConsumerPort}: the only file that imports kafkajs.
 *
 * kafkajs has no manual partition assignment (no `assign`), so:
 * - partitions and offsets come from the admin client (`fetchTopicMetadata`, `fetchTopicOffsets`,
 *   `fetchOffsets` for the group's committed offsets);
 * - commits are sent as a standalone consumer's (Kafka's "simple consumer": generation -1, no
 *   member id), one OffsetCommit request to the group's coordinator, through kafkajs's cluster
 *   client. No member of the application ever joins the group, so a killed application leaves
 *   nothing behind that would block the next run's commits until its session times out (30 s),
 *   and `admin.setOffsets` (which joins and leaves the group, about 5 s per commit) is avoided.
 *   Differs from Spark: with Subscribe, Spark's driver consumer is a member of the group; a group
 *   with active members (another application using the same `group.id`) refuses these commits;
 * - ranges are read by private consumers, one per topic, each in a group of its own
 *   (`<groupId>-dstream-<uuid>`), so as the only member it is assigned every partition of its
 *   topic (a topic a pattern subscription finds later just gets its own consumer). Each runs paused; `fetch` seeks the partition to `fromOffset`, resumes it, collects the
 *   `eachBatch` messages of `[fromOffset, untilOffset)` (stale batches from before the seek are
 *   ignored) and pauses the partition again once `untilOffset` is reached. It never commits.
 */
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaConfig } from 'kafkajs';
import { IllegalStateError } from '../../errors.js';
import { loadKafkajs } from './load-kafkajs.js';

// kafkajs is an optional peer dependency: loaded here, with an error naming the install command.
const { Kafka: KafkaClient, logLevel } = loadKafkajs();
import {
  compareTopicPartitions,
  topicPartitionKey,
  type KafkaConsumerPort,
  type PartitionOffsets,
  type TopicPartition,
  type TopicPartitionOffset,
} from './kafka-consumer-port.js';
import { KafkaError, UnknownTopicOrPartitionError } from './kafka-errors.js';
import { kafkaCall, outOfRange, toKafkaError, type RetryPolicy } from './kafkajs-call.js';
import { RecordColumns } from './record-columns.js';

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

/** What the committer uses of kafkajs's cluster client (not in kafkajs's typed API). */
interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(request: { groupId: string }): Promise<{
    offsetCommit(request: {
      groupId: string;
      groupGenerationId: number;
      memberId: string;
      topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
    }): Promise<unknown>;
  }>;
}

/**
 * A cluster client of `kafka`'s, made by the factory kafkajs keeps under a private symbol (its
 * admin and consumers use the same): the one way to send a standalone OffsetCommit with kafkajs.
 */
function createCluster(kafka: Kafka): KafkajsCluster {
  const factory = Object.getOwnPropertySymbols(kafka).find(
    (symbol) => symbol.description === 'private:Kafka:createCluster',
  );
  const create =
    factory === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[factory];
  if (typeof create !== 'function') {
    throw new IllegalStateError(
      'This kafkajs version has no cluster factory to commit offsets with; dstream-ts needs kafkajs 2.x',
    );
  }
  return (create as (options: { allowAutoTopicCreation: boolean }) => KafkajsCluster)({
    allowAutoTopicCreation: false,
  });
}

interface Request {
  readonly topic: string;
  readonly partition: number;
  readonly from: number;
  readonly until: number;
  /** Whether the partition was sought to `from` and resumed. */
  started: boolean;
  next: number;
  readonly records: RecordColumns;
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
  /** The cluster client commits go through (see the file comment). */
  #committer: Promise<KafkajsCluster> | undefined;
  readonly #requests = new Map<string, Request>();
  #closed = false;
  /** The commit request being sent, which `close()` lets finish. */
  #sending: Promise<unknown> = Promise.resolve();
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

  /** Commit `offsets` to the group as a standalone consumer (see the file comment), with retries. */
  commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    const groupId = this.#options.groupId;
    const topics = new Map<string, { partition: number; offset: string }[]>();
    for (const o of offsets) {
      const partitions = topics.get(o.topic) ?? [];
      partitions.push({ partition: o.partition, offset: String(o.offset) });
      topics.set(o.topic, partitions);
    }
    // A group with active members (another application with this group id) refuses a standalone
    // consumer's commit with UNKNOWN_MEMBER_ID: say why in the error.
    const what = `Committing offsets to group ${groupId} (as a standalone consumer, which a group with active members refuses)`;
    return this.#read(what, async () => {
      this.#checkOpen();
      const coordinator = await (await this.#committerClient()).findGroupCoordinator({ groupId });
      const sending = coordinator.offsetCommit({
        groupId,
        groupGenerationId: -1,
        memberId: '',
        topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })),
      });
      this.#sending = sending.catch(() => undefined);
      await sending;
    });
  }

  #checkOpen(): void {
    if (this.#closed) throw new IllegalStateError('The Kafka consumer is closed');
  }

  /** The committer's cluster client, connected. */
  #committerClient(): Promise<KafkajsCluster> {
    this.#committer ??= (async () => {
      const cluster = createCluster(this.#kafka);
      await cluster.connect();
      return cluster;
    })().catch((error: unknown) => {
      // A failed connect must not stick: the next commit tries again.
      this.#committer = undefined;
      throw error;
    });
    return this.#committer;
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
        (joined) => {
          for (const request of this.#requests.values()) {
            if (request.topic === topic) startRead(joined, request);
          }
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
    onJoin: (consumer: Consumer) => void,
    onCrash: (error: unknown) => void,
  ): Promise<Consumer> {
    const consumer = this.#kafka.consumer({
      groupId,
      maxWaitTimeInMs: 20,
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
        // Paused at once, in the join's own turn: kafkajs starts fetching right after joining,
        // and a first fetch from offset 0 of every partition would be read and decoded for
        // nothing (only `fetch` resumes a partition, after seeking it).
        consumer.pause(topics.map((topic) => ({ topic })));
        onJoin(consumer);
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
    return consumer;
  }

  #onBatch(payload: EachBatchPayload): void {
    const { batch } = payload;
    const request = this.#requests.get(topicPartitionKey(batch));
    if (request === undefined || payload.isStale()) return;
    const { messages } = batch;
    const { records, until } = request;
    let next = request.next;
    const count = messages.length;
    const first = count === 0 ? 0 : Number(messages[0]?.offset);
    // Offsets are consecutive unless compaction or transaction markers left gaps: then the
    // messages of [next, until) are an index range, and no offset string is parsed per message.
    if (count > 0 && Number(messages[count - 1]?.offset) === first + count - 1) {
      const end = Math.min(count, until - first);
      for (let i = Math.max(0, next - first); i < end; i++) {
        const message = messages[i] as (typeof messages)[number];
        records.append(
          first + i,
          Number(message.timestamp),
          message.key ?? null,
          message.value ?? null,
          message.headers,
        );
        next = first + i + 1;
      }
    } else {
      for (const message of messages) {
        const offset = Number(message.offset);
        if (offset < next || offset >= until) continue;
        records.append(
          offset,
          Number(message.timestamp),
          message.key ?? null,
          message.value ?? null,
          message.headers,
        );
        next = offset + 1;
      }
    }
    request.next = next;
    // Move kafkajs's fetch position past this batch (it never commits: autoCommit is off), so a
    // range larger than one fetch response is read over several fetches.
    payload.resolveOffset(batch.lastOffset());
    // Offsets without a message (transaction markers, compaction) end the range too.
    if (request.next >= request.until || Number(batch.lastOffset()) >= request.until - 1) {
      request.done();
    }
  }

  /**
   * Read `[fromOffset, untilOffset)` of a partition, retrying retriable errors (a coordinator that
   * is loading, a broker away, a consumer that crashed) with the client's backoff.
   */
  fetch(
    topic: string,
    partition: number,
    fromOffset: number,
    untilOffset: number,
  ): Promise<RecordColumns> {
    if (untilOffset <= fromOffset) return Promise.resolve(new RecordColumns(topic, partition));
    const key = topicPartitionKey({ topic, partition });
    return this.#read(`Reading ${key} [${fromOffset} -> ${untilOffset}]`, () =>
      this.#fetchOnce(topic, partition, fromOffset, untilOffset),
    );
  }

  async #fetchOnce(
    topic: string,
    partition: number,
    fromOffset: number,
    untilOffset: number,
  ): Promise<RecordColumns> {
    this.#checkOpen();
    const key = topicPartitionKey({ topic, partition });
    if (this.#requests.has(key)) {
      throw new IllegalStateError(`A fetch of ${key} is already in progress`);
    }
    const timeoutMs = this.#options.fetchTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    let consumer: Consumer | undefined;
    const records = new RecordColumns(topic, partition);
    let done = (): void => undefined;
    let fail = (error: unknown): void => {
      throw error;
    };
    const read = new Promise<void>((resolve, reject) => {
      done = resolve;
      fail = reject;
    });
    // Registered before the consumer is ready: a consumer that joins its group now starts the
    // reads waiting for it in the join's own turn, before its first fetch.
    const request: Request = {
      topic,
      partition,
      from: fromOffset,
      until: untilOffset,
      started: false,
      next: fromOffset,
      records,
      done,
      fail,
    };
    this.#requests.set(key, request);
    try {
      timer = setTimeout(() => {
        fail(
          new KafkaError(
            `Timed out after ${timeoutMs} ms fetching ${key} [${fromOffset} -> ${untilOffset}] (got ${records.length} records)`,
            { retriable: true },
          ),
        );
      }, timeoutMs);
      consumer = await Promise.race([this.#fetchConsumer(topic), read.then(() => undefined)]);
      if (consumer !== undefined) startRead(consumer, request);
      await read;
    } finally {
      clearTimeout(timer);
      this.#requests.delete(key);
      try {
        consumer?.pause([{ topic, partitions: [partition] }]);
      } catch {
        // A crashed consumer throws here; it is replaced, never resumed.
      }
    }
    // kafkajs quietly moves a position that fell out of the log to the earliest offset, so a range
    // whose start was deleted (retention) would come back short: fail instead, as Spark's
    // executors do (they read with auto.offset.reset=none).
    if ((records.firstOffset ?? untilOffset) > fromOffset) {
      const [bounds] = await this.offsetBounds([{ topic, partition }]);
      if (bounds !== undefined && bounds.earliest > fromOffset) {
        throw outOfRange([{ topic, partition, offset: fromOffset }]);
      }
    }
    return records;
  }

  /** Let a commit being sent finish, then disconnect every kafkajs client this port opened. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#sending;
    const consumers = [...this.#consumers.values()];
    const committer = this.#committer;
    const admin = this.#admin;
    this.#consumers.clear();
    this.#committer = undefined;
    this.#admin = undefined;
    await Promise.all(
      consumers.map((c) => c.then((consumer) => consumer.disconnect()).catch(() => undefined)),
    );
    await committer?.then((c) => c.disconnect()).catch(() => undefined);
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }
}

/**
 * Seek the request's partition to its start and resume it (once): its records then arrive at
 * `onBatch`.
 */
function startRead(consumer: Consumer, request: Request): void {
  if (request.started) return;
  request.started = true;
  consumer.seek({
    topic: request.topic,
    partition: request.partition,
    offset: String(request.from),
  });
  consumer.resume([{ topic: request.topic, partitions: [request.partition] }]);
}
