// KafkaUtils.createDirectStream across a restart of the broker mid-stream: the broker's JVM is
// stopped while batches are due, batch generation waits on kafkajs's retries until the same broker
// (same ports and data) is back, and the stream reads every record exactly once, per partition in
// offset order. The test runs its own broker: restarting the shared one of
// test/kafka/global-setup.ts would break the suites running beside it.
import { randomUUID } from 'node:crypto';
import process from 'node:process';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin, KafkaConfig, LogEntry, Producer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startBroker,
  startBrokerAgain,
  stopBroker,
  stopBrokerJvm,
  type BrokerState,
} from '../../scripts/kafka/broker.mjs';
import { ManualClock, Milliseconds, StreamingContext, type Logger } from '../../src/index.js';
import { KafkaUtils, offsetRanges, type ConsumerRecord } from '../../src/input/kafka/index.js';
import { waitFor } from '../support/tcp.js';

const BATCH_MS = 1000;
const PARTITIONS = 3;
const KEYS = 6;
const BEFORE = 24; // records produced before the restart
const AFTER = 12; // records produced once the broker is back
const MAX_RATE = 3; // records per partition per batch: the restart falls in the middle of the data
const BATCHES_BEFORE = 2; // batches run before the broker goes down
const BATCHES_DOWN = 2; // batches due while it is down
const MAX_BATCHES = 40; // bound on the batches that drain the rest
// Generous: batch generation rides out the restart on kafkajs's retries (a SIGKILLed KRaft broker
// is back only once its old registration's session has expired, ~15 s).
const RETRY = { retries: 60, initialRetryTime: 100, maxRetryTime: 1000 } as const;
const WAIT_MS = 90_000;
const TEST_TIMEOUT_MS = 180_000;

/** How the broker goes down. */
interface Outage {
  readonly signal: 'SIGTERM' | 'SIGKILL';
  /**
   * Freeze the broker first (SIGSTOP) and kill it only once batch generation has sent it a
   * request: the request is in flight when the broker dies.
   */
  readonly isRequestInFlight: boolean;
}

/** A produced record, where the broker put it. */
interface Sent {
  partition: number;
  offset: number;
  key: string;
  value: string;
}

/** What one batch saw: per RDD partition its range [partition, from, until] and its records. */
interface Batch {
  timeMs: number;
  ranges: [number, number, number][];
  records: Sent[][];
}

function plain(record: ConsumerRecord): Sent {
  return {
    partition: record.partition,
    offset: record.offset,
    key: record.key?.toString() ?? '<null>',
    value: record.value?.toString() ?? '<null>',
  };
}

/** Resolve with `promise`, or fail with `what` after `timeoutMs` (the timer never outlives it). */
async function within<T>(promise: Promise<T>, what: string, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('KafkaUtils.createDirectStream across a broker restart', () => {
  // ownerPid: a watchdog stops this broker's JVM even if the test process is killed.
  const brokerOptions = { log: () => undefined, ownerPid: process.pid, timeoutMs: WAIT_MS };
  let broker: BrokerState;
  let admin: Admin;
  let producer: Producer;
  const contexts: StreamingContext[] = [];

  beforeAll(async () => {
    broker = await startBroker(brokerOptions);
    const kafka = new Kafka({
      clientId: 'dstream-restart-test',
      brokers: [broker.brokers],
      logLevel: logLevel.NOTHING,
      retry: RETRY,
    });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
  }, WAIT_MS + 30_000);

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.stop().catch(() => undefined);
  });

  afterAll(async () => {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    // Deletes the broker's temp dir, its topics with it.
    await stopBroker(broker, { log: () => undefined });
  }, 60_000);

  /** Send keyed records one at a time (acks from all replicas), noting where each one went. */
  async function produce(topic: string, tag: string, count: number): Promise<Sent[]> {
    const sent: Sent[] = [];
    for (let i = 0; i < count; i++) {
      const key = `key-${i % KEYS}`;
      const value = `${tag}-${i}`;
      const [ack] = await producer.send({ topic, acks: -1, messages: [{ key, value }] });
      if (ack === undefined) throw new Error(`no ack for ${value}`);
      sent.push({ partition: ack.partition, offset: Number(ack.baseOffset), key, value });
    }
    return sent;
  }

  async function restartMidStream({ signal, isRequestInFlight }: Outage): Promise<void> {
    const topic = `restart-${randomUUID()}`;
    await admin.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS }],
      waitForLeaders: true,
    });
    const sent = await produce(topic, 'before', BEFORE);

    // Errors, and the requests sent, of the stream's own kafkajs clients: they show when the
    // stream has met the outage.
    const clientLog: LogEntry[] = [];
    const kafkaConfig: KafkaConfig = {
      brokers: [broker.brokers],
      clientId: 'dstream-restart-stream',
      retry: RETRY,
      logLevel: logLevel.DEBUG,
      logCreator: () => (entry) => {
        if (entry.level <= logLevel.ERROR || entry.log.message.startsWith('Request ')) {
          clientLog.push(entry);
        }
      },
    };
    const loggedSince = (from: number, pattern: RegExp): boolean =>
      clientLog.slice(from).some((entry) => pattern.test(entry.log.message));
    const errors: unknown[] = [];
    const logger: Logger = {
      warn: () => undefined,
      error: ({ err }, message) => {
        errors.push(err ?? message);
      },
    };
    const context = new StreamingContext({
      batchDuration: Milliseconds(BATCH_MS),
      clock: new ManualClock(0),
      logger,
      defaultParallelism: 2,
    });
    contexts.push(context);
    const stream = KafkaUtils.createDirectStream(context, {
      topics: [topic],
      kafkaConfig,
      groupId: `group-${randomUUID()}`,
      startingOffsets: 'earliest',
      maxRatePerPartition: MAX_RATE,
    });
    const batches: Batch[] = [];
    stream.foreachRDD((rdd, time) => {
      batches.push({
        timeMs: time.milliseconds,
        ranges: offsetRanges(rdd).map((r) => [r.partition, r.fromOffset, r.untilOffset]),
        records: rdd
          .glom()
          .collect()
          .map((records) => records.map(plain)),
      });
    });
    let terminationError: unknown;
    let isTerminated = false;
    context.awaitTermination().then(
      () => {
        isTerminated = true;
      },
      (error: unknown) => {
        terminationError = error;
      },
    );
    const read = (): number => batches.flatMap((b) => b.records.flat()).length;
    const sentTo = (partition: number): Sent[] => sent.filter((r) => r.partition === partition);

    context.start();
    await context.advance(BATCHES_BEFORE * BATCH_MS);
    expect(batches.map((b) => b.timeMs)).toEqual([1000, 2000]);
    // Rate-limited: records of the first part are still unread when the broker goes down.
    const readBefore = Array.from({ length: PARTITIONS }, (_, partition) =>
      Math.min(sentTo(partition).length, BATCHES_BEFORE * MAX_RATE),
    ).reduce((a, b) => a + b, 0);
    expect(read()).toBe(readBefore);
    expect(readBefore).toBeLessThan(BEFORE);

    if (isRequestInFlight) process.kill(broker.pid, 'SIGSTOP');
    else await stopBrokerJvm(broker, { signal, log: () => undefined });
    const logBeforeOutage = clientLog.length;
    // Not awaited until the broker is back: generating these batches waits on kafkajs.
    let isDownAdvanceDone = false;
    const downAdvance = context.advance(BATCHES_DOWN * BATCH_MS).finally(() => {
      isDownAdvanceDone = true;
    });
    if (isRequestInFlight) {
      // The frozen broker never answers: batch generation's first request waits for it.
      await waitFor(
        () => loggedSince(logBeforeOutage, /^Request Metadata/),
        'batch generation to send the frozen broker a request',
        WAIT_MS,
      );
      await stopBrokerJvm(broker, { signal, log: () => undefined });
    }
    await waitFor(
      () => loggedSince(logBeforeOutage, /ECONNREFUSED/),
      "the stream's kafkajs clients to find the broker gone",
      WAIT_MS,
    );
    const wasDownAdvancePending = !isDownAdvanceDone;
    broker = await startBrokerAgain(broker, brokerOptions);
    sent.push(...(await produce(topic, 'after', AFTER)));
    await within(downAdvance, 'the batches due while the broker was down', WAIT_MS);

    for (let i = 0; i < MAX_BATCHES && read() < sent.length; i++) {
      await context.advance(BATCH_MS);
    }
    await context.advance(BATCH_MS); // one more: nothing left to read, nothing read twice

    expect(terminationError).toBeUndefined();
    expect(errors).toEqual([]);
    expect(isTerminated).toBe(false);
    // The batches due during the outage waited for the broker, neither failing nor running
    // without it.
    expect(wasDownAdvancePending).toBe(true);
    // Every batch time has its batch: no generation failed.
    expect(batches.map((b) => b.timeMs)).toEqual(
      Array.from({ length: batches.length }, (_, i) => (i + 1) * BATCH_MS),
    );
    // Per partition: consecutive ranges from 0, and exactly the records sent, in offset order.
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const expected = sentTo(partition);
      expect(expected.map((r) => r.offset)).toEqual(expected.map((_, i) => i));
      let next = 0;
      for (const batch of batches) {
        const range = batch.ranges[partition];
        expect(range?.[0], `partition of range ${partition} at ${batch.timeMs}`).toBe(partition);
        expect(range?.[1], `start of ${partition} at ${batch.timeMs}`).toBe(next);
        next = range?.[2] ?? next;
      }
      expect(next, `end of partition ${partition}`).toBe(expected.length);
      expect(
        batches.flatMap((b) => b.records[partition] ?? []),
        `records of partition ${partition}`,
      ).toEqual(expected);
    }
    expect(read()).toBe(BEFORE + AFTER);
    expect(batches.at(-1)?.records.flat()).toEqual([]);
    // The default partitioner spread the keys over every partition, each key on one partition.
    expect(new Set(sent.map((r) => r.partition)).size).toBe(PARTITIONS);
    for (let k = 0; k < KEYS; k++) {
      const partitions = new Set(sent.filter((r) => r.key === `key-${k}`).map((r) => r.partition));
      expect(partitions.size, `partitions of key-${k}`).toBe(1);
    }
  }

  it(
    'reads every record exactly once, in offset order, across a clean restart (SIGTERM)',
    () => restartMidStream({ signal: 'SIGTERM', isRequestInFlight: false }),
    TEST_TIMEOUT_MS,
  );

  it(
    'reads every record exactly once, in offset order, across a crash and restart (SIGKILL)',
    () => restartMidStream({ signal: 'SIGKILL', isRequestInFlight: false }),
    TEST_TIMEOUT_MS,
  );

  it(
    'reads every record exactly once when the broker dies with a request in flight (SIGSTOP, SIGKILL)',
    () => restartMidStream({ signal: 'SIGKILL', isRequestInFlight: true }),
    TEST_TIMEOUT_MS,
  );
});
