/**
 * examples/kafka-transactional-sink.ts (Spark's recipe (c)) in virtual time on the real broker
 * and PostgreSQL: each batch's word counts and offsets are committed together, a job resumes from
 * the stored offsets, and a batch whose starting offsets are not the stored ones rolls back and
 * fails the job.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  buildTransactionalWordCount,
  createTables,
  describeBatch,
  loadStoredOffsets,
} from '../../examples/kafka-transactional-sink.js';
import {
  IllegalStateError,
  ManualClock,
  Seconds,
  StreamingContext,
  type Logger,
} from '../../src/index.js';
import type { TestSchema } from '../support/postgres-schema.js';
import { SinkFixture } from '../support/sink-fixture.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };

describe('examples/kafka-transactional-sink.ts', () => {
  const brokers = inject('kafkaBrokers');
  let fixture: SinkFixture | undefined;

  afterEach(async () => {
    await fixture?.cleanUp();
  });

  async function setUp(): Promise<SinkFixture> {
    fixture = await SinkFixture.create(brokers, 'transactional-sink', 2);
    await createTables(fixture.schema.db, fixture.schema.name);
    return fixture;
  }

  /** A started job from the stored offsets; its batch lines go to `lines`. */
  async function startJob(
    { topic, schema }: SinkFixture,
    lines: string[],
  ): Promise<StreamingContext> {
    const ssc = new StreamingContext({
      batchDuration: Seconds(1),
      clock: new ManualClock(),
      logger: silent,
    });
    fixture?.defer(() => ssc.stop());
    buildTransactionalWordCount(ssc, {
      brokers,
      startingOffsets: await loadStoredOffsets(schema.db, schema.name, brokers, [topic]),
      db: schema.db,
      schema: schema.name,
      maxRatePerPartition: 2,
      onBatch: (batch) => lines.push(describeBatch(batch)),
    });
    ssc.start();
    return ssc;
  }

  async function table(schema: TestSchema, sql: string): Promise<string[]> {
    const result = await schema.db.query<Record<string, unknown>>(sql);
    return result.rows.map((row) => Object.values(row).join(' '));
  }

  it('commits each batch with its offsets, and a restarted job resumes from the stored offsets', async () => {
    const context = await setUp();
    const { topics, topic, schema } = context;
    await topics.produce(topic, [['to be', 'or not', 'to be'], ['that is']]);
    const lines: string[] = [];
    const first = await startJob(context, lines);
    await first.advance(Seconds(1));
    expect(lines).toEqual([`batch 1000 records 3 words 6 offsets ${topic}-0:0-2,${topic}-1:0-1`]);
    expect(await table(schema, `SELECT * FROM ${schema.name}.word_counts ORDER BY word`)).toEqual([
      'be 1',
      'is 1',
      'not 1',
      'or 1',
      'that 1',
      'to 1',
    ]);
    await first.stop();

    // A new job (virtual time from 0 again) starts where the stored offsets say.
    await topics.produce(topic, [['question'], []]);
    lines.length = 0;
    const second = await startJob(context, lines);
    await second.advance(Seconds(2));
    expect(lines).toEqual([
      `batch 1000 records 2 words 3 offsets ${topic}-0:2-4,${topic}-1:1-1`,
      `batch 2000 records 0 words 0 offsets ${topic}-0:4-4,${topic}-1:1-1`,
    ]);
    expect(await table(schema, `SELECT * FROM ${schema.name}.word_counts ORDER BY word`)).toEqual([
      'be 2',
      'is 1',
      'not 1',
      'or 1',
      'question 1',
      'that 1',
      'to 2',
    ]);
    expect(
      await table(schema, `SELECT * FROM ${schema.name}.kafka_offsets ORDER BY partition`),
    ).toEqual([`${topic} 0 4`, `${topic} 1 1`]);
  });

  it("rolls back and fails the job when the stored offsets are not the batch's fromOffsets", async () => {
    const context = await setUp();
    const { topics, topic, schema } = context;
    await topics.produce(topic, [['a b'], ['c']]);
    const lines: string[] = [];
    const ssc = await startJob(context, lines);
    await ssc.advance(Seconds(1));
    expect(lines).toHaveLength(1);
    // Another writer moved partition 1's offset meanwhile.
    await schema.db.query(
      `UPDATE ${schema.name}.kafka_offsets SET until_offset = 5 WHERE partition = 1`,
    );
    await topics.produce(topic, [['d'], ['e']]);
    await ssc.advance(Seconds(1));

    const failure = await ssc.awaitTermination().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(IllegalStateError);
    expect((failure as Error).message).toBe(
      `The offsets stored in ${schema.name}.kafka_offsets are not this batch's starting offsets ` +
        `(${topic}-0 stored 1, batch from 1; ${topic}-1 stored 5, batch from 1): rolled back. ` +
        'Is another copy of the job writing to the same tables?',
    );
    expect(lines).toHaveLength(1);
    // Nothing of the failed batch was written: neither its counts nor partition 0's offset.
    expect(await table(schema, `SELECT * FROM ${schema.name}.word_counts ORDER BY word`)).toEqual([
      'a 1',
      'b 1',
      'c 1',
    ]);
    expect(
      await table(schema, `SELECT * FROM ${schema.name}.kafka_offsets ORDER BY partition`),
    ).toEqual([`${topic} 0 1`, `${topic} 1 5`]);
  });
});
