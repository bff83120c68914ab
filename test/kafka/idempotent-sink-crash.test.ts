/**
 * Exactly-once with Spark's recipe (a), across crashes: examples/kafka-idempotent-sink.ts (a
 * checkpointed direct stream writing every record to PostgreSQL keyed by topic, partition and
 * offset) runs as a child process on the real broker and is killed with SIGKILL at moments
 * fast-check chooses (a fraction of a batch after its k-th batch), then restarted from its
 * checkpoint; records keep arriving while it is down. At the end the table holds every produced
 * record exactly once, and the child's own reports show that each restart re-ran its checkpointed
 * batch over the same offset ranges and that the key absorbed those re-written records.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { killChildApps, killPoints, runChildApp, type ChildRun } from '../support/child-app.js';
import type { ProducedRecord } from '../support/kafka-topics.js';
import { SinkFixture } from '../support/sink-fixture.js';

const APP = 'examples/kafka-idempotent-sink.ts';
const PARTITIONS = 3;
/** Records per partition before the first start, and per partition while the app is down. */
const INITIAL_RECORDS = 100;
const RECORDS_PER_RESTART = 3;
/** maxRatePerPartition: with 1 s batches, at most this many records per partition per batch. */
const MAX_RATE = 4;
const KILLS = 12;

/** One `batch ...` line of the app. */
interface BatchLine {
  readonly timeMs: number;
  readonly records: number;
  readonly inserted: number;
  readonly duplicates: number;
  readonly ranges: string;
}

function batchLines(run: ChildRun): BatchLine[] {
  const lines: BatchLine[] = [];
  for (const line of run.lines) {
    const match = /^batch (\d+) records (\d+) inserted (\d+) duplicates (\d+) ranges (.*)$/.exec(
      line,
    );
    if (match === null) continue;
    const [, timeMs, records, inserted, duplicates, ranges] = match;
    lines.push({
      timeMs: Number(timeMs),
      records: Number(records),
      inserted: Number(inserted),
      duplicates: Number(duplicates),
      ranges: ranges ?? '',
    });
  }
  return lines;
}

function values(partitions: number, count: number, tag: string): string[][] {
  return Array.from({ length: partitions }, (_, p) =>
    Array.from({ length: count }, (_, i) => `p${p}-${tag}${i}`),
  );
}

function byPosition(a: ProducedRecord, b: ProducedRecord): number {
  return a.partition - b.partition || a.offset - b.offset;
}

describe('examples/kafka-idempotent-sink.ts under SIGKILL (recipe a)', () => {
  const brokers = inject('kafkaBrokers');
  let fixture: SinkFixture | undefined;

  afterEach(async () => {
    killChildApps();
    await fixture?.cleanUp();
  });

  it('holds every produced record exactly once after kills at random moments and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(killPoints(KILLS), async (kills) => {
        fixture = await SinkFixture.create(brokers, 'idempotent-sink', PARTITIONS);
        const { topics, topic, schema } = fixture;
        const produced = await topics.produce(topic, values(PARTITIONS, INITIAL_RECORDS, ''));
        const args = [
          '--checkpoint',
          join(await fixture.tempDir(), 'checkpoint'),
          ...fixture.jobArgs(brokers, MAX_RATE),
        ];
        const storedCount = async (): Promise<number> => {
          const result = await schema.db
            .query<{ n: string }>(`SELECT count(*) AS n FROM ${schema.name}.kafka_records`)
            .catch(() => ({ rows: [{ n: '0' }] }));
          return Number(result.rows[0]?.n ?? 0);
        };

        const runs: BatchLine[][] = [];
        let killedMidRun = 0;
        for (const [i, kill] of kills.entries()) {
          const run = await runChildApp(APP, args, { progressPrefix: 'batch ', kill });
          runs.push(batchLines(run));
          const stored = await storedCount();
          if (run.killed && stored > 0 && stored < produced.length) killedMidRun++;
          // Records keep arriving while the app is down.
          produced.push(
            ...(await topics.produce(topic, values(PARTITIONS, RECORDS_PER_RESTART, `r${i}-`))),
          );
        }
        const last = await runChildApp(APP, [...args, '--stop-when-caught-up'], {
          progressPrefix: 'batch ',
        });
        expect(last.killed).toBe(false);
        runs.push(batchLines(last));

        // The sink: every produced (topic, partition, offset, value) exactly once.
        const rows = await schema.db.query<{
          topic: string;
          partition: number;
          offset: string;
          value: string;
        }>(
          `SELECT topic, partition, "offset", value FROM ${schema.name}.kafka_records
           ORDER BY partition, "offset"`,
        );
        expect(rows.rows.map((row) => ({ ...row, offset: Number(row.offset) }))).toEqual(
          produced.sort(byPosition),
        );

        // Each batch's insert either added a record or hit its key.
        const all = runs.flat();
        for (const line of all) expect(line.inserted + line.duplicates).toBe(line.records);
        // Every restart first re-ran its checkpointed batch: a batch the earlier runs had written
        // (the oldest one the newest checkpoint did not know as completed: a kill can come before
        // the checkpoints of the last batches are written, and batches are generated ahead of the
        // jobs of earlier ones), over the same ranges, whose inserts all hit the key; or the batch
        // after the last one written, generated (its ranges checkpointed) but killed before it
        // reported.
        let rerunUnreported = 0;
        for (let r = 1; r < runs.length; r++) {
          const first = runs[r]?.[0];
          expect(first).toBeDefined();
          if (first === undefined) continue;
          const earlier = runs.slice(0, r).flat();
          const latest = Math.max(...earlier.map((line) => line.timeMs));
          expect(first.timeMs).toBeLessThanOrEqual(latest + 1000);
          const before = earlier.filter((line) => line.timeMs === first.timeMs).at(-1);
          if (before === undefined) {
            expect(first.timeMs, `run ${r} re-ran batch ${first.timeMs}`).toBe(latest + 1000);
            rerunUnreported++;
            continue;
          }
          expect(first.ranges).toBe(before.ranges);
          expect(first.records).toBe(before.records);
          expect(first.inserted).toBe(0);
        }
        // Re-runs re-wrote records (the key absorbed them), so the check above proved something.
        expect(all.reduce((sum, line) => sum + line.duplicates, 0)).toBeGreaterThan(0);
        // Kills landed while the app was part-way through the records, not before or after.
        expect(killedMidRun).toBeGreaterThanOrEqual(KILLS - 2);
        console.log(
          `recipe (a): ${KILLS} kills, ${killedMidRun} mid-run, ${all.length} batch reports, ` +
            `${all.reduce((sum, line) => sum + line.duplicates, 0)} duplicate inserts absorbed, ` +
            `${rerunUnreported} restarts began with a batch generated but not reported`,
        );

        await fixture.cleanUp();
      }),
      { numRuns: 1, endOnFailure: true },
    );
  }, 300_000);
});
