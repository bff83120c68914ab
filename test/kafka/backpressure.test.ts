// Backpressure on the direct stream against the real broker: with processing slower than arrival,
// batch sizes follow Spark's PID estimate from the very first batch (initialRate), converge on the
// processing rate, and stay bounded. Processing time is made exact: the job moves the wall clock
// (only `Date` is faked) by a fixed cost per record (2 ms: 500 records/s, unless a test says).
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { KafkaUtils, offsetRanges, type DirectStreamOptions } from '../../src/input/kafka/index.js';
import type { BackpressureOptions } from '../../src/index.js';
import { kafkaFixture, type KafkaFixture } from './kafka-fixture.js';

const BATCH_MS = 1000;

describe('direct stream backpressure', () => {
  const brokers = inject('kafkaBrokers');
  let kafka: KafkaFixture;

  beforeAll(async () => {
    kafka = await kafkaFixture(brokers, 'dstream-backpressure-test');
  });
  afterEach(async () => {
    vi.useRealTimers();
    await kafka.afterEach();
  });
  afterAll(() => kafka.close());

  /** Run `batches` batches over a backlog of 2 × 4000 records; return each batch's size. */
  async function batchSizes(
    backpressure: BackpressureOptions | undefined,
    extra: Partial<DirectStreamOptions>,
    batches: number,
    msPerRecord = 2,
  ): Promise<{ sizes: number[]; perPartition: number[][] }> {
    const topic = await kafka.newTopic(2, 'backpressure');
    await kafka.produce(topic, 2, 4000);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const ssc = kafka.newContext(BATCH_MS, backpressure === undefined ? {} : { backpressure });
    const stream = KafkaUtils.createDirectStream(ssc, {
      topics: [topic],
      kafkaConfig: { brokers, clientId: 'dstream-backpressure-test' },
      groupId: `backpressure-${process.pid}-${topic}`,
      startingOffsets: 'earliest',
      ...extra,
    });
    const sizes: number[] = [];
    const perPartition: number[][] = [];
    stream.foreachRDD((rdd) => {
      const n = rdd.count();
      sizes.push(n);
      perPartition.push(offsetRanges(rdd).map((r) => r.count()));
      vi.setSystemTime(Date.now() + n * msPerRecord); // the batch "took" this long
    });
    ssc.start();
    for (let i = 0; i < batches; i++) await ssc.advance(BATCH_MS);
    return { sizes, perPartition };
  }

  it('starts at initialRate, then follows the PID estimate to the processing rate (500/s)', async () => {
    const { sizes, perPartition } = await batchSizes({ enabled: true, initialRate: 2000 }, {}, 6);
    // Batch 1 and 2 use initialRate (the first estimate only sets the PID's baseline); from the
    // third on the estimate is the processing rate, 1 / 2 ms = 500 records/s.
    expect(sizes).toEqual([2000, 2000, 500, 500, 500, 500]);
    // The rate is shared by lag: both partitions lag equally.
    expect(perPartition).toEqual([
      [1000, 1000],
      [1000, 1000],
      [250, 250],
      [250, 250],
      [250, 250],
      [250, 250],
    ]);
  });

  it('maxRatePerPartition bounds the first batch too (no SPARK-18580 unbounded first batch)', async () => {
    const { sizes } = await batchSizes({ enabled: true }, { maxRatePerPartition: 300 }, 4);
    // No initial rate: maxRatePerPartition applies from batch 1; then the PID rate (500/s).
    expect(sizes).toEqual([600, 600, 500, 500]);
  });

  it('without backpressure the whole backlog is one batch', async () => {
    const { sizes } = await batchSizes(undefined, {}, 2);
    expect(sizes).toEqual([8000, 0]);
  });

  it('a slower consumer converges lower and batch sizes never exceed the first (bounded memory)', async () => {
    const { sizes } = await batchSizes(
      { enabled: true, initialRate: 1000, pid: { integral: 0 } },
      { maxRatePerPartition: 100_000 },
      5,
      4, // 250 records/s
    );
    expect(sizes).toEqual([1000, 1000, 250, 250, 250]);
    expect(Math.max(...sizes)).toBe(1000);
  });
});
