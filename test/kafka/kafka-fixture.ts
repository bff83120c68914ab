// What the Kafka suites share: an admin client and a producer on the test broker, topics with
// unique names (deleted at the end), and contexts stopped after each test.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { ManualClock, Milliseconds, StreamingContext, type Logger } from '../../src/index.js';
import type { StreamingContextOptions } from '../../src/context/streaming-context.js';

export const silent: Logger = { warn: () => undefined, error: () => undefined };

export interface KafkaFixture {
  readonly admin: Admin;
  readonly producer: Producer;
  /** A new topic `<prefix>-<uuid>` with `partitions` partitions, leaders elected. */
  newTopic(partitions: number, prefix?: string): Promise<string>;
  /** Send `count` messages to each partition, values `p<partition>-<tag><i>`, acks from all. */
  produce(topic: string, partitions: number, count: number, tag?: string): Promise<void>;
  /** A context on a ManualClock at 0, stopped by `afterEach`. */
  newContext(batchMs: number, extra?: Partial<StreamingContextOptions>): StreamingContext;
  /** Have `afterEach` stop `ssc` too. */
  track(ssc: StreamingContext): void;
  afterEach(): Promise<void>;
  close(): Promise<void>;
}

export async function kafkaFixture(brokers: string[], clientId: string): Promise<KafkaFixture> {
  const kafka = new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer();
  await producer.connect();
  const topics: string[] = [];
  const contexts: StreamingContext[] = [];
  return {
    admin,
    producer,
    async newTopic(partitions, prefix = 'topic') {
      const topic = `${prefix}-${randomUUID()}`;
      topics.push(topic);
      await admin.createTopics({
        topics: [{ topic, numPartitions: partitions }],
        waitForLeaders: true,
      });
      return topic;
    },
    async produce(topic, partitions, count, tag = '') {
      const messages = [];
      for (let i = 0; i < count; i++) {
        for (let partition = 0; partition < partitions; partition++) {
          messages.push({ partition, value: `p${partition}-${tag}${i}` });
        }
      }
      await producer.send({ topic, acks: -1, messages });
    },
    newContext(batchMs, extra = {}) {
      const ssc = new StreamingContext({
        batchDuration: Milliseconds(batchMs),
        clock: new ManualClock(0),
        logger: silent,
        defaultParallelism: 2,
        ...extra,
      });
      contexts.push(ssc);
      return ssc;
    },
    track(ssc) {
      contexts.push(ssc);
    },
    async afterEach() {
      for (const ssc of contexts.splice(0)) await ssc.stop().catch(() => undefined);
    },
    async close() {
      await producer.disconnect().catch(() => undefined);
      await admin.deleteTopics({ topics, timeout: 10_000 }).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    },
  };
}
