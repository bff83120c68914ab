/**
 * Port of Spark's DirectKafkaInputDStream and KafkaUtils.createDirectStream
 * (connector/kafka-0-10/.../kafka010/{DirectKafkaInputDStream,KafkaUtils}.scala).
 */
import type { KafkaConfig } from 'kafkajs';
import type { DStreamContext } from '../../dstream/dstream-context.js';
import { IllegalArgumentError, IllegalStateError } from '../../errors.js';
import { DStream } from '../../dstream/dstream.js';
import { RDD } from '../../rdd/rdd.js';
import type { Time } from '../../time/time.js';
import { InputDStream } from '../input-dstream.js';
import {
  compareTopicPartitions,
  topicPartitionKey,
  type ConsumerRecord,
  type KafkaConsumerPort,
  type TopicPartition,
  type TopicPartitionOffset,
} from './kafka-consumer-port.js';
import { KafkaRDD } from './kafka-rdd.js';
import { KafkajsConsumer } from './kafkajs-consumer.js';
import { OffsetRange } from './offset-range.js';

/**
 * Where a stream starts reading when it is not recovered from a checkpoint: the earliest or the
 * latest offsets, or explicit offsets (partitions not listed start at the latest offset).
 *
 * Differs from Spark: the group's committed offsets are never consulted; Spark's consumer resumes
 * from them (falling back to `auto.offset.reset`) for partitions without an explicit offset.
 *
 * @example
 * ```ts
 * const explicit: StartingOffsets = [{ topic: 'logins', partition: 0, offset: 100 }];
 * ```
 */
export type StartingOffsets = 'earliest' | 'latest' | readonly TopicPartitionOffset[];

/**
 * Options of {@link KafkaUtils.createDirectStream}: Spark's consumer strategy (`topics` for
 * Subscribe, `assign` for Assign) and per-partition rate limit in one object.
 *
 * @example
 * ```ts
 * const options: DirectStreamOptions = {
 *   topics: ['logins'],
 *   kafkaConfig: { brokers: ['127.0.0.1:9092'], clientId: 'login-job' },
 *   groupId: 'login-job',
 *   startingOffsets: 'earliest',
 *   maxRatePerPartition: 1000,
 * };
 * ```
 */
export interface DirectStreamOptions {
  /** Subscribe: every partition of these topics (partitions added later are picked up). */
  readonly topics?: readonly string[];
  /** Assign: exactly these topic-partitions. */
  readonly assign?: readonly TopicPartition[];
  /** kafkajs configuration (brokers, clientId, ssl, sasl...), passed through. */
  readonly kafkaConfig: KafkaConfig;
  /** The consumer group `commitAsync` commits to. */
  readonly groupId: string;
  /** Default `'latest'` (Spark's `auto.offset.reset` default). */
  readonly startingOffsets?: StartingOffsets;
  /** Records per second per partition at most (Spark's `spark.streaming.kafka.maxRatePerPartition`). */
  readonly maxRatePerPartition?: number;
  /** Least records per partition of a rate-limited batch (default 1, Spark's minRatePerPartition). */
  readonly minRatePerPartition?: number;
  /** A Kafka client other than kafkajs (tests, other libraries). */
  readonly consumer?: KafkaConsumerPort;
}

/**
 * What a checkpoint keeps of a direct stream: each remembered or pending batch's ranges and the
 * next offset of every partition (plain data).
 *
 * @example
 * ```ts
 * const position: DirectKafkaPosition = {
 *   batches: [[1000, [['logins', 0, 0, 10]]]],
 *   current: [['logins', 0, 10]],
 * };
 * ```
 */
export interface DirectKafkaPosition {
  readonly batches: readonly (readonly [
    number,
    readonly (readonly [string, number, number, number])[],
  ])[];
  readonly current: readonly (readonly [string, number, number])[] | undefined;
}

/**
 * Called once the offsets queued by `commitAsync` were committed (or failed).
 *
 * @example
 * ```ts
 * const callback: OffsetCommitCallback = (offsets, error) => {
 *   if (error !== undefined) console.error('commit failed', error);
 * };
 * ```
 */
export type OffsetCommitCallback = (
  offsets: readonly TopicPartitionOffset[],
  error: unknown,
) => void;

/**
 * The direct stream: each batch is one offset range per topic-partition, decided when the batch
 * is generated (from the current offsets to the latest, capped by `maxRatePerPartition`), and RDD
 * partition i holds the records of range i in offset order. Ranges go into the metadata
 * checkpoint, so a batch re-run after recovery reads exactly the same records.
 *
 * @example
 * ```ts
 * const stream = KafkaUtils.createDirectStream(ssc, { topics: ['t'], kafkaConfig, groupId: 'g' });
 * stream.foreachRDD((rdd) => {
 *   const ranges = offsetRanges(rdd);
 *   rdd.foreach((record) => sink.write(record));
 *   stream.commitAsync(ranges);
 * });
 * ```
 */
export class DirectKafkaInputDStream extends InputDStream<ConsumerRecord> {
  readonly #options: DirectStreamOptions;
  readonly #consumer: KafkaConsumerPort;
  /** Next offset of each tracked partition, once the stream has started reading. */
  #current: Map<string, TopicPartitionOffset> | undefined;
  /** The ranges of each remembered or pending batch, by batch time. */
  readonly #ranges = new Map<number, readonly OffsetRange[]>();
  /** Fetched records awaiting `compute`, by batch time. */
  readonly #fetched = new Map<number, ConsumerRecord[][]>();
  #commitQueue = new Map<string, TopicPartitionOffset>();
  #commitCallback: OffsetCommitCallback | undefined;
  /** The commits sent so far, one after another. */
  #commits: Promise<void> = Promise.resolve();

  constructor(context: DStreamContext, options: DirectStreamOptions) {
    const topics = options.topics ?? [];
    const assign = options.assign ?? [];
    if ((topics.length === 0) === (assign.length === 0)) {
      throw new IllegalArgumentError(
        'createDirectStream needs exactly one of `topics` (Subscribe) or `assign` (Assign), non-empty',
      );
    }
    const { maxRatePerPartition, minRatePerPartition } = options;
    if (maxRatePerPartition !== undefined && !(maxRatePerPartition >= 0)) {
      throw new IllegalArgumentError(`Invalid maxRatePerPartition ${maxRatePerPartition}`);
    }
    if (minRatePerPartition !== undefined && !(minRatePerPartition >= 1)) {
      throw new IllegalArgumentError(`Invalid minRatePerPartition ${minRatePerPartition}`);
    }
    super(context, 'createDirectStream');
    this.#options = options;
    this.#consumer =
      options.consumer ??
      new KafkajsConsumer({
        kafkaConfig: options.kafkaConfig,
        groupId: options.groupId,
        topics: topics.length > 0 ? topics : [...new Set(assign.map((tp) => tp.topic))],
      });
  }

  get displayName(): string {
    return `Kafka 0.10 direct stream [${this.inputId}]`;
  }

  /** Decide the starting offsets now (as Spark does at start), unless recovered. */
  override async start(): Promise<void> {
    if (this.#current === undefined) await this.#currentOffsets();
  }

  override async stop(): Promise<void> {
    await this.#commits;
    await this.#consumer.close();
  }

  /**
   * Spark's `CanCommitOffsets.commitAsync`: queue `ranges` (per partition the largest
   * `untilOffset` wins, the latest callback is kept); they are committed to `groupId` when the
   * next batch is generated.
   *
   * @example
   * ```ts
   * stream.foreachRDD((rdd) => stream.commitAsync(offsetRanges(rdd)));
   * ```
   */
  commitAsync(ranges: readonly OffsetRange[], callback?: OffsetCommitCallback): void {
    for (const range of ranges) {
      const key = topicPartitionKey(range);
      const queued = this.#commitQueue.get(key);
      if (queued === undefined || queued.offset < range.untilOffset) {
        this.#commitQueue.set(key, {
          topic: range.topic,
          partition: range.partition,
          offset: range.untilOffset,
        });
      }
    }
    if (callback !== undefined) this.#commitCallback = callback;
  }

  /** Decide this batch's ranges (unless recovered), then fetch their records. */
  // `time` is optional only because InputDStream's default takes none; the scheduler passes it.
  override async prepareBatch(time: Time): Promise<void> {
    const timeMs = time.milliseconds;
    if (this.#fetched.has(timeMs) || this.generatedRDDs.has(timeMs)) return;
    let ranges = this.#ranges.get(timeMs);
    if (ranges === undefined) {
      ranges = await this.#nextRanges();
      this.#ranges.set(timeMs, ranges);
      this.#commitQueued();
    }
    const records = await Promise.all(
      ranges.map((r) => this.#consumer.fetch(r.topic, r.partition, r.fromOffset, r.untilOffset)),
    );
    this.#fetched.set(timeMs, records);
  }

  protected batchFor(time: Time): RDD<ConsumerRecord> {
    const timeMs = time.milliseconds;
    const ranges = this.#ranges.get(timeMs);
    const records = this.#fetched.get(timeMs);
    if (ranges === undefined || records === undefined) {
      throw new IllegalStateError(`The Kafka batch for ${time} was not prepared`);
    }
    this.#fetched.delete(timeMs);
    const description = ranges
      .filter((r) => r.count() > 0)
      .map(
        (r) =>
          `topic: ${r.topic}\tpartition: ${r.partition}\toffsets: ${r.fromOffset} to ${r.untilOffset}`,
      )
      .join('\n');
    this.context.graph.inputInfos.report(timeMs, {
      inputStreamId: this.inputId,
      numRecords: ranges.reduce((sum, r) => sum + r.count(), 0),
      metadata: new Map<string, unknown>([
        ['offsets', ranges],
        ['Description', description],
      ]),
    });
    return new RDD(new KafkaRDD(this.context.sparkContext, ranges, records));
  }

  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    const oldest = time.milliseconds - (this.rememberDuration?.milliseconds ?? 0);
    for (const timeMs of [...this.#ranges.keys()]) {
      if (timeMs < oldest) this.#ranges.delete(timeMs);
    }
    for (const timeMs of [...this.#fetched.keys()]) {
      if (timeMs < oldest) this.#fetched.delete(timeMs);
    }
  }

  /** The ranges of every remembered or pending batch and the next offsets (for checkpoints). */
  position(): DirectKafkaPosition {
    return {
      batches: [...this.#ranges]
        .sort(([a], [b]) => a - b)
        .map(
          ([timeMs, ranges]) =>
            [
              timeMs,
              ranges.map((r) => [r.topic, r.partition, r.fromOffset, r.untilOffset] as const),
            ] as const,
        ),
      current:
        this.#current === undefined
          ? undefined
          : [...this.#current.values()].map((o) => [o.topic, o.partition, o.offset] as const),
    };
  }

  /** Restore from a checkpoint: recovered batches read the same ranges, later ones go on. */
  restorePosition(position: DirectKafkaPosition): void {
    this.#ranges.clear();
    this.#fetched.clear();
    for (const [timeMs, ranges] of position.batches) {
      this.#ranges.set(
        timeMs,
        ranges.map(
          ([topic, partition, from, until]) => new OffsetRange(topic, partition, from, until),
        ),
      );
    }
    this.#current =
      position.current === undefined
        ? undefined
        : new Map(
            position.current.map(([topic, partition, offset]) => [
              topicPartitionKey({ topic, partition }),
              { topic, partition, offset },
            ]),
          );
  }

  async #nextRanges(): Promise<OffsetRange[]> {
    const current = await this.#currentOffsets();
    const tps = [...current.values()];
    const latest = new Map(
      (await this.#consumer.latestOffsets(tps)).map((o) => [topicPartitionKey(o), o.offset]),
    );
    const maxMessages = this.#maxMessagesPerPartition();
    const ranges = tps.map((tp) => {
      const high = latest.get(topicPartitionKey(tp)) ?? tp.offset;
      if (high < tp.offset) {
        throw new IllegalStateError(
          `Offsets of ${topicPartitionKey(tp)} went back from ${tp.offset} to ${high}`,
        );
      }
      const until = maxMessages === undefined ? high : Math.min(tp.offset + maxMessages, high);
      return new OffsetRange(tp.topic, tp.partition, tp.offset, until);
    });
    for (const range of ranges) {
      current.set(topicPartitionKey(range), {
        topic: range.topic,
        partition: range.partition,
        offset: range.untilOffset,
      });
    }
    return ranges;
  }

  /** The tracked partitions' next offsets; new partitions of subscribed topics join at earliest. */
  async #currentOffsets(): Promise<Map<string, TopicPartitionOffset>> {
    const { topics, assign } = this.#options;
    const partitions =
      assign !== undefined && assign.length > 0
        ? [...assign].sort(compareTopicPartitions)
        : await this.#consumer.partitionsFor(topics ?? []);
    if (this.#current === undefined) {
      this.#current = new Map(
        (await this.#startingOffsets(partitions)).map((o) => [topicPartitionKey(o), o]),
      );
    }
    const current = this.#current;
    const added = partitions.filter((tp) => !current.has(topicPartitionKey(tp)));
    if (added.length > 0) {
      for (const o of await this.#consumer.earliestOffsets(added)) {
        current.set(topicPartitionKey(o), o);
      }
    }
    const sorted = [...current.values()].sort(compareTopicPartitions);
    current.clear();
    for (const o of sorted) current.set(topicPartitionKey(o), o);
    return current;
  }

  async #startingOffsets(partitions: readonly TopicPartition[]): Promise<TopicPartitionOffset[]> {
    const starting = this.#options.startingOffsets ?? 'latest';
    if (starting === 'earliest') return this.#consumer.earliestOffsets(partitions);
    const latest = await this.#consumer.latestOffsets(partitions);
    if (starting === 'latest') return latest;
    const earliest = await this.#consumer.earliestOffsets(partitions);
    return latest.map((high, i) => {
      const explicit = starting.find(
        (o) => o.topic === high.topic && o.partition === high.partition,
      );
      if (explicit === undefined) return high;
      const low = earliest[i]?.offset ?? 0;
      if (
        !Number.isSafeInteger(explicit.offset) ||
        explicit.offset < low ||
        explicit.offset > high.offset
      ) {
        throw new IllegalArgumentError(
          `Starting offset ${explicit.offset} of ${topicPartitionKey(high)} is outside [${low}, ${high.offset}]`,
        );
      }
      return { topic: high.topic, partition: high.partition, offset: explicit.offset };
    });
  }

  /** Spark's maxMessagesPerPartition without backpressure: `undefined` means no cap. */
  #maxMessagesPerPartition(): number | undefined {
    const rate = this.#options.maxRatePerPartition ?? 0;
    if (rate <= 0) return undefined;
    const batchSeconds = this.slideDuration.milliseconds / 1000;
    return Math.max(Math.floor(batchSeconds * rate), this.#options.minRatePerPartition ?? 1);
  }

  /**
   * Send the offsets queued by `commitAsync` (Spark sends them at the next batch's generation,
   * asynchronously): commits go out one after another without delaying the batch; `stop` waits
   * for them. A failure goes to the callback, or is logged when there is none.
   */
  #commitQueued(): void {
    if (this.#commitQueue.size === 0) return;
    const offsets = [...this.#commitQueue.values()];
    const callback = this.#commitCallback;
    this.#commitQueue = new Map();
    this.#commits = this.#commits.then(async () => {
      let error: unknown;
      try {
        await this.#consumer.commit(offsets);
      } catch (caught) {
        error = caught;
        if (callback === undefined) {
          this.context.receiverEnvironment.logger.warn(
            `Failed to commit Kafka offsets ${offsets.map((o) => `${topicPartitionKey(o)}=${o.offset}`).join(', ')}: ${String(error)}`,
          );
        }
      }
      try {
        callback?.(offsets, error);
      } catch (thrown) {
        this.context.receiverEnvironment.logger.warn(
          `The offset commit callback threw: ${String(thrown)}`,
        );
      }
    });
  }
}

/**
 * The stream `createDirectStream` returns: a DStream of `ConsumerRecord`s that can also commit
 * offsets (Spark's `CanCommitOffsets`).
 *
 * @example
 * ```ts
 * const stream: DirectKafkaStream = KafkaUtils.createDirectStream(ssc, options);
 * stream.foreachRDD((rdd) => stream.commitAsync(offsetRanges(rdd)));
 * ```
 */
export class DirectKafkaStream extends DStream<ConsumerRecord> {
  readonly #input: DirectKafkaInputDStream;

  /** @internal */
  constructor(input: DirectKafkaInputDStream) {
    super(input);
    this.#input = input;
  }

  /**
   * Queue `ranges` for commit to the stream's `groupId` at the next batch's generation.
   *
   * @example
   * ```ts
   * stream.foreachRDD((rdd) => stream.commitAsync(offsetRanges(rdd)));
   * ```
   */
  commitAsync(ranges: readonly OffsetRange[], callback?: OffsetCommitCallback): void {
    this.#input.commitAsync(ranges, callback);
  }
}

/**
 * Spark's `KafkaUtils`.
 *
 * @example
 * ```ts
 * import { KafkaUtils } from 'dstream-ts/kafka';
 * const stream = KafkaUtils.createDirectStream(ssc, {
 *   topics: ['logins'],
 *   kafkaConfig: { brokers: ['127.0.0.1:9092'] },
 *   groupId: 'login-job',
 *   startingOffsets: 'earliest',
 * });
 * ```
 */
export const KafkaUtils = {
  /**
   * A direct stream of `ConsumerRecord`s (see {@link DirectKafkaInputDStream}).
   *
   * @example
   * ```ts
   * KafkaUtils.createDirectStream(ssc, { topics: ['t'], kafkaConfig: { brokers }, groupId: 'g' });
   * ```
   */
  createDirectStream(ssc: DStreamContext, options: DirectStreamOptions): DirectKafkaStream {
    return new DirectKafkaStream(new DirectKafkaInputDStream(ssc, options));
  },
};
