/**
 * Receiver write-ahead log across a crash (spec §7.4, §7.5): a child process receives lines from a
 * socket this test serves, with `writeAheadLog: true` and a checkpoint directory, and acknowledges
 * each block once `store` resolved (so it is fsynced in the log). The test kills it with SIGKILL
 * right after lines were acknowledged but before any batch took them, restarts it (getOrCreate on
 * the same checkpoint), and checks that every acknowledged line is in the per-batch outputs exactly
 * once: lines the server never sends again can only come back from the log, and batches re-run
 * after recovery overwrite their own output file.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer, waitFor, write } from '../support/tcp.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/wal-receiver-app.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface App {
  readonly child: ChildProcessWithoutNullStreams;
  /** Lines acknowledged by `STORED`, in order. */
  readonly acknowledged: string[];
  /** Batch times reported by `BATCH`, in order. */
  readonly batches: number[];
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exitedYet: boolean;
}

const apps: App[] = [];
const dirs: string[] = [];
let server: TestServer | undefined;

afterEach(async () => {
  for (const app of apps.splice(0)) {
    if (!app.exitedYet) app.child.kill('SIGKILL');
    await app.exited;
  }
  await server?.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function startApp(dir: string, port: number): App {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      FIXTURE,
      '--checkpoint',
      join(dir, 'checkpoint'),
      '--out',
      join(dir, 'out'),
      '--port',
      String(port),
    ],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const app: App = {
    child,
    acknowledged: [],
    batches: [],
    stderr: () => stderr,
    exited: new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        app.exitedYet = true;
        resolve({ code, signal });
      });
    }),
    exitedYet: false,
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('STORED '))
      app.acknowledged.push(...(JSON.parse(line.slice(7)) as string[]));
    if (line.startsWith('BATCH ')) app.batches.push(Number(line.split(' ')[1]));
  });
  apps.push(app);
  return app;
}

/** Wait for `condition`, failing at once (with the app's stderr) if the app exits meanwhile. */
async function waitForApp(
  app: App,
  condition: () => boolean | Promise<boolean>,
  what: string,
): Promise<void> {
  try {
    await waitFor(
      async () => {
        if (app.exitedYet) throw new Error(`the app exited while waiting for ${what}`);
        return condition();
      },
      what,
      20_000,
    );
  } catch (error) {
    throw new Error(`${String(error)}\n--- app stderr ---\n${app.stderr()}`, { cause: error });
  }
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
