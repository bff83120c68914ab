/**
 * Recovery that always recovers, for a receiver with the write-ahead log (issue 12): the app of
 * fixtures/receiver-wal-crash-app.ts (an inverse `reduceByKeyAndWindow`, `updateStateByKey` at
 * the default checkpoint interval and `mapWithState` over a receiver stream, write-ahead log
 * segments rolling and cleaned) is killed with SIGKILL at moments fast-check chooses, restarted
 * with getOrCreate each time, and finally run to its end. Everything is checked from the input
 * alone: the source never sends an item twice, so the items the log acknowledged are the truth.
 * - every acknowledged item is in exactly one batch's input, and no item is in two;
 * - the batch grid has no hole: every output exists for every batch time;
 * - each batch's window is the sum of its last three batches' inputs, each batch's totals the
 *   sum of all inputs so far, and each batch's mapWithState records count on from the totals.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killChildApps, runChildApp, type KillPoint } from '../support/child-app.js';

const APP = 'test/integration/fixtures/receiver-wal-crash-app.ts';
const SECONDS = 30;
const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4'];

const dirs: string[] = [];

afterEach(() => {
  killChildApps();
});

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Kill points anywhere in a run: after the 2nd to 25th batch, 0–100 % of a batch later. */
const killPoint: fc.Arbitrary<KillPoint> = fc.record({
  afterLines: fc.integer({ min: 2, max: 25 }),
  percentOfBatch: fc.integer({ min: 0, max: 100 }),
});

type Counts = Map<string, number>;

function countKeys(items: readonly string[]): Counts {
  const counts: Counts = new Map();
  for (const item of items) {
    const key = `k${Number(item.split('-')[1]) % 5}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** `[key, count]` pairs as a map without zero counts (an inverse window keeps zeros). */
function nonZero(pairs: readonly (readonly [string, number])[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, count] of [...pairs].sort()) if (count !== 0) result[key] = count;
  return result;
}

function asRecord(counts: Counts): Record<string, number> {
  return nonZero([...counts]);
}

async function readJson<T>(dir: string, name: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, name), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Check every output of `out` against the inputs and the acknowledged items. */
async function check(out: string, acknowledged: ReadonlySet<string>): Promise<void> {
  const names = await readdir(out);
  const times = names
    .filter((name) => name.startsWith('input-'))
    .map((name) => Number(/^input-(\d+)\.json$/.exec(name)?.[1]))
    .sort((a, b) => a - b);
  const last = times.at(-1) ?? 0;
  expect(last).toBeGreaterThanOrEqual(SECONDS * 1000);
  // No hole in the grid, for any output.
  const grid = Array.from({ length: last / 1000 }, (_, i) => (i + 1) * 1000);
  for (const kind of ['input', 'window', 'totals', 'seen']) {
    const present = names.filter((name) => name.startsWith(`${kind}-`)).length;
    expect({ kind, present }).toEqual({ kind, present: grid.length });
  }
  const inputs = new Map<number, string[]>();
  for (const t of grid) inputs.set(t, (await readJson<string[]>(out, `input-${t}.json`)) ?? []);
  // Exactly once: no item in two batches, every acknowledged item in one.
  const batchOf = new Map<string, number>();
  for (const [t, items] of inputs) {
    for (const item of items) {
      expect({ item, twice: batchOf.get(item) }).toEqual({ item, twice: undefined });
      batchOf.set(item, t);
    }
  }
  const missing = [...acknowledged].filter((item) => !batchOf.has(item));
  expect(missing).toEqual([]);
  // Windows, totals and mapWithState, batch by batch.
  const totals: Counts = new Map();
  for (const t of grid) {
    const batch = countKeys(inputs.get(t) ?? []);
    const previous = new Map(totals);
    for (const [key, count] of batch) totals.set(key, (totals.get(key) ?? 0) + count);
    const windowItems = [t - 2000, t - 1000, t].flatMap((w) => inputs.get(w) ?? []);
    const window = await readJson<[string, number][]>(out, `window-${t}.json`);
    expect({ t, window: nonZero(window ?? []) }).toEqual({
      t,
      window: asRecord(countKeys(windowItems)),
    });
    const stateTotals = await readJson<[string, number][]>(out, `totals-${t}.json`);
    expect({ t, totals: nonZero(stateTotals ?? []) }).toEqual({ t, totals: asRecord(totals) });
    const seen = (await readJson<[string, number][]>(out, `seen-${t}.json`)) ?? [];
    for (const key of KEYS) {
      const emitted = seen
        .filter(([k]) => k === key)
        .map(([, count]) => count)
        .sort((a, b) => a - b);
      const from = previous.get(key) ?? 0;
      const expected = Array.from({ length: batch.get(key) ?? 0 }, (_, i) => from + i + 1);
      expect({ t, key, emitted }).toEqual({ t, key, emitted: expected });
    }
  }
}

describe('receiver + write-ahead log: SIGKILL at random moments, restart with getOrCreate', () => {
  it('every acknowledged item counted exactly once; windows, totals and mapWithState right; no hole', async () => {
    let killedMidRun = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(killPoint, { minLength: 1, maxLength: 3 }), async (kills) => {
        const dir = await mkdtemp(join(tmpdir(), 'dstream-receiver-crash-'));
        dirs.push(dir);
        const out = join(dir, 'out');
        const acknowledged = new Set<string>();
        const runs = [...kills, undefined];
        for (const [index, kill] of runs.entries()) {
          const args = ['--checkpoint', join(dir, 'cp'), '--out', out, '--run', `r${index}`];
          const result = await runChildApp(APP, [...args, '--seconds', String(SECONDS)], {
            progressPrefix: 'batch ',
            kill,
          });
          if (result.killed) killedMidRun++;
          for (const line of result.lines) {
            // Only whole lines count: a kill may cut the last one.
            const match = /^ACK (\S+) \.$/.exec(line);
            if (match !== null) acknowledged.add(match[1] as string);
          }
          if (kill === undefined) expect(result.lines.at(-1)).toBe('DONE');
        }
        expect(acknowledged.size).toBeGreaterThan(0);
        await check(out, acknowledged);
        await rm(dir, { recursive: true, force: true });
      }),
      { numRuns: 6 },
    );
    // The kills must really land mid-run, or this proves nothing.
    expect(killedMidRun).toBeGreaterThan(5);
  }, 600_000);
});
