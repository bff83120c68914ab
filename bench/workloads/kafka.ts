/**
 * Kafka end to end: every record of a multi-partition topic read through
 * `KafkaUtils.createDirectStream` (one batch from the earliest to the latest offsets) against a
 * bare kafkajs consumer reading the same topic from the beginning. Both start from nothing
 * (connect, join their own group) and count the records and their value bytes.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { KafkaUtils } from '../../src/input/kafka/index.js';
import { Seconds, StreamingContext } from '../../src/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { startBroker, stopBroker, type BrokerState } from '../../scripts/kafka/broker.mjs';
import { textLines } from '../corpus.js';
import { runRounds, type Implementation } from '../harness.js';
import { closeAll, medians, rounds, valueOf, type CaseResult, type Workload } from '../workload.js';

export interface KafkaParams {
  readonly partitions: number;
  readonly records: number;
  readonly measured: number;
  /** Bootstrap brokers; when absent, `measure` starts a broker (or uses KAFKA_BROKERS). */
  readonly brokers?: readonly string[];
}

const ENGINE = 'dstream-ts direct stream';
const BARE = 'bare kafkajs consumer';
const PRODUCE_CHUNK = 5000;

/** How many records and value bytes a read saw. */
interface ReadTotals {
  readonly records: number;
  readonly bytes: number;
}

const silent = { warn: () => undefined, error: () => undefined };

/** Create the topic and write `records` lines of the corpus to it, spread over its partitions. */
async function fillTopic(kafka: Kafka, params: KafkaParams): Promise<string> {
  const topic = `bench-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: params.partitions }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  const lines = textLines({ words: params.records * 10 });
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let from = 0; from < lines.length; from += PRODUCE_CHUNK) {
      const messages = lines
        .slice(from, from + PRODUCE_CHUNK)
        .map((value, i) => ({ value, partition: (from + i) % params.partitions }));
      await producer.send({ topic, messages });
    }
  } finally {
    await producer.disconnect();
  }
  return topic;
}

/** Milliseconds since an arbitrary origin, for the measured part of a read. */
function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * A read is measured from the start (connecting) to the moment the last record was counted; the
 * disconnect that follows is not (a stream stops once, not per batch).
 */
function directStream(brokers: readonly string[], topic: string): Implementation {
  let totals: ReadTotals = { records: 0, bytes: 0 };
  let measured = 0;
  return {
    name: ENGINE,
    batch: async () => {
      const started = now();
      const clock = new ManualClock();
      const ssc = new StreamingContext({ batchDuration: Seconds(1), clock, logger: silent });
      const stream = KafkaUtils.createDirectStream(ssc, {
        topics: [topic],
        kafkaConfig: { brokers: [...brokers], clientId: 'bench-direct' },
        groupId: `bench-direct-${randomUUID()}`,
        startingOffsets: 'earliest',
      });
      let records = 0;
      let bytes = 0;
      stream.foreachRDD((rdd) => {
        rdd.foreach((record) => {
          records++;
          bytes += record.value?.length ?? 0;
        });
        measured = now() - started;
      });
      ssc.start();
      // The first batch's range is everything from the earliest to the latest offset.
      await clock.advance(1000);
      await ssc.stop();
      totals = { records, bytes };
    },
    output: () => totals,
    measuredMs: () => measured,
  };
}

function bareConsumer(brokers: readonly string[], topic: string, expected: number): Implementation {
  let totals: ReadTotals = { records: 0, bytes: 0 };
  let measured = 0;
  return {
    name: BARE,
    batch: async () => {
      const started = now();
      const kafka = new Kafka({
        brokers: [...brokers],
        clientId: 'bench-bare',
        logLevel: logLevel.NOTHING,
      });
      const consumer: Consumer = kafka.consumer({ groupId: `bench-bare-${randomUUID()}` });
      let records = 0;
      let bytes = 0;
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await new Promise<void>((resolve, reject) => {
          consumer
            .run({
              autoCommit: false,
              eachBatch: ({ batch }) => {
                for (const message of batch.messages) {
                  records++;
                  bytes += message.value?.length ?? 0;
                }
                if (records >= expected) {
                  measured = now() - started;
                  resolve();
                }
                return Promise.resolve();
              },
            })
            .catch(reject);
        });
      } finally {
        await consumer.disconnect();
      }
      totals = { records, bytes };
    },
    output: () => totals,
    measuredMs: () => measured,
  };
}

export const kafka: Workload<KafkaParams> = {
  id: 'kafka',
  title: 'Kafka end to end',
  cases: [
    {
      id: 'kafka-4x100k',
      label: '4 partitions, 400k records of ~54 bytes',
      params: { partitions: 4, records: 400_000, measured: 9 },
    },
  ],
  tiny: { partitions: 2, records: 100, measured: 1 },

  async create(params) {
    const brokers = params.brokers;
    if (brokers === undefined) throw new Error('Kafka workload needs brokers');
    const client = new Kafka({
      brokers: [...brokers],
      clientId: 'bench-setup',
      logLevel: logLevel.NOTHING,
    });
    const topic = await fillTopic(client, params);
    const bare = bareConsumer(brokers, topic, params.records);
    return [
      directStream(brokers, topic),
      {
        ...bare,
        // The last to close deletes the topic.
        close: async () => {
          const admin = client.admin();
          await admin.connect();
          try {
            await admin.deleteTopics({ topics: [topic] });
          } finally {
            await admin.disconnect();
          }
        },
      },
    ];
  },

  async measure(params, label) {
    let broker: BrokerState | undefined;
    const fromEnv = process.env['KAFKA_BROKERS'];
    let brokers: string[];
    try {
      if (fromEnv !== undefined && fromEnv.trim() !== '') {
        brokers = fromEnv.split(',').map((b) => b.trim());
      } else {
        broker = await startBroker({
          ownerPid: process.pid,
          timeoutMs: 120_000,
          log: () => undefined,
        });
        brokers = [broker.brokers];
      }
    } catch (error) {
      return unavailable(this.title, label, error);
    }
    try {
      const implementations = await this.create({ ...params, brokers });
      const samples = await runRounds(
        implementations,
        rounds({ warmup: 2, measured: params.measured }),
      );
      await closeAll(implementations);
      // Records per millisecond are thousands of records per second.
      const measurements = medians(
        samples,
        [ENGINE, BARE],
        'k records/s',
        (ms) => params.records / ms,
      );
      const rate = (name: string): number => valueOf(measurements, name);
      return {
        workload: this.title,
        case: label,
        measurements,
        ratios: [{ name: 'direct stream / bare kafkajs', value: rate(ENGINE) / rate(BARE) }],
      };
    } finally {
      if (broker !== undefined) await stopBroker(broker, { log: () => undefined });
    }
  },
};

function unavailable(workload: string, label: string, error: unknown): CaseResult {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return {
    workload,
    case: label,
    measurements: [],
    ratios: [],
    notes: [`not run: no Kafka broker (${reason ?? 'unknown error'})`],
  };
}
