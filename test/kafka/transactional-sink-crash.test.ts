/**
 * Exactly-once with Spark's recipe (c), across crashes: examples/kafka-transactional-sink.ts (word
 * counts and the consumed offsets written to PostgreSQL in one transaction per batch, offsets read
 * back from the database at startup) runs as a child process on the real broker, is killed with
 * SIGKILL at moments fast-check chooses (a fraction of a batch after its k-th batch) and started
 * again, while lines keep arriving. At the end the counts equal those of an uninterrupted
 * computation over every produced line, the stored offsets are the topic's end, and each restart
 * resumed exactly at the offsets its predecessor committed.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { killChildApps, killPoints, runChildApp, type ChildRun } from '../support/child-app.js';
import type { ProducedRecord } from '../support/kafka-topics.js';
import type { TestSchema } from '../support/postgres-schema.js';
import { SinkFixture } from '../support/sink-fixture.js';

const APP = 'examples/kafka-transactional-sink.ts';
const PARTITIONS = 2;
/** Lines per partition before the first start, and per partition while the app is down. */
const INITIAL_LINES = 180;
const LINES_PER_RESTART = 2;
/** maxRatePerPartition: with 1 s batches, at most this many lines per partition per batch. */
const MAX_RATE = 3;
const KILLS = 12;
const WORDS = ['kafka', 'offset', 'batch', 'commit', 'stream', 'spark', 'node', 'table'];

/** Line i of partition p: three words, some repeated, so counts differ across words. */
function lines(partitions: number, count: number, from: number): string[][] {
  return Array.from({ length: partitions }, (_, p) =>
    Array.from({ length: count }, (_, k) => {
      const i = from + k;
      return [WORDS[(i * 3 + p) % 8], WORDS[(i * 5 + 1) % 8], WORDS[(i + p * 2) % 5]].join(' ');
    }),
  );
}

/** The word counts of `records`, computed directly: what an uninterrupted job must store. */
function wordCounts(records: readonly ProducedRecord[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const record of records) {
    for (const word of record.value.split(' ')) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1));
}

/** The `from` offsets of a run's first batch line, as `topic-partition:from` strings. */
function firstBatchStarts(run: ChildRun): string[] | undefined {
  const line = run.lines.find((l) => l.startsWith('batch '));
  const ranges = line?.split(' offsets ')[1];
  return ranges?.split(',').map((range) => range.replace(/-\d+$/, ''));
}

/**
 * The stored offsets. FOR UPDATE waits for a killed app's transaction that the server has not
 * finished yet (its COMMIT may still be in the server's socket buffer when the app is gone).
 */
async function storedOffsets(schema: TestSchema): Promise<string[]> {
  const result = await schema.db
    .query<{ topic: string; partition: number; until_offset: string }>(
      `SELECT topic, partition, until_offset FROM ${schema.name}.kafka_offsets
       ORDER BY topic, partition FOR UPDATE`,
    )
    .catch(() => ({ rows: [] }));
  return result.rows.map((row) => `${row.topic}-${row.partition}:${row.until_offset}`);
}

describe('examples/kafka-transactional-sink.ts under SIGKILL (recipe c)', () => {
  const brokers = inject('kafkaBrokers');
  let fixture: SinkFixture | undefined;

  afterEach(async () => {
    killChildApps();
    await fixture?.cleanUp();
  });

  it('stores the counts of an uninterrupted run and the topic end offsets after kills and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(killPoints(KILLS), async (kills) => {
        fixture = await SinkFixture.create(brokers, 'transactional-sink', PARTITIONS);
        const { topics, topic, schema } = fixture;
        const produced = await topics.produce(topic, lines(PARTITIONS, INITIAL_LINES, 0));
        const args = fixture.jobArgs(brokers, MAX_RATE);
        const total = (offsets: string[]): number =>
          offsets.reduce((sum, o) => sum + Number(o.split(':')[1]), 0);

        let killedMidRun = 0;
        let resumedAt: string[] | undefined;
        for (const [i, kill] of kills.entries()) {
          const run = await runChildApp(APP, args, { progressPrefix: 'batch ', kill });
          // A restart's first batch starts exactly where the committed offsets were.
          if (resumedAt !== undefined) expect(firstBatchStarts(run)).toEqual(resumedAt);
          resumedAt = await storedOffsets(schema);
          const consumed = total(resumedAt);
          if (run.killed && consumed > 0 && consumed < produced.length) killedMidRun++;
          // Lines keep arriving while the app is down.
          const from = INITIAL_LINES + i * LINES_PER_RESTART;
          produced.push(
            ...(await topics.produce(topic, lines(PARTITIONS, LINES_PER_RESTART, from))),
          );
        }
        const last = await runChildApp(APP, [...args, '--stop-when-caught-up'], {
          progressPrefix: 'batch ',
        });
        expect(last.killed).toBe(false);
        expect(firstBatchStarts(last)).toEqual(resumedAt);

        const counts = await schema.db.query<{ word: string; count: string }>(
          `SELECT word, count FROM ${schema.name}.word_counts ORDER BY word`,
        );
        expect(counts.rows.map((row) => [row.word, Number(row.count)])).toEqual(
          wordCounts(produced),
        );
        const ends = await topics.endOffsets(topic);
        expect(await storedOffsets(schema)).toEqual(ends.map((end, p) => `${topic}-${p}:${end}`));
        expect(killedMidRun).toBeGreaterThanOrEqual(KILLS - 1);
        console.log(`recipe (c): ${KILLS} kills, ${killedMidRun} mid-run`);

        await fixture.cleanUp();
      }),
      { numRuns: 1, endOnFailure: true },
    );
  }, 300_000);
});
