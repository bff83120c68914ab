// KafkaUtils.createDirectStream against the real broker (test/kafka/global-setup.ts): one offset
// range per partition per batch, RDD partition i = Kafka partition i, records in offset order,
// consecutive ranges, starting offsets, maxRatePerPartition, commitAsync, and recovery from a
// checkpoint re-reading exactly the same ranges.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { StreamingContext } from '../../src/index.js';
import {
  KafkaUtils,
  offsetRanges,
  type ConsumerRecord,
  type DirectKafkaStream,
  type DirectStreamOptions,
} from '../../src/input/kafka/index.js';
import { waitFor } from '../support/tcp.js';
import { kafkaFixture, type KafkaFixture } from './kafka-fixture.js';

const BATCH_MS = 1000;

/** What one batch saw: its ranges as [partition, from, until] and its partitions' records. */
interface Batch {
  timeMs: number;
  ranges: [number, number, number][];
  partitions: [number, number, string][][];
}

function plain(record: ConsumerRecord): [number, number, string] {
  return [record.partition, record.offset, record.value?.toString() ?? '<null>'];
}

describe('KafkaUtils.createDirectStream', () => {
  const brokers = inject('kafkaBrokers');
  let kafka: KafkaFixture;
  const directories: string[] = [];

  beforeAll(async () => {
    kafka = await kafkaFixture(brokers, 'dstream-direct-test');
  });

  afterEach(async () => {
    await kafka.afterEach();
    for (const dir of directories.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  afterAll(() => kafka.close());

  const newTopic = (partitions: number): Promise<string> => kafka.newTopic(partitions, 'direct');
  const produce = (topic: string, partitions: number, count: number, tag = ''): Promise<void> =>
    kafka.produce(topic, partitions, count, tag);
  const newContext = (): { ssc: StreamingContext } => ({ ssc: kafka.newContext(BATCH_MS) });

  function options(topic: string, extra: Partial<DirectStreamOptions> = {}): DirectStreamOptions {
    return {
      topics: [topic],
      kafkaConfig: { brokers, clientId: 'dstream-direct-test' },
      groupId: `group-${randomUUID()}`,
      startingOffsets: 'earliest',
      ...extra,
    };
  }

  function record(stream: DirectKafkaStream, batches: Batch[]): void {
    stream.foreachRDD((rdd, time) => {
      batches.push({
        timeMs: time.milliseconds,
        ranges: offsetRanges(rdd).map((r) => [r.partition, r.fromOffset, r.untilOffset]),
        partitions: rdd
          .glom()
          .collect()
          .map((records) => records.map(plain)),
      });
    });
  }

  /** Advance one batch at a time until `batches` holds `count` batches. */
  async function runBatches(ssc: StreamingContext, batches: Batch[], count: number): Promise<void> {
    while (batches.length < count) {
      const before = batches.length;
      await ssc.advance(BATCH_MS);
      await waitFor(() => batches.length > before, `batch ${before + 1}`, 30_000);
    }
  }

  it('reads every produced record once, partition i = Kafka partition i, in offset order', async () => {
    const topic = await newTopic(3);
    await produce(topic, 3, 5, 'a');
    const { ssc } = newContext();
    const batches: Batch[] = [];
    record(KafkaUtils.createDirectStream(ssc, options(topic)), batches);
    ssc.start();
    await runBatches(ssc, batches, 1);
    await produce(topic, 3, 4, 'b');
    await runBatches(ssc, batches, 3);

    expect(batches.map((b) => b.ranges)).toEqual([
      [
        [0, 0, 5],
        [1, 0, 5],
        [2, 0, 5],
      ],
      [
        [0, 5, 9],
        [1, 5, 9],
        [2, 5, 9],
      ],
      [
        [0, 9, 9],
        [1, 9, 9],
        [2, 9, 9],
      ],
    ]);
    for (let partition = 0; partition < 3; partition++) {
      expect(batches[0]?.partitions[partition]).toEqual(
        Array.from({ length: 5 }, (_, i) => [partition, i, `p${partition}-a${i}`]),
      );
      expect(batches[1]?.partitions[partition]).toEqual(
        Array.from({ length: 4 }, (_, i) => [partition, 5 + i, `p${partition}-b${i}`]),
      );
      expect(batches[2]?.partitions[partition]).toEqual([]);
    }
  });

  it('reads records around transaction markers with their own offsets (offset gaps)', async () => {
    const topic = await newTopic(1);
    const producer = new Kafka({ brokers, logLevel: logLevel.NOTHING }).producer({
      transactionalId: `direct-test-${randomUUID()}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    try {
      // Each committed transaction is followed by a control record: offsets 3 and 7 hold none.
      for (const values of [
        ['a', 'b', 'c'],
        ['d', 'e', 'f'],
      ]) {
        const transaction = await producer.transaction();
        await transaction.send({
          topic,
          messages: values.map((value) => ({ value, partition: 0 })),
        });
        await transaction.commit();
      }
    } finally {
      await producer.disconnect();
    }
    const { ssc } = newContext();
    const batches: Batch[] = [];
    record(KafkaUtils.createDirectStream(ssc, options(topic)), batches);
    ssc.start();
    await runBatches(ssc, batches, 1);
    expect(batches[0]?.ranges).toEqual([[0, 0, 8]]);
    expect(batches[0]?.partitions[0]).toEqual([
      [0, 0, 'a'],
      [0, 1, 'b'],
      [0, 2, 'c'],
      [0, 4, 'd'],
      [0, 5, 'e'],
      [0, 6, 'f'],
    ]);
  });

  it('starts at the latest offsets with startingOffsets latest', async () => {
    const topic = await newTopic(2);
    await produce(topic, 2, 3, 'old');
    const { ssc } = newContext();
    const batches: Batch[] = [];
    record(
      KafkaUtils.createDirectStream(ssc, options(topic, { startingOffsets: 'latest' })),
      batches,
    );
    ssc.start();
    await runBatches(ssc, batches, 1);
    await produce(topic, 2, 2, 'new');
    await runBatches(ssc, batches, 2);
    expect(batches.map((b) => b.ranges)).toEqual([
      [
        [0, 3, 3],
        [1, 3, 3],
      ],
      [
        [0, 3, 5],
        [1, 3, 5],
      ],
    ]);
    expect(batches[1]?.partitions.flat().map(([, , value]) => value)).toEqual([
      'p0-new0',
      'p0-new1',
      'p1-new0',
      'p1-new1',
    ]);
  });

  it('starts at explicit offsets', async () => {
    const topic = await newTopic(2);
    await produce(topic, 2, 4);
    const { ssc } = newContext();
    const batches: Batch[] = [];
    const startingOffsets = [{ topic, partition: 1, offset: 2 }];
    record(KafkaUtils.createDirectStream(ssc, options(topic, { startingOffsets })), batches);
    ssc.start();
    await runBatches(ssc, batches, 1);
    // Partition 0 has no explicit offset: it starts at the latest.
    expect(batches[0]?.ranges).toEqual([
      [0, 4, 4],
      [1, 2, 4],
    ]);
    expect(batches[0]?.partitions[1]?.map(([, offset]) => offset)).toEqual([2, 3]);
  });

  it('reads only the assigned partitions with assign (Assign strategy)', async () => {
    const topic = await newTopic(3);
    await produce(topic, 3, 2);
    const { ssc } = newContext();
    const batches: Batch[] = [];
    const assign = [
      { topic, partition: 2 },
      { topic, partition: 0 },
    ];
    record(
      KafkaUtils.createDirectStream(ssc, {
        kafkaConfig: { brokers },
        groupId: `group-${randomUUID()}`,
        startingOffsets: 'earliest',
        assign,
      }),
      batches,
    );
    ssc.start();
    await runBatches(ssc, batches, 1);
    expect(batches[0]?.ranges).toEqual([
      [0, 0, 2],
      [2, 0, 2],
    ]);
    expect(batches[0]?.partitions.map((records) => records.map(([, , value]) => value))).toEqual([
      ['p0-0', 'p0-1'],
      ['p2-0', 'p2-1'],
    ]);
  });

  it('caps each batch at maxRatePerPartition × batch seconds, ranges consecutive', async () => {
    const topic = await newTopic(2);
    await produce(topic, 2, 7);
    const { ssc } = newContext();
    const batches: Batch[] = [];
    record(KafkaUtils.createDirectStream(ssc, options(topic, { maxRatePerPartition: 3 })), batches);
    ssc.start();
    await runBatches(ssc, batches, 4);
    expect(batches.map((b) => b.ranges)).toEqual([
      [
        [0, 0, 3],
        [1, 0, 3],
      ],
      [
        [0, 3, 6],
        [1, 3, 6],
      ],
      [
        [0, 6, 7],
        [1, 6, 7],
      ],
      [
        [0, 7, 7],
        [1, 7, 7],
      ],
    ]);
    const offsets = batches.flatMap((b) => b.partitions[0] ?? []).map(([, offset]) => offset);
    expect(offsets).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('reads a range larger than one fetch response (several MB) in one batch', async () => {
    const topic = await newTopic(1);
    const big = 'x'.repeat(4096);
    const total = 1500; // about 6 MB, several times kafkajs's 1 MB per-partition fetch limit
    for (let sent = 0; sent < total; sent += 250) {
      await kafka.producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: 250 }, (_, i) => ({
          partition: 0,
          value: `${sent + i}:${big}`,
        })),
      });
    }
    const { ssc } = newContext();
    const batches: Batch[] = [];
    record(KafkaUtils.createDirectStream(ssc, options(topic)), batches);
    ssc.start();
    await runBatches(ssc, batches, 1);
    expect(batches[0]?.ranges).toEqual([[0, 0, total]]);
    const records = batches[0]?.partitions[0] ?? [];
    expect(records.map(([, offset]) => offset)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(records.every(([, offset, value]) => value.startsWith(`${offset}:`))).toBe(true);
  });

  it('commits the offsets queued by commitAsync at the next batch', async () => {
    const topic = await newTopic(2);
    await produce(topic, 2, 3);
    const { ssc } = newContext();
    const opts = options(topic);
    const stream = KafkaUtils.createDirectStream(ssc, opts);
    const batches: Batch[] = [];
    record(stream, batches);
    stream.foreachRDD((rdd) => {
      stream.commitAsync(offsetRanges(rdd));
    });
    ssc.start();
    await runBatches(ssc, batches, 1);
    // Nothing is committed before the next batch is generated (committed offsets lag a batch).
    const early = await kafka.admin.fetchOffsets({ groupId: opts.groupId, topics: [topic] });
    expect(early[0]?.partitions.map((p) => p.offset)).toEqual(['-1', '-1']);
    await runBatches(ssc, batches, 2);
    let committed: [number, string][] = [];
    const deadline = Date.now() + 30_000;
    while (committed.some(([, offset]) => offset !== '3') || committed.length === 0) {
      if (Date.now() > deadline)
        throw new Error(`offsets not committed: ${JSON.stringify(committed)}`);
      const fetched = await kafka.admin.fetchOffsets({ groupId: opts.groupId, topics: [topic] });
      committed = (fetched[0]?.partitions ?? []).map(
        (p) => [p.partition, p.offset] as [number, string],
      );
      if (committed.every(([, offset]) => offset === '3')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(committed.sort()).toEqual([
      [0, '3'],
      [1, '3'],
    ]);
  });

  it('re-reads exactly the same ranges after recovery and goes on without gaps or duplicates', async () => {
    const topic = await newTopic(3);
    await produce(topic, 3, 10);
    const dir = await mkdtemp(join(tmpdir(), 'dstream-kafka-'));
    directories.push(dir);
    const groupId = `group-${randomUUID()}`;
    let batches: Batch[] = [];
    const create = (): StreamingContext => {
      const { ssc } = newContext();
      ssc.checkpoint(dir);
      record(
        KafkaUtils.createDirectStream(ssc, options(topic, { groupId, maxRatePerPartition: 3 })),
        batches,
      );
      return ssc;
    };
    const first = await StreamingContext.getOrCreate(dir, create);
    kafka.track(first);
    first.start();
    await runBatches(first, batches, 2);
    await first.stop();
    const before = batches;
    batches = [];
    const second = await StreamingContext.getOrCreate(dir, create);
    kafka.track(second);
    second.start();
    await waitFor(() => batches.length >= 1, 'the re-run batch', 30_000);
    await runBatches(second, batches, 4);

    // Re-run batches read the very ranges and records they read before.
    const firstByTime = new Map(before.map((b) => [b.timeMs, b]));
    const rerun = batches.filter((b) => firstByTime.has(b.timeMs));
    expect(rerun.length).toBeGreaterThan(0);
    for (const batch of rerun) expect(batch).toEqual(firstByTime.get(batch.timeMs));
    // Over distinct batch times, every offset of every partition is read exactly once.
    const all = new Map([...before, ...batches].map((b) => [b.timeMs, b]));
    for (let partition = 0; partition < 3; partition++) {
      const offsets = [...all.values()]
        .sort((a, b) => a.timeMs - b.timeMs)
        .flatMap((b) => b.partitions[partition] ?? [])
        .map(([, offset]) => offset);
      expect(offsets).toEqual(Array.from({ length: 10 }, (_, i) => i));
    }
  });

  it('a batch generated but not completed before a crash re-runs with its checkpointed ranges, however many records came since', async () => {
    const topic = await newTopic(1);
    await produce(topic, 1, 4, 'a');
    const dir = await mkdtemp(join(tmpdir(), 'dstream-kafka-'));
    directories.push(dir);
    const groupId = `group-${randomUUID()}`;
    const seen: [number, string][] = [];
    let crashAt: number | undefined = 2000;
    const create = (): StreamingContext => {
      const { ssc } = newContext();
      ssc.checkpoint(dir);
      KafkaUtils.createDirectStream(ssc, options(topic, { groupId })).foreachRDD((rdd, time) => {
        // The job of batch 2000 "crashes": it never completes in the first run.
        if (time.milliseconds === crashAt) throw new Error('crash');
        for (const r of offsetRanges(rdd)) seen.push([time.milliseconds, String(r)]);
      });
      void ssc.awaitTermination().catch(() => undefined);
      return ssc;
    };
    const first = await StreamingContext.getOrCreate(dir, create);
    kafka.track(first);
    first.start();
    await first.advance(BATCH_MS);
    await produce(topic, 1, 3, 'b');
    await first.advance(BATCH_MS); // 2000: ranges decided and checkpointed, job fails
    await first.stop(false);
    await produce(topic, 1, 5, 'c'); // arrive while the application is down
    crashAt = undefined;
    const second = await StreamingContext.getOrCreate(dir, create);
    kafka.track(second);
    second.start();
    await waitFor(() => seen.some(([t]) => t === 2000), 'the re-run of 2000', 30_000);
    await second.advance(BATCH_MS);
    const range = (from: number, until: number): string =>
      `OffsetRange(topic: '${topic}', partition: 0, range: [${from} -> ${until}])`;
    expect(seen.filter(([t]) => t <= 3000)).toEqual([
      [1000, range(0, 4)],
      [2000, range(4, 7)], // not [4 -> 12]: the range it had when it was generated
      [3000, range(7, 12)],
    ]);
  });
});
