// Smoke test of the real broker the `kafka` project starts (test/kafka/global-setup.ts): a topic with
// three partitions, keyed messages in, the same messages out through a consumer group, offsets exact.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { Admin, Consumer, Producer, RecordMetadata } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const PARTITIONS = 3;
const MESSAGES = 60;
const KEYS = 12;

/** Polls `condition` every 25 ms until it holds; throws `what` after `timeoutMs`. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface Received {
  partition: number;
  offset: string;
  key: string;
  value: string;
}

describe('the Kafka test broker', () => {
  const brokers = inject('kafkaBrokers');
  const kafka = new Kafka({ clientId: 'dstream-kafka-smoke', brokers, logLevel: logLevel.NOTHING });
  const topic = `smoke-${randomUUID()}`;
  let admin: Admin;
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  // A short fetch wait: disconnect waits for the fetch in flight.
  const consumer: Consumer = kafka.consumer({
    groupId: `smoke-${randomUUID()}`,
    maxWaitTimeInMs: 250,
  });

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    // Each step on its own, so one failure does not leave the other clients connected.
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  });

  it('describes a one-node cluster on 127.0.0.1', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    expect(brokers.every((broker) => broker.startsWith('127.0.0.1:'))).toBe(true);
  });

  it('round-trips keyed messages over three partitions with exact offsets', async () => {
    expect(
      await admin.createTopics({
        topics: [{ topic, numPartitions: PARTITIONS }],
        waitForLeaders: true,
      }),
    ).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);

    // Keyed messages: the default (murmur2) partitioner sends every key to one partition, so a
    // partition's records are exactly its keys' records, in the order they were sent.
    const sent = Array.from({ length: MESSAGES }, (_, i) => ({
      key: `key-${i % KEYS}`,
      value: `value-${i}`,
    }));
    await producer.connect();
    const acks: RecordMetadata[] = await producer.send({ topic, acks: -1, messages: sent });
    const partitionOfKey = new Map<string, number>();

    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: Received[] = [];
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        received.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '<null>',
          value: message.value?.toString() ?? '<null>',
        });
        return Promise.resolve();
      },
    });
    await waitFor(
      () => received.length >= MESSAGES,
      `${MESSAGES} messages (have ${received.length})`,
    );

    for (const record of received) {
      const known = partitionOfKey.get(record.key);
      if (known === undefined) partitionOfKey.set(record.key, record.partition);
      else expect(record.partition, `partition of ${record.key}`).toBe(known);
    }
    // Per partition: offsets 0..n-1 in order, values in send order, and the acks' base offsets agree.
    const byPartition = new Map<number, Received[]>();
    for (const record of received) {
      byPartition.set(record.partition, [...(byPartition.get(record.partition) ?? []), record]);
    }
    expect(byPartition.size, 'twelve keys spread over more than one partition').toBeGreaterThan(1);
    for (const [partition, records] of byPartition) {
      const expected = sent.filter((message) => partitionOfKey.get(message.key) === partition);
      expect(records.map((r) => r.offset)).toEqual(expected.map((_, i) => String(i)));
      expect(records.map((r) => [r.key, r.value])).toEqual(expected.map((m) => [m.key, m.value]));
      expect(acks.find((ack) => ack.partition === partition)?.baseOffset).toBe('0');
    }
    expect(received).toHaveLength(MESSAGES);
    expect(new Set(received.map((r) => r.value))).toEqual(new Set(sent.map((m) => m.value)));

    // The broker's high watermarks match what was read.
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.map((o) => [o.partition, o.low, o.high]).sort()).toEqual(
      [0, 1, 2].map((partition) => [
        partition,
        '0',
        String(byPartition.get(partition)?.length ?? 0),
      ]),
    );
  });
});
