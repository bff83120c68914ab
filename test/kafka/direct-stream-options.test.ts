// The direct stream's start positions, strategies and errors against the real broker: committed
// offsets and auto.offset.reset as in Spark, SubscribePattern, Spark-style ConsumerStrategies, and
// typed errors for unknown topics, unreachable brokers, bad offsets and records lost to retention.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { IllegalArgumentError, SparkContext } from '../../src/index.js';
import {
  ConsumerStrategies,
  KafkaConnectionError,
  KafkaError,
  KafkaUtils,
  LocationStrategies,
  NoOffsetForPartitionError,
  OffsetOutOfRangeError,
  OffsetRange,
  UnknownTopicOrPartitionError,
  offsetRanges,
  type DirectKafkaStream,
  type DirectStreamOptions,
} from '../../src/input/kafka/index.js';
import { closedPort } from '../support/tcp.js';
import { kafkaFixture, type KafkaFixture } from './kafka-fixture.js';

const BATCH_MS = 1000;
let groupCount = 0;

describe('createDirectStream options and errors', () => {
  const brokers = inject('kafkaBrokers');
  let kafka: KafkaFixture;

  beforeAll(async () => {
    kafka = await kafkaFixture(brokers, 'dstream-options-test');
  });
  afterEach(() => kafka.afterEach());
  afterAll(() => kafka.close());

  function options(extra: Partial<DirectStreamOptions>): DirectStreamOptions {
    return {
      kafkaConfig: { brokers, clientId: 'dstream-options-test' },
      groupId: `options-group-${process.pid}-${++groupCount}`,
      startingOffsets: 'earliest',
      ...extra,
    };
  }

  /** Each batch's ranges as `topic/partition:from-until` and its values. */
  function record(stream: DirectKafkaStream): { ranges: string[][]; values: string[][] } {
    const seen = { ranges: [] as string[][], values: [] as string[][] };
    stream.foreachRDD((rdd) => {
      seen.ranges.push(
        offsetRanges(rdd).map(
          (r) => `${r.topic.slice(0, 4)}/${r.partition}:${r.fromOffset}-${r.untilOffset}`,
        ),
      );
      seen.values.push(rdd.map((r) => r.value?.toString() ?? '').collect());
    });
    return seen;
  }

  it('starts from the group committed offsets, then auto.offset.reset (Spark)', async () => {
    const topic = await kafka.newTopic(2, 'committed');
    await kafka.produce(topic, 2, 5);
    const opts = options({ topics: [topic] });
    // Partition 0 has a committed offset; partition 1 has none and follows 'earliest'.
    await kafka.admin.setOffsets({
      groupId: opts.groupId,
      topic,
      partitions: [{ partition: 0, offset: '3' }],
    });
    const ssc = kafka.newContext(BATCH_MS);
    const seen = record(KafkaUtils.createDirectStream(ssc, opts));
    ssc.start();
    await ssc.advance(BATCH_MS);
    expect(seen.ranges).toEqual([['comm/0:3-5', 'comm/1:0-5']]);
    expect(seen.values[0]).toEqual(['p0-3', 'p0-4', 'p1-0', 'p1-1', 'p1-2', 'p1-3', 'p1-4']);
  });

  it("'none' without a committed offset fails with NoOffsetForPartitionError (Kafka's message)", async () => {
    const topic = await kafka.newTopic(2, 'none');
    const ssc = kafka.newContext(BATCH_MS);
    record(
      KafkaUtils.createDirectStream(ssc, options({ topics: [topic], startingOffsets: 'none' })),
    );
    ssc.start();
    const failure = ssc.awaitTermination();
    await expect(failure).rejects.toThrow(NoOffsetForPartitionError);
    await expect(failure).rejects.toThrow(
      `Undefined offset with no reset policy for partitions: [${topic}-0, ${topic}-1]`,
    );
  });

  it('rejects a bad policy at once and an explicit offset outside the log at start', async () => {
    const ssc = kafka.newContext(BATCH_MS);
    expect(() =>
      KafkaUtils.createDirectStream(
        ssc,
        options({ topics: ['t'], startingOffsets: 'smallest' as 'earliest' }),
      ),
    ).toThrow(
      new IllegalArgumentError(
        'Invalid value smallest for configuration auto.offset.reset: String must be one of: latest, earliest, none',
      ),
    );
    const topic = await kafka.newTopic(1, 'explicit');
    await kafka.produce(topic, 1, 3);
    record(
      KafkaUtils.createDirectStream(
        ssc,
        options({ topics: [topic], startingOffsets: [{ topic, partition: 0, offset: 7 }] }),
      ),
    );
    ssc.start();
    await expect(ssc.awaitTermination()).rejects.toThrow(
      new IllegalArgumentError(`Starting offset 7 of ${topic}-0 is outside [0, 3]`),
    );
  });

  it('an unknown topic fails with UnknownTopicOrPartitionError, retriable', async () => {
    const ssc = kafka.newContext(BATCH_MS);
    const missing = `missing-${process.pid}-${Date.now()}`;
    record(KafkaUtils.createDirectStream(ssc, options({ topics: [missing] })));
    ssc.start();
    const error: unknown = await ssc.awaitTermination().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownTopicOrPartitionError);
    expect(error).toMatchObject({
      name: 'UnknownTopicOrPartitionError',
      retriable: true,
      message: `This server does not host these topics: [${missing}]`,
    });
  });

  it('an unreachable broker fails with KafkaConnectionError, keeping the kafkajs error and its retriable flag', async () => {
    const port = await closedPort();
    const ssc = kafka.newContext(BATCH_MS);
    record(
      KafkaUtils.createDirectStream(
        ssc,
        options({
          topics: ['anything'],
          kafkaConfig: {
            brokers: [`127.0.0.1:${port}`],
            connectionTimeout: 300,
            retry: { retries: 0 },
          },
        }),
      ),
    );
    ssc.start();
    const error: unknown = await ssc.awaitTermination().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaConnectionError);
    expect(error).toBeInstanceOf(KafkaError);
    const cause = (error as KafkaError).cause as { name: string; retriable: boolean };
    expect(cause.name).toMatch(/^KafkaJS/);
    expect((error as KafkaError).retriable).toBe(cause.retriable);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('records deleted by retention before a batch read them fail the batch with OffsetOutOfRangeError', async () => {
    const topic = await kafka.newTopic(1, 'retention');
    await kafka.produce(topic, 1, 10);
    const ssc = kafka.newContext(BATCH_MS);
    const seen = record(KafkaUtils.createDirectStream(ssc, options({ topics: [topic] })));
    ssc.start();
    await ssc.advance(BATCH_MS);
    expect(seen.ranges).toEqual([['rete/0:0-10']]);
    await kafka.produce(topic, 1, 5, 'late');
    // Retention deletes 10..12 before the next batch reads them.
    // (kafkajs finds the partition leader only once the admin client has the topic's metadata.)
    await kafka.admin.fetchTopicMetadata({ topics: [topic] });
    await kafka.admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '13' }] });
    await ssc.advance(BATCH_MS);
    const error: unknown = await ssc.awaitTermination().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OffsetOutOfRangeError);
    expect((error as Error).message).toBe(
      `Offsets out of range with no configured reset policy for partitions: {${topic}-0=10}`,
    );
    expect(seen.ranges).toHaveLength(1); // nothing was skipped silently
  });

  it('SubscribePattern reads every matching topic, and topics created later join at their earliest offset', async () => {
    const prefix = `pattern${process.pid}x${Date.now()}`;
    const first = await kafka.newTopic(1, `${prefix}-a`);
    await kafka.newTopic(1, `other${prefix}`); // does not match
    await kafka.produce(first, 1, 2, 'a');
    const ssc = kafka.newContext(BATCH_MS);
    const seen = record(
      KafkaUtils.createDirectStream(ssc, options({ topicPattern: new RegExp(`^${prefix}-`) })),
    );
    ssc.start();
    await ssc.advance(BATCH_MS);
    const second = await kafka.newTopic(2, `${prefix}-b`);
    await kafka.produce(second, 2, 1, 'b');
    await ssc.advance(BATCH_MS);
    expect(seen.values).toEqual([
      ['p0-a0', 'p0-a1'],
      ['p0-b0', 'p1-b0'],
    ]);
    expect(seen.ranges[1]).toEqual([
      `${first.slice(0, 4)}/0:2-2`,
      `${second.slice(0, 4)}/0:0-1`,
      `${second.slice(0, 4)}/1:0-1`,
    ]);
  });

  it("Spark's form: createDirectStream(ssc, PreferConsistent, Subscribe(topics, kafkaParams), rates)", async () => {
    const topic = await kafka.newTopic(2, 'spark');
    await kafka.produce(topic, 2, 4);
    const warnings: string[] = [];
    const ssc = kafka.newContext(BATCH_MS, {
      logger: { warn: (m) => warnings.push(m), error: () => undefined },
    });
    const kafkaParams = {
      'bootstrap.servers': brokers.join(','),
      'group.id': `spark-form-${process.pid}`,
      'auto.offset.reset': 'earliest',
      'enable.auto.commit': false,
      'key.deserializer': 'StringDeserializer',
      'max.poll.records': 10,
    };
    const stream = KafkaUtils.createDirectStream(
      ssc,
      LocationStrategies.PreferConsistent,
      ConsumerStrategies.Subscribe([topic], kafkaParams),
      { maxRatePerPartition: 3 },
    );
    const seen = record(stream);
    ssc.start();
    await ssc.advance(2 * BATCH_MS);
    expect(seen.ranges).toEqual([
      ['spar/0:0-3', 'spar/1:0-3'],
      ['spar/0:3-4', 'spar/1:3-4'],
    ]);
    expect(warnings).toEqual([
      "The configuration 'max.poll.records' was supplied but isn't a known config.",
    ]);
    expect(() => ConsumerStrategies.Assign([], { 'group.id': 'g' })).toThrow(
      'Missing required configuration "bootstrap.servers" which has no default value.',
    );
  });

  it('KafkaUtils.createRDD reads exactly the given ranges, and refuses ranges outside the log', async () => {
    const topic = await kafka.newTopic(2, 'create-rdd');
    await kafka.produce(topic, 2, 6);
    const sc = new SparkContext();
    const config = { kafkaConfig: { brokers }, groupId: `create-rdd-${process.pid}` };
    const rdd = await KafkaUtils.createRDD(sc, config, [
      OffsetRange.create(topic, 1, 2, 4),
      OffsetRange.create(topic, 0, 5, 6),
    ]);
    expect(
      rdd
        .glom()
        .collect()
        .map((p) => p.map((r) => r.value?.toString())),
    ).toEqual([['p1-2', 'p1-3'], ['p0-5']]);
    expect(offsetRanges(rdd).map(String)).toEqual([
      `OffsetRange(topic: '${topic}', partition: 1, range: [2 -> 4])`,
      `OffsetRange(topic: '${topic}', partition: 0, range: [5 -> 6])`,
    ]);
    await expect(
      KafkaUtils.createRDD(sc, config, [OffsetRange.create(topic, 0, 4, 9)]),
    ).rejects.toThrow(OffsetOutOfRangeError);
  });
});
