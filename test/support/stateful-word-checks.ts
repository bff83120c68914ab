/**
 * Checks of the outputs that test/support/stateful-word-job.ts writes, against what each batch
 * read (derived by the test from its input alone): the batch grid has no hole, and each batch's
 * counts, window, running totals and mapWithState records are what its words give.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BATCH_MS, WINDOW_BATCHES } from './stateful-word-job.js';

type Counts = [string, number][];

/** Every `<outDir>/<output>/<timeMs>.json` file, parsed, by batch time in time order. */
export async function readBatchOutputs<T>(outDir: string, output: string): Promise<Map<number, T>> {
  const dir = join(outDir, output);
  const byTime = new Map<number, T>();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json'))) {
    byTime.set(Number(name.slice(0, -5)), JSON.parse(await readFile(join(dir, name), 'utf8')) as T);
  }
  return new Map([...byTime].sort(([a], [b]) => a - b));
}

/** Assert that `times` is a contiguous batch grid (no hole), and return it. */
export function expectGrid(times: readonly number[]): readonly number[] {
  const first = times[0] ?? 0;
  expect(times).toEqual(times.map((_, i) => first + i * BATCH_MS));
  return times;
}

function countsOf(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

function sortedEntries(counts: ReadonlyMap<string, number>): Counts {
  return [...counts].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : 1));
}

/**
 * Assert every output at every time of `times` equals what `batchWords` (the words each batch
 * read, by time) give: counts, the window of the last 3 batches, totals, mapWithState records.
 */
export async function expectStatefulOutputs(
  outDir: string,
  times: readonly number[],
  batchWords: ReadonlyMap<number, readonly string[]>,
): Promise<void> {
  const outputs = {
    counts: await readBatchOutputs<Counts>(outDir, 'counts'),
    window: await readBatchOutputs<Counts>(outDir, 'window'),
    state: await readBatchOutputs<Counts>(outDir, 'state'),
    seen: await readBatchOutputs<Counts>(outDir, 'seen'),
  };
  for (const output of Object.values(outputs)) expect([...output.keys()]).toEqual(times);
  const totals = new Map<string, number>();
  for (const [i, time] of times.entries()) {
    const counts = countsOf(batchWords.get(time) ?? []);
    expect(outputs.counts.get(time), `counts at ${time}`).toEqual(sortedEntries(counts));
    const windowWords = times
      .slice(Math.max(0, i - WINDOW_BATCHES + 1), i + 1)
      .flatMap((t) => batchWords.get(t) ?? []);
    expect(outputs.window.get(time), `window at ${time}`).toEqual(
      sortedEntries(countsOf(windowWords)),
    );
    const seen: Counts = [];
    for (const [word, n] of counts) {
      const before = totals.get(word) ?? 0;
      for (let k = 1; k <= n; k++) seen.push([word, before + k]);
      totals.set(word, before + n);
    }
    seen.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x - y));
    expect(outputs.state.get(time), `state at ${time}`).toEqual(sortedEntries(totals));
    expect(outputs.seen.get(time), `mapWithState at ${time}`).toEqual(seen);
  }
}
