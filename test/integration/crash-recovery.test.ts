/**
 * Crash equivalence: the recoverable word count (updateStateByKey, inverse reduceByKeyAndWindow
 * and mapWithState over a replayable source, outputs written idempotently per batch time) is
 * killed with SIGKILL at moments fast-check chooses, restarted with getOrCreate each time, and
 * must end with exactly the outputs of an uninterrupted run, batch by batch.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BATCHES = 40;
const APP = 'examples/recoverable-word-count.ts';

/**
 * Run the app until it exits, or kill it with SIGKILL `extraMs` after it reported its
 * `afterBatches`-th batch (kill points follow the app's progress, not the machine's speed).
 */
function runApp(
  dir: string,
  kill?: { afterBatches: number; extraMs: number },
): Promise<{ code: number | null; killed: boolean }> {
  const args = ['--import', 'tsx', APP, '--checkpoint', join(dir, 'cp'), '--out', join(dir, 'out')];
  const child = spawn(process.execPath, [...args, '--batches', String(BATCHES), '--manual-clock'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let killed = false;
  let reported = 0;
  let timer: NodeJS.Timeout | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    reported += chunk
      .toString()
      .split('\n')
      .filter((line) => line.startsWith('batch ')).length;
    if (kill !== undefined && timer === undefined && reported >= kill.afterBatches) {
      timer = setTimeout(() => {
        killed = child.kill('SIGKILL');
      }, kill.extraMs);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!killed && code !== 0) reject(new Error(`the app failed (exit ${code}):\n${stderr}`));
      else resolve({ code, killed });
    });
  });
}

async function outputs(dir: string): Promise<Map<string, string>> {
  const out = join(dir, 'out');
  const files = (await readdir(out)).filter((name) => name.endsWith('.json')).sort();
  const contents = new Map<string, string>();
  for (const name of files) contents.set(name, await readFile(join(out, name), 'utf8'));
  return contents;
}

describe('crash equivalence (SIGKILL at random moments, restart with getOrCreate)', () => {
  let reference: Map<string, string>;
  const dirs: string[] = [];

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dstream-crash-ref-'));
    dirs.push(dir);
    await runApp(dir);
    reference = await outputs(dir);
  }, 60_000);

  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('the uninterrupted run writes every output of every batch', () => {
    expect([...reference.keys()]).toHaveLength(3 * BATCHES);
    expect(reference.get('totals-1000.json')).toBeDefined();
    expect(reference.get(`seen-${BATCHES * 1000}.json`)).toBeDefined();
  });

  it('ends with the outputs of the uninterrupted run after any sequence of kills', async () => {
    let killedMidRun = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            afterBatches: fc.integer({ min: 1, max: BATCHES - 1 }),
            extraMs: fc.integer({ min: 0, max: 15 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        async (kills) => {
          const dir = await mkdtemp(join(tmpdir(), 'dstream-crash-'));
          dirs.push(dir);
          for (const kill of kills) {
            const { killed } = await runApp(dir, kill);
            const written = killed ? (await outputs(dir).catch(() => new Map())).size : 0;
            if (written > 0 && written < 3 * BATCHES) killedMidRun++;
          }
          await runApp(dir);
          expect(await outputs(dir)).toEqual(reference);
          await rm(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 20 },
    );
    // Kills must really land mid-run (some batches written, not all), or this proves nothing.
    expect(killedMidRun).toBeGreaterThan(10);
  }, 300_000);
});
