/**
 * Extra packages: `npm install kafkajs pg` in your own project (devDependencies here).
 *
 * Exactly-once output from Kafka, Spark's recipe (a): a checkpointed context and idempotent
 * writes. Every record is written to PostgreSQL keyed by (topic, partition, offset) with
 * `INSERT ... ON CONFLICT DO NOTHING`. The metadata checkpoint holds each batch's offset ranges, so
 * after a crash `StreamingContext.getOrCreate` re-runs the unfinished batches over exactly the same
 * records; their inserts hit the key and write nothing twice, and no record is skipped.
 *
 * Run it, with a broker (`export KAFKA_BROKERS=$(node scripts/kafka/start.mjs)`) and the local
 * PostgreSQL:
 *
 *   npx tsx examples/kafka-idempotent-sink.ts --checkpoint /tmp/kafka-idempotent-cp logins
 *
 * then `kill -9` it at any moment and run the same command again: it resumes from the checkpoint.
 * Each batch prints one line once its insert has committed:
 * `batch <time ms> records <n> inserted <n> duplicates <n> ranges <topic>-<partition>:<from>-<until>,...`
 * where `duplicates` counts the inserts the key absorbed (records a re-run batch had written before).
 *
 * Options: `--brokers host:port[,...]` (default: $KAFKA_BROKERS); `--database-url` (default:
 * $DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test); `--schema` (default
 * kafka_idempotent_sink; the table is <schema>.kafka_records, created if missing);
 * `--checkpoint dir`; `--max-rate n` (maxRatePerPartition); `--batches n` (stop after n batches;
 * the batches a recovery re-runs are counted, and all of them complete); `--stop-when-caught-up`
 * (stop after a new batch with no record); `--manual-clock` (virtual time, batches back to back:
 * the crash test uses it). A new job starts at the topics' earliest offsets.
 *
 * The examples write to PostgreSQL (the issue allows MariaDB too) so the project needs a single
 * database client, `pg`.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ManualClock, Seconds, StreamingContext } from 'dstream-ts';
import {
  KafkaUtils,
  offsetRanges,
  type ConsumerRecord,
  type DirectKafkaStream,
  type OffsetRange,
} from 'dstream-ts/kafka';
import { describeRanges, JOB_OPTIONS, JobProgress, jobArgs, runJob } from './support/kafka-job.js';

/** What one batch wrote. */
export interface IdempotentBatch {
  readonly timeMs: number;
  readonly ranges: readonly OffsetRange[];
  readonly records: number;
  /** Rows the insert added. */
  readonly inserted: number;
  /** Inserts that hit an existing (topic, partition, offset): a re-run absorbed. */
  readonly duplicates: number;
}

/** Options of {@link buildIdempotentSink}. */
export interface IdempotentSinkOptions {
  readonly brokers: readonly string[];
  readonly topics: readonly string[];
  readonly db: pg.ClientBase;
  readonly schema: string;
  readonly maxRatePerPartition?: number | undefined;
  /** Called after each batch's insert has committed. */
  readonly onBatch: (batch: IdempotentBatch) => void;
}

/** Create `<schema>.kafka_records` if missing: one row per Kafka record, keyed by its position. */
export async function createRecordsTable(db: pg.ClientBase, schema: string): Promise<void> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${schema}.kafka_records (
       topic text NOT NULL,
       partition integer NOT NULL,
       "offset" bigint NOT NULL,
       value text,
       PRIMARY KEY (topic, partition, "offset"))`,
  );
}

/**
 * Insert `records` in one statement; rows already there (same topic, partition, offset) are left
 * alone. Returns how many rows were added.
 */
export async function insertRecords(
  db: pg.ClientBase,
  schema: string,
  records: readonly ConsumerRecord[],
): Promise<number> {
  if (records.length === 0) return 0;
  const topics: string[] = [];
  const partitions: number[] = [];
  const offsets: number[] = [];
  const values: (string | null)[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as ConsumerRecord;
    topics.push(record.topic);
    partitions.push(record.partition);
    offsets.push(record.offset);
    values.push(record.value === null ? null : record.value.toString('utf8'));
  }
  const result = await db.query(
    `INSERT INTO ${schema}.kafka_records (topic, partition, "offset", value)
     SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::text[])
     ON CONFLICT DO NOTHING`,
    [topics, partitions, offsets, values],
  );
  return result.rowCount ?? 0;
}

/** Build the job on `ssc`: a direct stream whose every record is inserted idempotently. */
export function buildIdempotentSink(
  ssc: StreamingContext,
  options: IdempotentSinkOptions,
): DirectKafkaStream {
  const { db, schema, onBatch } = options;
  const stream = KafkaUtils.createDirectStream(ssc, {
    topics: options.topics,
    kafkaConfig: { brokers: [...options.brokers], clientId: 'kafka-idempotent-sink' },
    groupId: 'kafka-idempotent-sink',
    startingOffsets: 'earliest',
    ...(options.maxRatePerPartition === undefined
      ? {}
      : { maxRatePerPartition: options.maxRatePerPartition }),
  });
  stream.foreachRDD(async (rdd, time) => {
    const ranges = offsetRanges(rdd);
    const records = rdd.collect();
    const inserted = await insertRecords(db, schema, records);
    onBatch({
      timeMs: time.milliseconds,
      ranges,
      records: records.length,
      inserted,
      duplicates: records.length - inserted,
    });
  });
  return stream;
}

/** The line a batch prints (the crash test parses it). */
export function describeBatch(batch: IdempotentBatch): string {
  return `batch ${batch.timeMs} records ${batch.records} inserted ${batch.inserted} duplicates ${batch.duplicates} ranges ${describeRanges(batch.ranges)}`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      ...JOB_OPTIONS,
      checkpoint: { type: 'string', default: 'checkpoint-kafka-idempotent-sink' },
    },
    allowPositionals: true,
  });
  const args = jobArgs(values, positionals, { schema: 'kafka_idempotent_sink' });
  const db = new pg.Client({ connectionString: args.databaseUrl });
  await db.connect();
  try {
    await createRecordsTable(db, args.schema);
    const progress = new JobProgress(args);
    const ssc = await StreamingContext.getOrCreate(values.checkpoint, () => {
      const context = new StreamingContext({
        batchDuration: Seconds(1),
        appName: 'kafka idempotent sink',
        ...(args.manualClock ? { clock: new ManualClock() } : {}),
      });
      context.checkpoint(values.checkpoint);
      buildIdempotentSink(context, {
        brokers: args.brokers,
        topics: args.topics,
        db,
        schema: args.schema,
        maxRatePerPartition: args.maxRatePerPartition,
        onBatch: (batch) => {
          progress.batchWritten(batch.timeMs, batch.records, describeBatch(batch));
        },
      });
      return context;
    });
    await runJob(ssc, progress);
  } finally {
    await db.end();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
