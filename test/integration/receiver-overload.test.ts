/**
 * Bounded receiver memory under overload (issue 12, observation 4): a loopback server offers
 * 100-byte lines at 50 000 per second, ten times what the job handles (a busy cost of 200 µs per
 * record, 5 000 records per second at most), for 30 seconds, to a socketTextStream with
 * backpressure on, in a child process that collects garbage before each heap sample. The
 * receiver must stop reading when its buffer is full, so TCP flow control holds the sender back
 * and the heap stays under the documented bound. The assertions are about memory and data, not
 * time: how fast the job runs only changes how many records it handles.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/tcp.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/overload-socket-app.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The documented bound (README, "Receivers under overload"): heap after GC, whole process. */
const HEAP_BOUND_BYTES = 32 * 1024 * 1024;
const SECONDS = 30;
const LINES_PER_TICK = 500; // every 10 ms: 50 000 lines per second
const LINE = `${'x'.repeat(99)}\n`;
const TICK = Buffer.from(LINE.repeat(LINES_PER_TICK));

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
});

/** Offer lines at 50 000 per second, never buffering more than the socket accepts. */
function pump(socket: Socket, sent: { lines: number; pushedBack: number }): void {
  let waiting = false;
  const timer = setInterval(() => {
    if (waiting || socket.destroyed) return;
    sent.lines += LINES_PER_TICK;
    if (!socket.write(TICK)) {
      // TCP flow control: the receiver is not reading; offer nothing until the socket drains.
      sent.pushedBack++;
      waiting = true;
      socket.once('drain', () => (waiting = false));
    }
  }, 10);
  socket.on('close', () => {
    clearInterval(timer);
  });
}

describe('receiver memory under overload (backpressure on)', () => {
  it(`a 10× overloaded socketTextStream keeps its heap under ${HEAP_BOUND_BYTES / 2 ** 20} MiB for ${SECONDS} s`, async () => {
    const sent = { lines: 0, pushedBack: 0 };
    server = await startServer((socket) => {
      pump(socket, sent);
    });
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        FIXTURE,
        '--port',
        String(server.port),
        '--seconds',
        String(SECONDS),
        '--cost-us',
        '200',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const heap: number[] = [];
    let processed = -1;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('HEAP ')) heap.push(Number(line.slice(5)));
      if (line.startsWith('DONE ')) processed = Number(line.slice(5));
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);

    console.log(
      `overload: heap samples (MiB) ${heap.map((b) => (b / 2 ** 20).toFixed(1)).join(' ')}; offered ${sent.lines} lines, processed ${processed}, pushed back ${sent.pushedBack} times`,
    );
    expect(Math.max(...heap)).toBeLessThanOrEqual(HEAP_BOUND_BYTES);
    // A sample at least every second or after every batch; the job ran; TCP held the sender back.
    expect(heap.length).toBeGreaterThanOrEqual(SECONDS);
    expect(processed).toBeGreaterThan(0);
    expect(sent.pushedBack).toBeGreaterThan(0);
  }, 60_000);
});
