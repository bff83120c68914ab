/**
 * Port of Spark's DirectKafkaInputDStream and KafkaUtils.createDirectStream
 * (connector/kafka-0-10/.../kafka010/{DirectKafkaInputDStream,KafkaUtils}.scala).
 */
import type { KafkaConfig } from 'kafkajs';
import type { SparkContext } from '../../context/spark-context.js';
import type { StreamingContext } from '../../context/streaming-context.js';
import type { DStreamContext } from '../../dstream/dstream-context.js';
import { IllegalArgumentError, IllegalStateError } from '../../errors.js';
import { DStream } from '../../dstream/dstream.js';
import { RDD } from '../../rdd/rdd.js';
import { RateController } from '../../scheduler/rate/rate-controller.js';
import type { Time } from '../../time/time.js';
import { InputDStream } from '../input-dstream.js';
import {
  compareTopicPartitions,
  topicPartitionKey,
  type ConsumerRecord,
  type FetchedRecords,
  type KafkaConsumerPort,
  type TopicPartition,
  type TopicPartitionOffset,
} from './kafka-consumer-port.js';
import { NoOffsetForPartitionError } from './kafka-errors.js';
import type { ConsumerStrategy, LocationStrategy } from './consumer-strategies.js';
import { KafkaRDD } from './kafka-rdd.js';
import { outOfRange } from './kafkajs-call.js';
import { KafkajsConsumer } from './kafkajs-consumer.js';
import { maxMessagesPerPartition } from './max-messages-per-partition.js';
import { OffsetRange } from './offset-range.js';

/**
 * Where a stream starts reading when it is not recovered from a checkpoint. A string is Kafka's
 * `auto.offset.reset` for partitions without a committed offset in `groupId` (`'none'` makes them
 * fail with `NoOffsetForPartitionError`); a list gives explicit offsets (Spark's strategy
 * `offsets`), and partitions not in it start at their committed offset, else where
 * `autoOffsetReset` says (default the latest).
 * After a recovery the checkpoint's offsets win, as in Spark.
 *
 * @example
 * ```ts
 * const explicit: StartingOffsets = [{ topic: 'logins', partition: 0, offset: 100 }];
 * ```
 */
export type StartingOffsets = 'earliest' | 'latest' | 'none' | readonly TopicPartitionOffset[];

/**
 * Options of {@link KafkaUtils.createDirectStream}: Spark's consumer strategy (`topics` for
 * Subscribe, `topicPattern` for SubscribePattern, `assign` for Assign) and per-partition rate
 * limit in one object. (`ConsumerStrategies` builds the same from Spark-style `kafkaParams`.)
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
  /**
   * SubscribePattern: every partition of every topic whose name matches (checked each batch, so
   * topics created later join; internal topics never match).
   */
  readonly topicPattern?: RegExp;
  /** Assign: exactly these topic-partitions. */
  readonly assign?: readonly TopicPartition[];
  /** kafkajs configuration (brokers, clientId, ssl, sasl...), passed through. */
  readonly kafkaConfig: KafkaConfig;
  /** The consumer group `commitAsync` commits to. */
  readonly groupId: string;
  /** Default `'latest'` (Spark's `auto.offset.reset` default); see {@link StartingOffsets}. */
  readonly startingOffsets?: StartingOffsets;
  /**
   * When `startingOffsets` lists offsets: where partitions with neither an explicit nor a committed
   * offset start (Kafka's `auto.offset.reset`, default `'latest'`).
   */
  readonly autoOffsetReset?: 'earliest' | 'latest' | 'none';
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
  /**
   * Each remembered batch's time and offset ranges, as `[timeMs, [topic, partition, fromOffset,
   * untilOffset][]]`.
   */
  readonly batches: readonly (readonly [
    number,
    readonly (readonly [string, number, number, number])[],
  ])[];
  /**
   * The next offset of each partition, as `[topic, partition, offset]`, or `undefined` before the
   * first batch.
   */
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
  /** Its KafkaRDDs read their ranges when a job needs them. */
  readonly hasAsyncSources = true;
  readonly #options: DirectStreamOptions;
  readonly #consumer: KafkaConsumerPort;
  /** Next offset of each tracked partition, once the stream has started reading. */
  #current: Map<string, TopicPartitionOffset> | undefined;
  /** The ranges of each remembered or pending batch, by batch time. */
  readonly #ranges = new Map<number, readonly OffsetRange[]>();
  /** The backpressure estimate, when the context enables backpressure. */
  #rateController: RateController | undefined;
  /** Batch times whose ranges were decided in this run and whose batch may still fail to generate. */
  readonly #decided = new Set<number>();
  /** The read in flight of each topic-partition (see `#readRange`). */
  readonly #reads = new Map<string, Promise<void>>();
  #commitQueue = new Map<string, TopicPartitionOffset>();
  #commitCallback: OffsetCommitCallback | undefined;
  /** The commit in flight (or the last one, settled). */
  #commits: Promise<void> = Promise.resolve();
  #commitInFlight = false;

  constructor(context: DStreamContext, options: DirectStreamOptions) {
    const strategies = [
      (options.topics?.length ?? 0) > 0,
      options.topicPattern !== undefined,
      (options.assign?.length ?? 0) > 0,
    ];
    if (strategies.filter(Boolean).length !== 1) {
      throw new IllegalArgumentError(
        'createDirectStream needs exactly one of `topics` (Subscribe), `topicPattern` (SubscribePattern) or `assign` (Assign), non-empty',
      );
    }
    const { maxRatePerPartition, minRatePerPartition } = options;
    if (maxRatePerPartition !== undefined && !(maxRatePerPartition >= 0)) {
      throw new IllegalArgumentError(`Invalid maxRatePerPartition ${maxRatePerPartition}`);
    }
    if (minRatePerPartition !== undefined && !(minRatePerPartition >= 1)) {
      throw new IllegalArgumentError(`Invalid minRatePerPartition ${minRatePerPartition}`);
    }
    for (const policy of [
      options.startingOffsets ?? 'latest',
      options.autoOffsetReset ?? 'latest',
    ]) {
      if (typeof policy === 'string' && !['earliest', 'latest', 'none'].includes(policy)) {
        throw new IllegalArgumentError(
          `Invalid value ${policy} for configuration auto.offset.reset: String must be one of: latest, earliest, none`,
        );
      }
    }
    super(context, 'createDirectStream');
    this.#options = options;
    this.#consumer =
      options.consumer ??
      new KafkajsConsumer({ kafkaConfig: options.kafkaConfig, groupId: options.groupId });
  }

  get displayName(): string {
    return `Kafka 0.10 direct stream [${this.inputId}]`;
  }

  /** Decide the starting offsets now (as Spark does at start), unless recovered. */
  override async start(): Promise<void> {
    const backpressure = this.context.backpressure;
    if (backpressure !== undefined && this.#rateController === undefined) {
      this.#rateController = new RateController(this.inputId, backpressure.newEstimator());
      this.context.addStreamingListener(this.#rateController);
    }
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

  /**
   * Decide this batch's ranges (unless recovered or re-run). Nothing is read here: the batch's
   * KafkaRDD reads its ranges when a job needs them.
   */
  // `time` is optional only because InputDStream's default takes none; the scheduler passes it.
  override async prepareBatch(time: Time): Promise<void> {
    const timeMs = time.milliseconds;
    let ranges = this.#ranges.get(timeMs);
    if (ranges === undefined) {
      ranges = await this.#nextRanges();
      this.#ranges.set(timeMs, ranges);
      this.#decided.add(timeMs);
      this.#commitQueued();
    }
    this.#reportInput(timeMs, ranges);
  }

  /**
   * The batch at `time` was not generated (its generation failed): give back ranges decided for
   * it in this run, so the next batch reads them and no record is skipped.
   */
  discardBatch(time: Time): void {
    const timeMs = time.milliseconds;
    const ranges = this.#ranges.get(timeMs);
    if (ranges === undefined || !this.#decided.has(timeMs)) return;
    this.#decided.delete(timeMs);
    this.#giveBack(timeMs, ranges);
  }

  /** A KafkaRDD over the ranges of `time`: decided now, remembered, or restored from a checkpoint. */
  protected batchFor(time: Time): RDD<ConsumerRecord> {
    const ranges = this.#ranges.get(time.milliseconds);
    if (ranges === undefined) {
      throw new IllegalStateError(`The Kafka batch for ${time} has no offset ranges`);
    }
    return new RDD(new KafkaRDD(this.context.sparkContext, ranges, this.#readRange));
  }

  #reportInput(timeMs: number, ranges: readonly OffsetRange[]): void {
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
  }

  /**
   * Read one range. Reads of the same topic-partition (a window's batches after recovery, two
   * batches in flight) go one after the other: a consumer reads a partition from one position.
   */
  readonly #readRange = (range: OffsetRange): Promise<FetchedRecords> => {
    const key = topicPartitionKey(range);
    const read = (this.#reads.get(key) ?? Promise.resolve()).then(() =>
      this.#consumer.fetch(range.topic, range.partition, range.fromOffset, range.untilOffset),
    );
    const settled = read.then(
      () => undefined,
      () => undefined,
    );
    this.#reads.set(key, settled);
    void settled.then(() => {
      if (this.#reads.get(key) === settled) this.#reads.delete(key);
    });
    return read;
  };

  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    const oldest = time.milliseconds - (this.rememberDuration?.milliseconds ?? 0);
    for (const timeMs of [...this.#ranges.keys()]) {
      if (timeMs < oldest) this.#ranges.delete(timeMs);
    }
    for (const timeMs of this.#decided)
      if (timeMs <= time.milliseconds) this.#decided.delete(timeMs);
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

  /**
   * Restore from a checkpoint (Spark's DirectKafkaInputDStreamCheckpointData.restore): every
   * remembered or pending batch gets its ranges back, so re-run batches read the same records and
   * windows and state recomputed over older batches read theirs when a job needs them.
   */
  restorePosition(position: DirectKafkaPosition): void {
    this.#ranges.clear();
    this.#decided.clear();
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

  /** Forget the ranges decided for `timeMs` and move each partition back to their start. */
  #giveBack(timeMs: number, ranges: readonly OffsetRange[]): void {
    this.#ranges.delete(timeMs);
    for (const range of ranges) {
      this.#current?.set(topicPartitionKey(range), {
        topic: range.topic,
        partition: range.partition,
        offset: range.fromOffset,
      });
    }
  }

  async #nextRanges(): Promise<OffsetRange[]> {
    const current = await this.#currentOffsets();
    const tps = [...current.values()];
    const bounds = await this.#consumer.offsetBounds(tps);
    // Records deleted (retention) before a batch read them are an error, never a silent gap.
    // Differs from Spark: the batch is not generated and the position stays, so every later batch
    // fails the same way until the application is restarted with new starting offsets; Spark
    // generates the batch, its job fails on the executors, and later batches go on past the gap.
    const lost = tps.filter((tp, i) => tp.offset < (bounds[i]?.earliest ?? 0));
    if (lost.length > 0) throw outOfRange(lost);
    const latest = tps.map((tp, i) => {
      const high = bounds[i]?.latest ?? tp.offset;
      if (high < tp.offset) {
        throw new IllegalStateError(
          `Offsets of ${topicPartitionKey(tp)} went back from ${tp.offset} to ${high}`,
        );
      }
      return high;
    });
    const caps = this.#maxMessagesPerPartition(tps.map((tp, i) => (latest[i] ?? 0) - tp.offset));
    const ranges = tps.map((tp, i) => {
      const high = latest[i] ?? tp.offset;
      const cap = caps?.[i];
      const until = cap === undefined ? high : Math.min(tp.offset + cap, high);
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

  /** The partitions to read now: assigned, or those of the subscribed or matching topics. */
  async #partitions(): Promise<TopicPartition[]> {
    const { topics, topicPattern, assign } = this.#options;
    if (assign !== undefined && assign.length > 0) return [...assign].sort(compareTopicPartitions);
    if (topicPattern === undefined) return this.#consumer.partitionsFor(topics ?? []);
    const matching = (await this.#consumer.listTopics()).filter((topic) => {
      topicPattern.lastIndex = 0; // a global or sticky RegExp keeps state between tests
      return topicPattern.test(topic);
    });
    return matching.length === 0 ? [] : this.#consumer.partitionsFor(matching);
  }

  /**
   * The tracked partitions' next offsets. Differs from Spark: partitions found after the start (new
   * partitions, topics a pattern matches later) join at their earliest offset, so nothing written
   * to them is missed; Spark's consumer places them at the committed offset or by
   * `auto.offset.reset`.
   */
  async #currentOffsets(): Promise<Map<string, TopicPartitionOffset>> {
    const partitions = await this.#partitions();
    if (this.#current === undefined) {
      this.#current = new Map(
        (await this.#startingOffsets(partitions)).map((o) => [topicPartitionKey(o), o]),
      );
    }
    const current = this.#current;
    const added = partitions.filter((tp) => !current.has(topicPartitionKey(tp)));
    if (added.length > 0) {
      for (const o of await this.#consumer.offsetBounds(added)) {
        current.set(topicPartitionKey(o), {
          topic: o.topic,
          partition: o.partition,
          offset: o.earliest,
        });
      }
    }
    const sorted = [...current.values()].sort(compareTopicPartitions);
    current.clear();
    for (const o of sorted) current.set(topicPartitionKey(o), o);
    return current;
  }

  /**
   * Spark's start position: explicit offsets first, then the group's committed offsets, then
   * the reset policy (`earliest`, `latest`, or `none`: fail).
   */
  async #startingOffsets(partitions: readonly TopicPartition[]): Promise<TopicPartitionOffset[]> {
    const starting = this.#options.startingOffsets ?? 'latest';
    const explicit = typeof starting === 'string' ? [] : starting;
    const policy =
      typeof starting === 'string' ? starting : (this.#options.autoOffsetReset ?? 'latest');
    const tracked = new Set(partitions.map(topicPartitionKey));
    const untracked = explicit.find((o) => !tracked.has(topicPartitionKey(o)));
    if (untracked !== undefined) {
      throw new IllegalArgumentError(
        `No current assignment for partition ${topicPartitionKey(untracked)}`,
      );
    }
    const bounds = await this.#consumer.offsetBounds(partitions);
    const withoutExplicit = partitions.filter(
      (tp) => !explicit.some((o) => o.topic === tp.topic && o.partition === tp.partition),
    );
    const committed =
      withoutExplicit.length === 0 ? [] : await this.#consumer.committedOffsets(withoutExplicit);
    const undefinedOffsets: TopicPartition[] = [];
    const starts = bounds.map(({ topic, partition, earliest, latest }) => {
      const key = topicPartitionKey({ topic, partition });
      const given = explicit.find((o) => topicPartitionKey(o) === key);
      if (given !== undefined) {
        if (
          !Number.isSafeInteger(given.offset) ||
          given.offset < earliest ||
          given.offset > latest
        ) {
          throw new IllegalArgumentError(
            `Starting offset ${given.offset} of ${key} is outside [${earliest}, ${latest}]`,
          );
        }
        return { topic, partition, offset: given.offset };
      }
      const stored = committed.find((o) => topicPartitionKey(o) === key)?.offset;
      // A committed offset that fell out of the log is reset by the policy, as Kafka's consumer does.
      if (stored !== undefined && stored >= earliest && stored <= latest) {
        return { topic, partition, offset: stored };
      }
      if (policy === 'none') undefinedOffsets.push({ topic, partition });
      return { topic, partition, offset: policy === 'earliest' ? earliest : latest };
    });
    if (undefinedOffsets.length > 0) {
      throw new NoOffsetForPartitionError(
        `Undefined offset with no reset policy for partitions: [${undefinedOffsets.map(topicPartitionKey).join(', ')}]`,
        { retriable: false },
      );
    }
    return starts;
  }

  /**
   * Spark's maxMessagesPerPartition: with backpressure, the latest estimate (else the initial
   * rate) shared by lag; otherwise `maxRatePerPartition`. Applies from the very first batch
   * (Spark's SPARK-18580 left the first batch unbounded).
   */
  #maxMessagesPerPartition(lags: readonly number[]): number[] | undefined {
    const backpressure = this.context.backpressure;
    let estimatedRate: number | undefined;
    if (backpressure !== undefined) {
      const latest = this.#rateController?.latestRate ?? -1;
      estimatedRate = latest > 0 ? latest : backpressure.initialRate;
    }
    return maxMessagesPerPartition(
      lags,
      estimatedRate,
      this.#options.maxRatePerPartition ?? 0,
      this.#options.minRatePerPartition ?? 1,
      this.slideDuration.milliseconds,
    );
  }

  /**
   * Send the offsets queued by `commitAsync` (Spark sends them at the next batch's generation,
   * asynchronously) without delaying the batch; `stop` waits for the commit in flight. One commit
   * at a time: while one is in flight, later ranges keep merging into the queue (the largest
   * offset per partition wins) and go out at the first batch after it finished, so a commit
   * slower than the batch interval never piles up requests. A failure goes to the callback, or
   * is logged when there is none. Differs from Spark: Kafka's `commitAsync` lets several commits be
   * in flight; here a queued commit can go out a batch or more later.
   */
  #commitQueued(): void {
    if (this.#commitQueue.size === 0 || this.#commitInFlight) return;
    const offsets = [...this.#commitQueue.values()];
    const callback = this.#commitCallback;
    this.#commitQueue = new Map();
    this.#commitInFlight = true;
    this.#commits = (async () => {
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
      this.#commitInFlight = false;
      try {
        callback?.(offsets, error);
      } catch (thrown) {
        this.context.receiverEnvironment.logger.warn(
          `The offset commit callback threw: ${String(thrown)}`,
        );
      }
    })();
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
   * A direct stream of `ConsumerRecord`s (see {@link DirectKafkaStream}), from an options
   * object or, as in Spark, from a location strategy, a consumer strategy and optional
   * per-partition rates.
   *
   * @example
   * ```ts
   * KafkaUtils.createDirectStream(ssc, { topics: ['t'], kafkaConfig: { brokers }, groupId: 'g' });
   * KafkaUtils.createDirectStream(ssc, PreferConsistent, Subscribe(['t'], kafkaParams));
   * ```
   */
  createDirectStream(
    ssc: StreamingContext,
    optionsOrLocation: DirectStreamOptions | LocationStrategy,
    strategy?: ConsumerStrategy,
    perPartitionConfig?: PerPartitionConfig,
  ): DirectKafkaStream {
    let options: DirectStreamOptions;
    if ('kind' in optionsOrLocation) {
      if (strategy === undefined) {
        throw new IllegalArgumentError('createDirectStream needs a ConsumerStrategy');
      }
      for (const key of strategy.unknownParams) {
        ssc.receiverEnvironment.logger.warn(
          `The configuration '${key}' was supplied but isn't a known config.`,
        );
      }
      options = { ...strategy.options, ...perPartitionConfig };
    } else {
      options = optionsOrLocation;
    }
    return new DirectKafkaStream(new DirectKafkaInputDStream(ssc, options));
  },

  /**
   * Spark's `KafkaUtils.createRDD` for batch jobs: an RDD of exactly the records of `ranges`,
   * partition i = range i. Differs from Spark: it returns a promise (the records are fetched
   * before the RDD exists, since partitions here are computed synchronously).
   *
   * @example
   * ```ts
   * const ranges = [OffsetRange.create('logins', 0, 0, 100)];
   * const rdd = await KafkaUtils.createRDD(sc, { kafkaConfig: { brokers }, groupId: 'g' }, ranges);
   * ```
   */
  async createRDD(
    sc: SparkContext,
    options: Pick<DirectStreamOptions, 'kafkaConfig' | 'groupId' | 'consumer'>,
    ranges: readonly OffsetRange[],
  ): Promise<RDD<ConsumerRecord>> {
    const consumer =
      options.consumer ??
      new KafkajsConsumer({ kafkaConfig: options.kafkaConfig, groupId: options.groupId });
    try {
      const bounds = await consumer.offsetBounds(ranges);
      const outside = ranges.filter(
        (r, i) =>
          r.count() > 0 &&
          (r.fromOffset < (bounds[i]?.earliest ?? 0) || r.untilOffset > (bounds[i]?.latest ?? 0)),
      );
      if (outside.length > 0) {
        throw outOfRange(outside.map((r) => ({ ...r.topicPartition(), offset: r.fromOffset })));
      }
      const records = await Promise.all(
        ranges.map((r) => consumer.fetch(r.topic, r.partition, r.fromOffset, r.untilOffset)),
      );
      return new RDD(new KafkaRDD(sc, ranges, records));
    } finally {
      if (options.consumer === undefined) await consumer.close();
    }
  },
};

/**
 * Spark's `PerPartitionConfig` (here the same for every partition): records per second per
 * partition at most, and records per partition of a rate-limited batch at least.
 *
 * @example
 * ```ts
 * KafkaUtils.createDirectStream(ssc, PreferConsistent, strategy, { maxRatePerPartition: 1000 });
 * ```
 */
export interface PerPartitionConfig {
  /** Records per second per partition at most (Spark's `spark.streaming.kafka.maxRatePerPartition`). */
  readonly maxRatePerPartition?: number;
  /** Least records per partition of a rate-limited batch (default 1). */
  readonly minRatePerPartition?: number;
}
