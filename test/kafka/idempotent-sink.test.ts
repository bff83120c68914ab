/**
 * examples/kafka-idempotent-sink.ts (Spark's recipe (a)) in virtual time on the real broker and
 * PostgreSQL: every record is written once, keyed by (topic, partition, offset), and the batch a
 * recovered context re-runs reads the same ranges and writes nothing twice.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  buildIdempotentSink,
  createRecordsTable,
  describeBatch,
} from '../../examples/kafka-idempotent-sink.js';
import { ManualClock, Seconds, StreamingContext, type Logger } from '../../src/index.js';
import { SinkFixture } from '../support/sink-fixture.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };

describe('examples/kafka-idempotent-sink.ts', () => {
  const brokers = inject('kafkaBrokers');
  let fixture: SinkFixture | undefined;

  afterEach(async () => {
    await fixture?.cleanUp();
  });

  it('writes each record once, and the batch re-run after recovery writes nothing twice', async () => {
    const context = await SinkFixture.create(brokers, 'idempotent-sink', 2);
    fixture = context;
    const { topics, topic, schema } = context;
    const dir = await context.tempDir();
    await createRecordsTable(schema.db, schema.name);
    await topics.produce(topic, [['a', 'b', 'c'], ['d']]);

    const lines: string[] = [];
    const create = (): StreamingContext => {
      const ssc = new StreamingContext({
        batchDuration: Seconds(1),
        clock: new ManualClock(),
        logger: silent,
      });
      context.defer(() => ssc.stop());
      ssc.checkpoint(dir);
      buildIdempotentSink(ssc, {
        brokers,
        topics: [topic],
        db: schema.db,
        schema: schema.name,
        maxRatePerPartition: 2,
        onBatch: (batch) => lines.push(describeBatch(batch)),
      });
      return ssc;
    };
    const first = await StreamingContext.getOrCreate(dir, create);
    first.start();
    await first.advance(Seconds(2));
    await first.stop();
    await topics.produce(topic, [['e'], []]);
    const second = await StreamingContext.getOrCreate(dir, create);
    second.start();
    await second.advance(Seconds(1));

    expect(lines).toEqual([
      `batch 1000 records 3 inserted 3 duplicates 0 ranges ${topic}-0:0-2,${topic}-1:0-1`,
      `batch 2000 records 1 inserted 1 duplicates 0 ranges ${topic}-0:2-3,${topic}-1:1-1`,
      // The recovered context re-runs its checkpointed batch: same ranges, all inserts absorbed.
      `batch 2000 records 1 inserted 0 duplicates 1 ranges ${topic}-0:2-3,${topic}-1:1-1`,
      `batch 3000 records 1 inserted 1 duplicates 0 ranges ${topic}-0:3-4,${topic}-1:1-1`,
    ]);
    const rows = await schema.db.query<{ row: string }>(
      `SELECT concat_ws(' ', topic, partition, "offset", value) AS row
       FROM ${schema.name}.kafka_records ORDER BY partition, "offset"`,
    );
    expect(rows.rows.map(({ row }) => row)).toEqual([
      `${topic} 0 0 a`,
      `${topic} 0 1 b`,
      `${topic} 0 2 c`,
      `${topic} 0 3 e`,
      `${topic} 1 0 d`,
    ]);
  });
});
