/**
 * Extra packages: `npm install kafkajs pg` in your own project (devDependencies here).
 *
 * Exactly-once results from Kafka, Spark's recipe (c): the consumed offsets live in the database
 * beside the results and move in the same transaction. At startup the job reads its offsets from
 * PostgreSQL (a partition seen for the first time starts at its earliest offset) and passes them
 * to the direct stream as explicit `startingOffsets` of an `assign` list. Each batch counts its
 * words and, in one transaction, moves every partition's stored offset from the batch's
 * `fromOffset` to its `untilOffset` (checking that the UPDATE matched every partition) and adds the
 * counts to the `word_counts` table. If a stored offset is not this batch's `fromOffset` (another
 * copy of the job is writing, or the offsets were changed by hand), the transaction rolls back and
 * the job stops with an IllegalStateError. No checkpoint is needed: kill the job at any moment and
 * start it again; it resumes from the offsets of the last committed batch, and the table is what
 * an uninterrupted run would have written.
 *
 * Run it, with a broker (`export KAFKA_BROKERS=$(node scripts/kafka/start.mjs)`) and the local
 * PostgreSQL:
 *
 *   npx tsx examples/kafka-transactional-sink.ts lines
 *
 * Each batch prints one line once its transaction has committed:
 * `batch <time ms> records <n> words <distinct words> offsets <topic>-<partition>:<from>-<until>,...`.
 *
 * Options: `--brokers host:port[,...]` (default: $KAFKA_BROKERS); `--database-url` (default:
 * $DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test); `--schema` (default
 * kafka_transactional_sink; tables <schema>.word_counts and <schema>.kafka_offsets, created if
 * missing); `--max-rate n` (maxRatePerPartition); `--batches n` (stop after n batches);
 * `--stop-when-caught-up` (stop after a batch with no record); `--manual-clock` (virtual time,
 * batches back to back: the crash test uses it). Partitions added to a topic later are read after
 * a restart (the stream assigns the partitions known at startup, as Spark's Assign does).
 *
 * The examples write to PostgreSQL (the issue allows MariaDB too) so the project needs a single
 * database client, `pg`.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  IllegalStateError,
  ManualClock,
  Seconds,
  StreamingContext,
  type Pair,
  type RDD,
} from 'dstream-ts';
import {
  KafkajsConsumer,
  KafkaUtils,
  offsetRanges,
  type ConsumerRecord,
  type DirectKafkaStream,
  type OffsetRange,
  type TopicPartitionOffset,
} from 'dstream-ts/kafka';
import { describeRanges, JOB_OPTIONS, JobProgress, jobArgs, runJob } from './support/kafka-job.js';

/** What one committed batch wrote. */
export interface TransactionalBatch {
  readonly timeMs: number;
  readonly ranges: readonly OffsetRange[];
  readonly records: number;
  /** The batch's word counts, added to the table. */
  readonly counts: readonly Pair<string, number>[];
}

/** Options of {@link buildTransactionalWordCount}. */
export interface TransactionalSinkOptions {
  readonly brokers: readonly string[];
  /** Where to start: the offsets stored in the database ({@link loadStoredOffsets}). */
  readonly startingOffsets: readonly TopicPartitionOffset[];
  readonly db: pg.ClientBase;
  readonly schema: string;
  readonly maxRatePerPartition?: number | undefined;
  /** Called after each batch's transaction has committed. */
  readonly onBatch: (batch: TransactionalBatch) => void;
}

const GROUP_ID = 'kafka-transactional-sink';

/** Create the results table and the offsets table if missing. */
export async function createTables(db: pg.ClientBase, schema: string): Promise<void> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${schema}.word_counts (
       word text PRIMARY KEY,
       count bigint NOT NULL)`,
  );
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${schema}.kafka_offsets (
       topic text NOT NULL,
       partition integer NOT NULL,
       until_offset bigint NOT NULL,
       PRIMARY KEY (topic, partition))`,
  );
}

/**
 * The stored offset (next offset to read) of every partition of `topics`; partitions without one
 * are first stored at their earliest offset (nothing of them has been counted yet).
 */
export async function loadStoredOffsets(
  db: pg.ClientBase,
  schema: string,
  brokers: readonly string[],
  topics: readonly string[],
): Promise<TopicPartitionOffset[]> {
  const kafka = new KafkajsConsumer({
    kafkaConfig: { brokers: [...brokers], clientId: GROUP_ID },
    groupId: GROUP_ID,
  });
  let earliest: TopicPartitionOffset[];
  try {
    const bounds = await kafka.offsetBounds(await kafka.partitionsFor(topics));
    earliest = bounds.map((b) => ({ topic: b.topic, partition: b.partition, offset: b.earliest }));
  } finally {
    await kafka.close();
  }
  await db.query(
    `INSERT INTO ${schema}.kafka_offsets (topic, partition, until_offset)
     SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[])
     ON CONFLICT DO NOTHING`,
    [earliest.map((o) => o.topic), earliest.map((o) => o.partition), earliest.map((o) => o.offset)],
  );
  const stored = await db.query<{ topic: string; partition: number; until_offset: string }>(
    `SELECT topic, partition, until_offset FROM ${schema}.kafka_offsets
     WHERE topic = ANY($1::text[]) ORDER BY topic, partition`,
    [topics],
  );
  return stored.rows.map((row) => ({
    topic: row.topic,
    partition: row.partition,
    offset: Number(row.until_offset),
  }));
}

/** The word counts of one batch of lines. */
export function countWords(rdd: RDD<ConsumerRecord>): Pair<string, number>[] {
  return rdd
    .flatMap((record) => (record.value?.toString('utf8') ?? '').split(/\s+/))
    .filter((word) => word !== '')
    .mapToPair((word): Pair<string, number> => [word, 1])
    .reduceByKey((a, b) => a + b)
    .collect();
}

/** Why the stored offsets do not match `ranges`, partition by partition. */
async function describeMismatch(
  db: pg.ClientBase,
  schema: string,
  ranges: readonly OffsetRange[],
): Promise<string> {
  const stored = await db.query<{ topic: string; partition: number; until_offset: string }>(
    `SELECT topic, partition, until_offset FROM ${schema}.kafka_offsets`,
  );
  const byPartition = new Map(
    stored.rows.map((row) => [`${row.topic}-${row.partition}`, row.until_offset]),
  );
  return ranges
    .map((r) => {
      const key = `${r.topic}-${r.partition}`;
      return `${key} stored ${byPartition.get(key) ?? 'none'}, batch from ${r.fromOffset}`;
    })
    .join('; ');
}

/**
 * In one transaction: move each partition's stored offset from `fromOffset` to `untilOffset` and
 * add `counts` to the results. Rolls back and throws if a stored offset is not the batch's
 * `fromOffset` (the UPDATE must match one row per range).
 *
 * @throws IllegalStateError when the stored offsets do not match the batch's ranges.
 */
export async function commitBatch(
  db: pg.ClientBase,
  schema: string,
  ranges: readonly OffsetRange[],
  counts: readonly Pair<string, number>[],
): Promise<void> {
  await db.query('BEGIN');
  try {
    const moved = await db.query(
      `UPDATE ${schema}.kafka_offsets AS o SET until_offset = r.until_offset
       FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::bigint[])
         AS r(topic, partition, from_offset, until_offset)
       WHERE o.topic = r.topic AND o.partition = r.partition AND o.until_offset = r.from_offset`,
      [
        ranges.map((r) => r.topic),
        ranges.map((r) => r.partition),
        ranges.map((r) => r.fromOffset),
        ranges.map((r) => r.untilOffset),
      ],
    );
    if (moved.rowCount === ranges.length) {
      if (counts.length > 0) {
        await db.query(
          `INSERT INTO ${schema}.word_counts AS c (word, count)
           SELECT * FROM unnest($1::text[], $2::bigint[])
           ON CONFLICT (word) DO UPDATE SET count = c.count + EXCLUDED.count`,
          [counts.map(([word]) => word), counts.map(([, count]) => count)],
        );
      }
      await db.query('COMMIT');
      return;
    }
  } catch (error) {
    // The original error is the one to report; if the connection is gone, so is the transaction.
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  await db.query('ROLLBACK');
  // Read after the rollback, so the message shows the offsets as the other writer left them.
  const mismatch = await describeMismatch(db, schema, ranges);
  throw new IllegalStateError(
    `The offsets stored in ${schema}.kafka_offsets are not this batch's starting offsets ` +
      `(${mismatch}): rolled back. Is another copy of the job writing to the same tables?`,
  );
}

/** Build the job on `ssc`: a direct stream from the stored offsets, committed batch by batch. */
export function buildTransactionalWordCount(
  ssc: StreamingContext,
  options: TransactionalSinkOptions,
): DirectKafkaStream {
  const { db, schema, onBatch } = options;
  const stream = KafkaUtils.createDirectStream(ssc, {
    assign: options.startingOffsets.map(({ topic, partition }) => ({ topic, partition })),
    startingOffsets: options.startingOffsets,
    kafkaConfig: { brokers: [...options.brokers], clientId: GROUP_ID },
    groupId: GROUP_ID,
    ...(options.maxRatePerPartition === undefined
      ? {}
      : { maxRatePerPartition: options.maxRatePerPartition }),
  });
  stream.foreachRDD(async (rdd, time) => {
    // The ranges of the direct stream's own RDD, before any transformation.
    const ranges = offsetRanges(rdd);
    const counts = countWords(rdd);
    await commitBatch(db, schema, ranges, counts);
    onBatch({
      timeMs: time.milliseconds,
      ranges,
      records: ranges.reduce((sum, r) => sum + r.count(), 0),
      counts,
    });
  });
  return stream;
}

/** The line a batch prints (the crash test reads it). */
export function describeBatch(batch: TransactionalBatch): string {
  return `batch ${batch.timeMs} records ${batch.records} words ${batch.counts.length} offsets ${describeRanges(batch.ranges)}`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: JOB_OPTIONS, allowPositionals: true });
  const args = jobArgs(values, positionals, { schema: 'kafka_transactional_sink' });
  const db = new pg.Client({ connectionString: args.databaseUrl });
  await db.connect();
  try {
    await createTables(db, args.schema);
    const startingOffsets = await loadStoredOffsets(db, args.schema, args.brokers, args.topics);
    const ssc = new StreamingContext({
      batchDuration: Seconds(1),
      appName: 'kafka transactional sink',
      ...(args.manualClock ? { clock: new ManualClock() } : {}),
    });
    const progress = new JobProgress(args);
    buildTransactionalWordCount(ssc, {
      brokers: args.brokers,
      startingOffsets,
      db,
      schema: args.schema,
      maxRatePerPartition: args.maxRatePerPartition,
      onBatch: (batch) => {
        progress.batchWritten(batch.timeMs, batch.records, describeBatch(batch));
      },
    });
    await runJob(ssc, progress);
  } finally {
    await db.end();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
