/**
 * Receiver write-ahead log across a crash (spec §7.4, §7.5): a child process receives lines from a
 * socket this test serves, with `writeAheadLog: true` and a checkpoint directory, and acknowledges
 * each block once `store` resolved (so it is fsynced in the log). The test kills it with SIGKILL
 * right after lines were acknowledged but before any batch took them, restarts it (getOrCreate on
 * the same checkpoint), and checks that every acknowledged line is in the per-batch outputs exactly
 * once: lines the server never sends again can only come back from the log, and batches re-run
 * after recovery overwrite their own output file.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { killLiveApps, startLiveApp, waitForLiveApp, type LiveApp } from '../support/live-app.js';
import { startServer, type TestServer, write } from '../support/tcp.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/wal-receiver-app.ts', import.meta.url));

interface App extends LiveApp {
  /** Lines acknowledged by `STORED`, in order. */
  readonly acknowledged: string[];
  /** Batch times reported by `BATCH`, in order. */
  readonly batches: number[];
}

const dirs: string[] = [];
let server: TestServer | undefined;

afterEach(async () => {
  await killLiveApps();
  await server?.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function startApp(dir: string, port: number): App {
  const acknowledged: string[] = [];
  const batches: number[] = [];
  const args = ['--checkpoint', join(dir, 'checkpoint'), '--out', join(dir, 'out')];
  const app = startLiveApp(FIXTURE, [...args, '--port', String(port)], (line) => {
    if (line.startsWith('STORED ')) acknowledged.push(...(JSON.parse(line.slice(7)) as string[]));
    if (line.startsWith('BATCH ')) batches.push(Number(line.split(' ')[1]));
  });
  return { ...app, acknowledged, batches };
}

/** Wait for `condition` (at most 20 s), failing at once if the app exits meanwhile. */
function waitForApp(
  app: App,
  condition: () => boolean | Promise<boolean>,
  what: string,
): Promise<void> {
  return waitForLiveApp(app, condition, what, 20_000);
}

/** Every line of every batch output file, all files together. */
async function outputLines(dir: string): Promise<string[]> {
  const out = join(dir, 'out');
  const names = (await readdir(out).catch(() => [] as string[])).filter((n) =>
    /^batch-\d+\.json$/.test(n),
  );
  const lines: string[] = [];
  for (const name of names)
    lines.push(...(JSON.parse(await readFile(join(out, name), 'utf8')) as string[]));
  return lines;
}

function numbered(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
}

describe('receiver write-ahead log across a SIGKILL', () => {
  it('every line acknowledged before the kill is in the outputs exactly once after recovery', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dstream-wal-crash-'));
    dirs.push(dir);
    const connections: Socket[] = [];
    server = await startServer((socket) => connections.push(socket));

    // Run 1: lines that are processed, then lines that are only logged when the process dies.
    const first = startApp(dir, server.port);
    await waitForApp(
      first,
      () => connections.length === 1 && first.batches.length > 0,
      'run 1 to start',
    );
    const processed = numbered('processed', 10);
    await write(connections[0] as Socket, `${processed.join('\n')}\n`);
    await waitForApp(
      first,
      async () =>
        processed.every((line) => first.acknowledged.includes(line)) &&
        (await outputLines(dir)).length === processed.length,
      'the first lines to be stored and output',
    );
    // Just after a batch completed, the next one is a whole batch interval (500 ms) away.
    const seen = first.batches.length;
    await waitForApp(first, () => first.batches.length > seen, 'a batch to complete');
    const logged = numbered('logged', 20);
    await write(connections[0] as Socket, `${logged.join('\n')}\n`);
    await waitForApp(
      first,
      () => logged.every((line) => first.acknowledged.includes(line)),
      'the last lines to be stored',
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const acknowledged = [...first.acknowledged];
    expect([...acknowledged].sort()).toEqual([...processed, ...logged].sort());
    // The kill came before any batch took the last lines: they exist only in the log.
    expect((await outputLines(dir)).sort()).toEqual(processed);

    // Run 2: the same command recovers from the checkpoint; the server sends nothing new.
    const second = startApp(dir, server.port);
    await waitForApp(
      second,
      async () => {
        const lines = await outputLines(dir);
        return acknowledged.every((line) => lines.includes(line));
      },
      'the logged lines to be output after recovery',
    );
    second.child.stdin.write('stop\n');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.acknowledged).toEqual([]);

    const lines = await outputLines(dir);
    expect(lines.sort()).toEqual([...acknowledged].sort());
  }, 60_000);
});
