/**
 * Recovery of a windowed and stateful Kafka job under SIGKILL (issue 12, observation 1):
 * test/kafka/fixtures/windowed-state-job.ts (direct stream, per-batch counts, an inverse window
 * over 3 batches, updateStateByKey at its default checkpoint interval, mapWithState; 250 ms
 * batches on the system clock) is killed at moments fast-check chooses and restarted from its
 * checkpoint again and again, while records keep arriving. At the end, everything is checked
 * against the produced records alone: the batches' offset ranges cover every offset of every
 * partition exactly once, the batch grid has no hole, and each batch's counts, window, totals and
 * mapWithState output are what the records of its ranges give.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { killChildApps, killPoints, runChildApp } from '../support/child-app.js';
import { TestTopics, type ProducedRecord } from '../support/kafka-topics.js';
import {
  expectGrid,
  expectStatefulOutputs,
  readBatchOutputs,
} from '../support/stateful-word-checks.js';

const APP = 'test/kafka/fixtures/windowed-state-job.ts';
const PARTITIONS = 3;
const KEYS = ['a', 'b', 'c', 'd', 'e'];
const INITIAL_RECORDS = 60;
const RECORDS_PER_RESTART = 7;
const KILLS = 10;

/** The value of the i-th record produced to a partition: a key from a small, uneven set. */
function keyOf(partition: number, i: number): string {
  return KEYS[(i * (partition + 2) + Math.floor(i / 3)) % KEYS.length] ?? 'a';
}

function values(from: number, count: number): string[][] {
  return Array.from({ length: PARTITIONS }, (_, p) =>
    Array.from({ length: count }, (_, i) => keyOf(p, from + i)),
  );
}

describe('a windowed, stateful Kafka job under SIGKILL', () => {
  const brokers = inject('kafkaBrokers');
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    killChildApps();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('counts every offset exactly once, with right windows and state, after kills at random moments', async () => {
    await fc.assert(
      fc.asyncProperty(killPoints(KILLS), async (kills) => {
        const topics = await TestTopics.connect(brokers);
        cleanups.push(() => topics.close());
        const topic = await topics.create('windowed-state-crash', PARTITIONS);
        const dir = await mkdtemp(join(tmpdir(), 'dstream-kafka-crash-'));
        cleanups.push(() => rm(dir, { recursive: true, force: true }));
        const outDir = join(dir, 'out');
        const produced: ProducedRecord[] = [];
        let next = 0;
        const produce = async (count: number): Promise<void> => {
          produced.push(...(await topics.produce(topic, values(next, count))));
          next += count;
        };
        await produce(INITIAL_RECORDS);
        const args = [
          '--brokers',
          brokers.join(','),
          '--topic',
          topic,
          '--group',
          `crash-${topic}`,
          '--checkpoint',
          join(dir, 'checkpoint'),
          '--out',
          outDir,
        ];

        let killed = 0;
        const reported: number[] = [];
        for (const kill of kills) {
          const run = await runChildApp(APP, args, { progressPrefix: 'batch ', kill });
          if (run.killed) killed++;
          reported.push(run.lines.filter((line) => line.startsWith('batch ')).length);
          await produce(RECORDS_PER_RESTART);
        }
        const last = await runChildApp(APP, [...args, '--stop-at-end'], {
          progressPrefix: 'batch ',
        });
        expect(last.killed).toBe(false);
        expect(killed).toBeGreaterThanOrEqual(KILLS - 1);

        // The records each partition holds, by offset.
        const byPartition = Array.from({ length: PARTITIONS }, () => [] as string[]);
        for (const record of produced) {
          const partition = byPartition[record.partition];
          if (partition !== undefined) partition[record.offset] = record.value;
        }

        const ranges = await readBatchOutputs<[number, number, number][]>(outDir, 'ranges');
        const times = expectGrid([...ranges.keys()]);

        // Every offset of every partition is in exactly one batch, in order.
        const nextOffset = new Array<number>(PARTITIONS).fill(0);
        const batchWords = new Map<number, string[]>();
        for (const [time, batch] of ranges) {
          const words: string[] = [];
          for (const [partition, from, until] of batch) {
            expect(from, `partition ${partition} at ${time}`).toBe(nextOffset[partition]);
            words.push(...(byPartition[partition] ?? []).slice(from, until));
            nextOffset[partition] = until;
          }
          batchWords.set(time, words);
        }
        expect(nextOffset).toEqual(byPartition.map((records) => records.length));
        // Each batch's outputs, from the records of its ranges alone.
        await expectStatefulOutputs(outDir, times, batchWords);
        console.log(
          `windowed-state crash: ${killed} kills, ${times.length} batches from ${times[0]} ms, ${produced.length} records; batches reported per killed run: ${reported.join(' ')}`,
        );
      }),
      { numRuns: 1, endOnFailure: true, seed: 12 },
    );
  }, 300_000);
});
