/**
 * Recovery of a windowed and stateful file-directory job under SIGKILL (issue 12):
 * test/integration/fixtures/file-stream-job.ts (textFileStream, per-batch counts, an inverse
 * window over 3 batches, updateStateByKey at its default checkpoint interval, mapWithState; 250 ms
 * batches on the system clock) is killed at moments fast-check chooses and restarted from its
 * checkpoint again and again, while files keep arriving (written elsewhere, then renamed into the
 * directory, as Spark requires). At the end everything is checked against the files alone: every
 * file is read by exactly one batch, whole; the batch grid has no hole; and each batch's counts,
 * window, totals and mapWithState output are what the lines of its files give.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { killChildApps, killPoints, runChildApp } from '../support/child-app.js';
import {
  expectGrid,
  expectStatefulOutputs,
  readBatchOutputs,
} from '../support/stateful-word-checks.js';

const APP = 'test/integration/fixtures/file-stream-job.ts';
const WORDS = ['spark', 'stream', 'batch', 'state', 'window'];
const KILLS = 8;
const FILES_PER_RUN = 12;

describe('a windowed, stateful file-directory job under SIGKILL', () => {
  const dirs: string[] = [];

  afterEach(async () => {
    killChildApps();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('reads every file exactly once, with right windows and state, after kills at random moments', async () => {
    await fc.assert(
      fc.asyncProperty(killPoints(KILLS), async (kills) => {
        const dir = await mkdtemp(join(tmpdir(), 'dstream-file-crash-'));
        dirs.push(dir);
        const input = join(dir, 'in');
        const staging = join(dir, 'staging');
        await mkdir(input);
        await mkdir(staging);
        const outDir = join(dir, 'out');
        /** The words of each file written, by file id. */
        const written = new Map<string, string[]>();
        const writeInputFile = async (): Promise<void> => {
          const n = written.size;
          const id = `f${String(n).padStart(4, '0')}`;
          const words = Array.from(
            { length: 1 + (n % 4) },
            (_, i) => WORDS[(n * 3 + i * 2) % WORDS.length] ?? 'spark',
          );
          written.set(id, words);
          await writeFile(join(staging, id), words.map((word) => `${id} ${word}\n`).join(''));
          await rename(join(staging, id), join(input, id));
        };
        // Files arrive while the job runs: one every 40 ms, FILES_PER_RUN per run. The first run
        // gets them once it has run a batch: files older than a new stream are not taken.
        const feed = (): { start: () => void; stop: () => Promise<void> } => {
          let count = 0;
          let writing = Promise.resolve();
          let timer: NodeJS.Timeout | undefined;
          return {
            start: () => {
              timer ??= setInterval(() => {
                if (count++ >= FILES_PER_RUN) return;
                writing = writing.then(writeInputFile);
              }, 40);
            },
            stop: async () => {
              clearInterval(timer);
              await writing;
            },
          };
        };
        const args = ['--input', input, '--checkpoint', join(dir, 'checkpoint'), '--out', outDir];

        let killed = 0;
        for (const [i, kill] of kills.entries()) {
          const input = feed();
          if (i > 0) input.start();
          const run = await runChildApp(APP, args, {
            progressPrefix: 'batch ',
            kill,
            onProgress: input.start,
          });
          await input.stop();
          if (run.killed) killed++;
        }
        for (let i = 0; i < 3; i++) await writeInputFile();
        const lastId = [...written.keys()].at(-1) ?? '';
        const last = await runChildApp(APP, [...args, '--stop-after', lastId], {
          progressPrefix: 'batch ',
        });
        expect(last.killed).toBe(false);
        expect(killed).toBeGreaterThanOrEqual(KILLS - 1);

        const files = await readBatchOutputs<[string, number][]>(outDir, 'files');
        const times = expectGrid([...files.keys()]);
        // Every file is in exactly one batch, with all its lines.
        const readIn = new Map<string, number>();
        const batchWords = new Map<number, string[]>();
        for (const [time, batch] of files) {
          const words: string[] = [];
          for (const [id, lines] of batch) {
            expect(readIn.has(id), `${id} read again at ${time}`).toBe(false);
            readIn.set(id, time);
            const fileWords = written.get(id) ?? [];
            expect(lines, `lines of ${id}`).toBe(fileWords.length);
            words.push(...fileWords);
          }
          batchWords.set(time, words);
        }
        expect([...readIn.keys()].sort()).toEqual([...written.keys()].sort());
        await expectStatefulOutputs(outDir, times, batchWords);
        console.log(
          `file-stream crash: ${killed} kills, ${times.length} batches, ${written.size} files`,
        );
      }),
      { numRuns: 1, endOnFailure: true, seed: 12 },
    );
  }, 300_000);
});
