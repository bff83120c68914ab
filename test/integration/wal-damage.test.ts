/**
 * Damage to the receiver write-ahead log is never silent (issue 12, observation 3). A child
 * process stores one numbered item every 5 ms with the write-ahead log on and prints each item it
 * acknowledged (its `store` promise resolved, so it is fsynced in the log); it is killed with
 * SIGKILL after at least 400 items and a few dozen acknowledged after the last batch that
 * completed. Its log segment is then damaged — truncated to 60 %, 16 bytes flipped in the middle,
 * or emptied — and the same command recovers. Whatever was lost, the recovery must say so, naming
 * the file and the offset, and an acknowledged item that is in no output must come with a failed
 * batch whose error (from `awaitTermination()`) names the file and offset too.
 */
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { killLiveApps, startLiveApp, waitForLiveApp, type LiveApp } from '../support/live-app.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/wal-items-app.ts', import.meta.url));

interface App extends LiveApp {
  readonly acked: string[];
  readonly batches: number[];
  /** `LOG` lines (level and text), and the texts of `FAILED` lines. */
  readonly logs: string[];
  readonly failed: string[];
}

const dirs: string[] = [];

afterEach(async () => {
  await killLiveApps();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function startApp(dir: string, run: string): App {
  const app = {
    acked: [] as string[],
    batches: [] as number[],
    logs: [] as string[],
    failed: [] as string[],
  };
  const args = ['--checkpoint', join(dir, 'cp'), '--out', join(dir, 'out'), '--run', run];
  const live = startLiveApp(FIXTURE, args, (line) => {
    const [kind, ...rest] = line.split(' ');
    if (kind === 'ACK') app.acked.push(rest[0] ?? '');
    if (kind === 'BATCH') app.batches.push(Number(rest[0]));
    if (kind === 'LOG')
      app.logs.push(`${rest[0] ?? ''} ${JSON.parse(rest.slice(1).join(' ')) as string}`);
    if (kind === 'FAILED') app.failed.push(JSON.parse(rest.join(' ')) as string);
  });
  return { ...live, ...app };
}

async function outputItems(dir: string): Promise<Set<string>> {
  const out = join(dir, 'out');
  const items = new Set<string>();
  for (const name of await readdir(out)) {
    if (!/^batch-\d+\.json$/.test(name)) continue;
    for (const item of JSON.parse(await readFile(join(out, name), 'utf8')) as string[])
      items.add(item);
  }
  return items;
}

type Damage = 'truncate to 60 %' | 'flip 16 bytes' | 'empty';

async function damage(path: string, how: Damage): Promise<void> {
  const bytes = await readFile(path);
  if (how === 'truncate to 60 %') await truncate(path, Math.floor(bytes.length * 0.6));
  if (how === 'empty') await truncate(path, 0);
  if (how === 'flip 16 bytes') {
    const at = Math.floor(bytes.length / 2);
    for (let i = at; i < at + 16; i++) bytes[i] = (bytes[i] as number) ^ 0xff;
    await writeFile(path, bytes);
  }
}

describe('a damaged receiver write-ahead log is reported, never silently dropped', () => {
  it.each<Damage>(['truncate to 60 %', 'flip 16 bytes', 'empty'])(
    '%s: the recovery names the file and offset; every acknowledged item is output or in a failed batch',
    async (how) => {
      const dir = await mkdtemp(join(tmpdir(), 'dstream-wal-damage-'));
      dirs.push(dir);
      const first = startApp(dir, 'a');
      await waitForLiveApp(
        first,
        () => first.acked.length >= 400 && first.batches.length >= 2,
        '400 items',
      );
      const seen = first.batches.length;
      await waitForLiveApp(first, () => first.batches.length > seen, 'a batch to complete');
      const ackedAtBatch = first.acked.length;
      await waitForLiveApp(first, () => first.acked.length >= ackedAtBatch + 60, '60 more items');
      first.child.kill('SIGKILL');
      await first.exited;
      const acked = [...first.acked];

      const logDir = join(dir, 'cp', 'receivedData', '0');
      const segments = (await readdir(logDir)).filter((name) => name.startsWith('log-'));
      expect(segments).toHaveLength(1);
      const segment = join(logDir, segments[0] as string);
      await damage(segment, how);

      const second = startApp(dir, 'b');
      await waitForLiveApp(
        second,
        () => second.batches.length >= 3,
        'three batches after recovery',
      );
      second.child.stdin.write('stop\n');
      await second.exited;

      const output = await outputItems(dir);
      const missing = acked.filter((item) => !output.has(item));
      const reports = second.logs.filter((line) => line.includes(segment));
      const context = { how, missing: missing.length, logs: second.logs, failed: second.failed };
      // The recovery reports the damage: the file, where, and what it lost.
      expect(reports, JSON.stringify(context)).not.toEqual([]);
      expect(reports.join('\n'), JSON.stringify(context)).toMatch(/offset \d+/);
      if (missing.length > 0) {
        // Acknowledged items are missing: a batch failed, and its error names the damage.
        expect(second.failed, JSON.stringify(context)).toHaveLength(1);
        expect(second.failed[0]).toContain(
          `WriteAheadLogError: Could not read data from write ahead log record ${segment} at offset `,
        );
      }
      // Flipped bytes in the middle lose one old, processed block: nothing acknowledged is missing.
      if (how === 'flip 16 bytes') expect(missing).toEqual([]);
    },
    90_000,
  );
});
