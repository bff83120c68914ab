/**
 * Spark's ConsumerStrategies and LocationStrategies (kafka010/{ConsumerStrategy,LocationStrategy}.scala),
 * so ported code reads as it did: `createDirectStream(ssc, PreferConsistent, Subscribe(topics, kafkaParams))`.
 * Each strategy turns Spark-style `kafkaParams` into {@link DirectStreamOptions}.
 */
import type { KafkaConfig } from 'kafkajs';
import { IllegalArgumentError } from '../../errors.js';
import type { DirectStreamOptions, StartingOffsets } from './direct-kafka-input-dstream.js';
import type { TopicPartition, TopicPartitionOffset } from './kafka-consumer-port.js';

/**
 * Kafka consumer properties as Spark's `kafkaParams` map. Understood: `bootstrap.servers`,
 * `group.id`, `client.id`, `auto.offset.reset`, `request.timeout.ms`.
 * Differs from Spark: deserializers are ignored (keys and values stay Buffers) and offsets are
 * never auto-committed, whatever `enable.auto.commit` says; other keys get Kafka's warning.
 *
 * @example
 * ```ts
 * const kafkaParams: KafkaParams = {
 *   'bootstrap.servers': 'localhost:9092',
 *   'group.id': 'use_a_separate_group_id_for_each_stream',
 *   'auto.offset.reset': 'latest',
 *   'enable.auto.commit': false,
 * };
 * ```
 */
export type KafkaParams = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/**
 * What {@link ConsumerStrategies} return: the stream's options, and the keys it did not know.
 *
 * @example
 * ```ts
 * const strategy: ConsumerStrategy = ConsumerStrategies.Subscribe(['logins'], kafkaParams);
 * ```
 */
export interface ConsumerStrategy {
  /** The options object form of the same stream. */
  readonly options: DirectStreamOptions;
  /**
   * Kafka parameters that are not known here; `createDirectStream` warns about each, as Kafka's
   * consumer does.
   */
  readonly unknownParams: readonly string[];
}

/**
 * Where Spark schedules the partitions' tasks. Differs from Spark: everything runs in this
 * process, so the three strategies behave the same; they exist so ported code compiles unchanged.
 *
 * @example
 * ```ts
 * KafkaUtils.createDirectStream(ssc, LocationStrategies.PreferConsistent, strategy);
 * ```
 */
export interface LocationStrategy {
  /**
   * Which of Spark's location strategies this is; all three place partitions the same way in one
   * process.
   */
  readonly kind: 'PreferConsistent' | 'PreferBrokers' | 'PreferFixed';
  /** PreferFixed's hosts (kept, unused). */
  readonly hostMap?: ReadonlyMap<TopicPartition, string>;
}

/**
 * Spark's `LocationStrategies`.
 *
 * @example
 * ```ts
 * const location = LocationStrategies.PreferFixed(new Map([[{ topic: 't', partition: 0 }, 'host1']]));
 * ```
 */
export const LocationStrategies = {
  /** Spark's default: spread partitions evenly. */
  PreferConsistent: { kind: 'PreferConsistent' } as LocationStrategy,
  /** Spark: run where the brokers are (the same as `PreferConsistent` in one process). */
  PreferBrokers: { kind: 'PreferBrokers' } as LocationStrategy,
  /** Host names per partition are accepted and, in one process, ignored. */
  PreferFixed(hostMap: ReadonlyMap<TopicPartition, string>): LocationStrategy {
    return { kind: 'PreferFixed', hostMap };
  },
};

const IGNORED = new Set(['key.deserializer', 'value.deserializer', 'enable.auto.commit']);
const KNOWN = new Set([
  'bootstrap.servers',
  'group.id',
  'client.id',
  'auto.offset.reset',
  'request.timeout.ms',
]);

function text(params: KafkaParams, key: string): string | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new IllegalArgumentError(`Invalid value ${String(value)} for configuration ${key}`);
  }
  return String(value);
}

function toOptions(
  params: KafkaParams,
  strategy: Pick<DirectStreamOptions, 'topics' | 'topicPattern' | 'assign'>,
  offsets: ReadonlyMap<TopicPartition, number> | undefined,
): ConsumerStrategy {
  const servers = params['bootstrap.servers'];
  const brokers =
    typeof servers === 'string'
      ? servers.split(',').map((s) => s.trim())
      : Array.isArray(servers)
        ? [...(servers as readonly string[])]
        : [];
  if (brokers.length === 0 || brokers.some((b) => b === '')) {
    throw new IllegalArgumentError(
      'Missing required configuration "bootstrap.servers" which has no default value.',
    );
  }
  const groupId = text(params, 'group.id');
  if (groupId === undefined || groupId === '') {
    throw new IllegalArgumentError(
      'kafkaParams needs a "group.id": the stream commits offsets to it (commitAsync)',
    );
  }
  const clientId = text(params, 'client.id');
  const requestTimeout = text(params, 'request.timeout.ms');
  const kafkaConfig: KafkaConfig = {
    brokers,
    ...(clientId === undefined ? {} : { clientId }),
    ...(requestTimeout === undefined ? {} : { requestTimeout: Number(requestTimeout) }),
  };
  const reset = text(params, 'auto.offset.reset') ?? 'latest';
  if (reset !== 'earliest' && reset !== 'latest' && reset !== 'none') {
    throw new IllegalArgumentError(
      `Invalid value ${reset} for configuration auto.offset.reset: String must be one of: latest, earliest, none`,
    );
  }
  const explicit: TopicPartitionOffset[] = [...(offsets ?? new Map<TopicPartition, number>())].map(
    ([tp, offset]) => ({ topic: tp.topic, partition: tp.partition, offset }),
  );
  const startingOffsets: StartingOffsets = explicit.length > 0 ? explicit : reset;
  return {
    options: { ...strategy, kafkaConfig, groupId, startingOffsets, autoOffsetReset: reset },
    unknownParams: Object.keys(params).filter((key) => !KNOWN.has(key) && !IGNORED.has(key)),
  };
}

/**
 * Spark's `ConsumerStrategies`: which partitions the stream reads and where it starts. Explicit
 * `offsets` apply on first start only; after a checkpoint recovery the checkpoint's offsets win.
 *
 * @example
 * ```ts
 * const stream = KafkaUtils.createDirectStream(
 *   ssc,
 *   LocationStrategies.PreferConsistent,
 *   ConsumerStrategies.Subscribe(['logins'], kafkaParams),
 * );
 * ```
 */
export const ConsumerStrategies = {
  /** Every partition of `topics`. */
  Subscribe(
    topics: readonly string[],
    kafkaParams: KafkaParams,
    offsets?: ReadonlyMap<TopicPartition, number>,
  ): ConsumerStrategy {
    return toOptions(kafkaParams, { topics }, offsets);
  },
  /** Every partition of every topic matching `pattern`, checked each batch. */
  SubscribePattern(
    pattern: RegExp,
    kafkaParams: KafkaParams,
    offsets?: ReadonlyMap<TopicPartition, number>,
  ): ConsumerStrategy {
    return toOptions(kafkaParams, { topicPattern: pattern }, offsets);
  },
  /** Exactly `topicPartitions`. */
  Assign(
    topicPartitions: readonly TopicPartition[],
    kafkaParams: KafkaParams,
    offsets?: ReadonlyMap<TopicPartition, number>,
  ): ConsumerStrategy {
    return toOptions(kafkaParams, { assign: topicPartitions }, offsets);
  },
};
