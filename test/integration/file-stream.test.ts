/**
 * textFileStream on the real SystemClock and a real directory: a file written in place, slowly,
 * is not taken while it keeps changing (it is left for a later batch until it has not been
 * modified for a batch interval), so it is read once and whole; a file moved in is read once.
 * The tests poll with a deadline; the writer's pauses only pace the writing.
 */
import { open, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Logger, Milliseconds, StreamingContext } from '../../src/index.js';

const BATCH_MS = 100;
const silent: Logger = { warn: () => undefined, error: () => undefined };

let root: string;
let ssc: StreamingContext | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dstream-file-stream-it-'));
});

afterEach(async () => {
  await ssc?.stop();
  ssc = undefined;
  await rm(root, { recursive: true, force: true });
});

/** Poll `condition` until it holds; fail with `what` after `timeoutMs`. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await delay(10);
  }
}

describe('textFileStream (system clock)', () => {
  it('reads a file written in place only once it stopped changing: once, and whole', async () => {
    const watched = join(root, 'in');
    await mkdir(watched);
    const context = new StreamingContext({ batchDuration: Milliseconds(BATCH_MS), logger: silent });
    ssc = context;
    const lines: string[] = [];
    const selections: [timeMs: number, files: string[]][] = [];
    let lastCompletedMs = 0;
    context.textFileStream(watched).foreachRDD((rdd) => {
      lines.push(...rdd.collect());
    });
    context.addStreamingListener({
      onBatchCompleted: ({ batchInfo }) => {
        const files = batchInfo.streamIdToInputInfo.get(0)?.metadata.get('files') as string[];
        if (files.length > 0) selections.push([batchInfo.batchTime.milliseconds, files]);
        lastCompletedMs = batchInfo.batchTime.milliseconds;
      },
    });
    context.start();

    // A slow writer: 12 lines, one write each, over about four batch intervals.
    const slow = join(watched, 'slow.txt');
    const written = Array.from({ length: 12 }, (_, i) => `slow-${i}`);
    const handle = await open(slow, 'a');
    for (const line of written) {
      await handle.write(`${line}\n`);
      await delay(35);
    }
    await handle.close();
    const writerDoneMs = Date.now();
    // The way Spark asks for: written elsewhere, then moved in.
    const staged = join(root, 'moved.txt');
    await writeFile(staged, 'moved-0\nmoved-1\n');
    await rename(staged, join(watched, 'moved.txt'));
    const movedMs = Date.now();
    await waitFor(
      () => lastCompletedMs > Math.max(writerDoneMs, movedMs) + 3 * BATCH_MS,
      'three batches after the last write',
    );

    expect(selections.flatMap(([, files]) => files).sort()).toEqual([
      join(watched, 'moved.txt'),
      slow,
    ]);
    expect(lines.filter((line) => line.startsWith('slow-'))).toEqual(written);
    expect(lines.filter((line) => line.startsWith('moved-'))).toEqual(['moved-0', 'moved-1']);
  });
});
