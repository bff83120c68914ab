/**
 * Damaged checkpoint files are never silent (issue 12): a flipped bit or a truncation in a data or
 * metadata checkpoint is reported with the file, where it is damaged and what it held; recovery
 * uses the newest checkpoint that needs none of the damaged files, and when none is left the
 * CheckpointError names every one. A data file damaged while the context runs is found before the
 * next checkpoint refers to it, and the state is written again. Real files, virtual time.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckpointMetadata } from '../../src/checkpoint/checkpoint.js';
import { readCheckpointFile } from '../../src/checkpoint/checkpoint-reader.js';
import {
  CheckpointError,
  type Logger,
  ManualClock,
  type Pair,
  type RateRow,
  Seconds,
  StreamingContext,
} from '../../src/index.js';
import { flipByte, truncateFile } from '../support/checkpoint-faults.js';

type Event = readonly [timeMs: number, records: unknown[]];

const directories: string[] = [];
const contexts: StreamingContext[] = [];

afterEach(async () => {
  for (const ssc of contexts.splice(0)) if (ssc.getState() === 'ACTIVE') await ssc.stop();
  for (const dir of directories.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** One application: rate stream → (value mod 5, 1) → updateStateByKey named 'totals', every 2 s. */
class App {
  readonly events: Event[] = [];
  readonly logs: string[] = [];
  readonly logger: Logger = {
    warn: (message) => this.logs.push(`WARN ${message.replaceAll(this.dir, '<dir>')}`),
    error: (message, error) =>
      this.logs.push(`ERROR ${message.replaceAll(this.dir, '<dir>')}: ${String(error)}`),
  };
  created = 0;
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  readonly create = (): StreamingContext => {
    this.created++;
    const ssc = new StreamingContext({
      batchDuration: Seconds(1),
      clock: new ManualClock(),
      logger: this.logger,
    });
    contexts.push(ssc);
    ssc.checkpoint(this.dir);
    ssc
      .rateStream({ rowsPerSecond: 10, numPartitions: 2 })
      .map((row: RateRow): Pair<number, number> => [row.value % 5, 1])
      .updateStateByKey((values: number[], state: number | undefined) =>
        values.reduce((a, b) => a + b, state ?? 0),
      )
      .name('totals')
      .checkpoint(Seconds(2))
      .foreachRDD((rdd, time) => {
        this.events.push([time.milliseconds, rdd.collect().sort()]);
      });
    return ssc;
  };

  getOrCreate(options: { createOnError?: boolean } = {}): Promise<StreamingContext> {
    return StreamingContext.getOrCreate(this.dir, this.create, { logger: this.logger, ...options });
  }

  /** Run (recovering if there is a checkpoint) up to `timeMs`, then stop. */
  async run(timeMs: number): Promise<void> {
    const ssc = await this.getOrCreate();
    ssc.start();
    await runUntil(ssc, timeMs);
    await ssc.stop();
  }

  async size(name: string): Promise<number> {
    return (await stat(join(this.dir, name))).size;
  }

  takeLogs(): string[] {
    return this.logs.splice(0);
  }
}

async function newApp(): Promise<App> {
  const dir = await mkdtemp(join(tmpdir(), 'dstream-ts-cp-damage-'));
  directories.push(dir);
  return new App(dir);
}

async function runUntil(ssc: StreamingContext, timeMs: number): Promise<void> {
  while (ssc.clock.now() < timeMs) await ssc.advance(1000);
  await ssc.advance(0);
}

async function uninterrupted(timeMs: number): Promise<Event[]> {
  const app = await newApp();
  await app.run(timeMs);
  return app.events;
}

/** Bytes of the v8 container header before the payload ("v8": 2-byte serializer name). */
const HEADER = 9 + 2 + 40;
const SKIP = 'WARN Skipping checkpoint file';
const recovering = (timeMs: number): string =>
  `WARN Recovering from checkpoint-${timeMs}, the newest checkpoint that restores every stream, in place of the newer files skipped above: batches from ${timeMs} ms on run again`;

describe('a damaged data checkpoint', () => {
  it('a flipped bit: each checkpoint needing it is skipped naming the file, the bytes and the state lost', async () => {
    const full = await uninterrupted(12_000);
    const app = await newApp();
    await app.run(7000);
    const size = await app.size('rdd-2-6000');
    await flipByte(app.dir, 'rdd-2-6000', -3, 0x10);
    const mark = app.events.length;
    app.takeLogs();
    await app.run(12_000);
    const why = `its data file rdd-2-6000 (the state of 'totals' (StateDStream) at 6000 ms) could not be read: checksum mismatch: the checkpoint file is corrupt (the SHA-256 of the payload, bytes ${HEADER}–${size - 1}, differs from the one in bytes 11–42)`;
    expect(app.takeLogs()).toEqual([
      `${SKIP} checkpoint-7000: ${why}`,
      `${SKIP} checkpoint-6000: ${why}`,
      recovering(5000),
      // The checkpoints skipped are of batches run again: they go before a new one could mix with them.
      'WARN Deleting checkpoint-6000, checkpoint-7000 from <dir>: checkpoints this context did not recover from, of batches it runs again (recovery would otherwise try them before the new ones)',
    ]);
    // Nothing is lost but time: 5 s and later run again, and give what an uninterrupted run gives.
    expect(app.events.slice(mark)).toEqual(full.filter(([t]) => t >= 5000));
  });

  it('truncated: the message says where the file ends and where it should', async () => {
    const full = await uninterrupted(12_000);
    const app = await newApp();
    await app.run(7000);
    const size = await app.size('rdd-2-6000');
    await truncateFile(app.dir, 'rdd-2-6000', size - 7);
    const mark = app.events.length;
    app.takeLogs();
    await app.run(12_000);
    const why = `its data file rdd-2-6000 (the state of 'totals' (StateDStream) at 6000 ms) could not be read: truncated checkpoint file (${size - HEADER - 7} of ${size - HEADER} payload bytes): it ends at byte ${size - 7}, the length in bytes ${HEADER - 8}–${HEADER - 1} says at byte ${size}`;
    expect(app.takeLogs()).toEqual([
      `${SKIP} checkpoint-7000: ${why}`,
      `${SKIP} checkpoint-6000: ${why}`,
      recovering(5000),
      // The checkpoints skipped are of batches run again: they go before a new one could mix with them.
      'WARN Deleting checkpoint-6000, checkpoint-7000 from <dir>: checkpoints this context did not recover from, of batches it runs again (recovery would otherwise try them before the new ones)',
    ]);
    expect(app.events.slice(mark)).toEqual(full.filter(([t]) => t >= 5000));
  });

  it('damaged while the context runs: found before the next checkpoint refers to it, the state written again', async () => {
    const full = await uninterrupted(12_000);
    const app = await newApp();
    const ssc = await app.getOrCreate();
    ssc.start();
    await runUntil(ssc, 5000);
    const size = await app.size('rdd-2-4000');
    await truncateFile(app.dir, 'rdd-2-4000', 100);
    await runUntil(ssc, 6000);
    expect(app.takeLogs()).toEqual([
      `WARN The data checkpoint file rdd-2-4000 ('totals' (StateDStream) at 4000 ms) has 100 bytes, not the ${size} written: checkpoints written from now on do not refer to it`,
      "WARN Wrote the data checkpoint of 'totals' (StateDStream) at 5000 ms in place of the one due at 4000 ms",
    ]);
    const metadata = (await readCheckpointFile(
      app.dir,
      'checkpoint-6000',
      [],
    )) as CheckpointMetadata;
    expect(metadata.streams[0]?.data).toEqual([
      { timeMs: 5000, file: 'rdd-2-5000' },
      { timeMs: 6000, file: 'rdd-2-6000' },
    ]);
    await runUntil(ssc, 7000);
    await ssc.stop();
    const mark = app.events.length;
    await app.run(12_000);
    expect(app.takeLogs()).toEqual([]);
    expect(app.events.slice(mark)).toEqual(full.filter(([t]) => t >= 7000));
  });
});

describe('no checkpoint left that can be restored', () => {
  it('the CheckpointError names every damaged file and what it held', async () => {
    const app = await newApp();
    await app.run(4000);
    app.takeLogs();
    const sizes = new Map<string, number>();
    for (const name of (await readdir(app.dir)).filter((n) => n.startsWith('rdd-')).sort()) {
      sizes.set(name, await app.size(name));
      await truncateFile(app.dir, name, 60);
    }
    expect([...sizes.keys()]).toEqual(['rdd-2-2000', 'rdd-2-4000']);
    // checkpoint-1000 needs no data file (no state was due yet): damage it too.
    const first = await app.size('checkpoint-1000');
    await flipByte(app.dir, 'checkpoint-1000', -1);
    const truncated = (name: string): string => {
      const size = sizes.get(name) as number;
      return `${name} (the state of 'totals' (StateDStream) at ${name.split('-')[2] as string} ms): truncated checkpoint file (${60 - HEADER} of ${size - HEADER} payload bytes): it ends at byte 60, the length in bytes ${HEADER - 8}–${HEADER - 1} says at byte ${size}`;
    };
    const checksum = `checksum mismatch: the checkpoint file is corrupt (the SHA-256 of the payload, bytes ${HEADER}–${first - 1}, differs from the one in bytes 11–42)`;
    const error = await app.getOrCreate().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toBe(
      `Failed to read checkpoint from directory ${app.dir}: no checkpoint in it can be restored. checkpoint-1000 (the checkpoint of 1000 ms): ${checksum}; ${truncated('rdd-2-2000')}; ${truncated('rdd-2-4000')}`,
    );
    expect(app.takeLogs()).toEqual([
      `${SKIP} checkpoint-1000: ${checksum}`,
      `${SKIP} checkpoint-4000: its data files could not be read: ${truncated('rdd-2-2000')}; ${truncated('rdd-2-4000')}`,
      `${SKIP} checkpoint-3000: its data file ${truncated('rdd-2-2000').replace(': truncated', ' could not be read: truncated')}`,
      `${SKIP} checkpoint-2000: its data file ${truncated('rdd-2-2000').replace(': truncated', ' could not be read: truncated')}`,
    ]);
    // create() built the graph to match the checkpoints with; the context is not returned.
    expect(app.created).toBe(2);
  });

  it("with createOnError, starting afresh says what was lost (Spark's is silent)", async () => {
    const app = await newApp();
    await app.run(4000);
    // Every checkpoint needs a damaged file: make checkpoint-1000 unreadable too.
    for (const name of (await readdir(app.dir)).filter((n) => n.startsWith('checkpoint-'))) {
      await flipByte(app.dir, name, 0, 0xff);
    }
    app.takeLogs();
    const ssc = await app.getOrCreate({ createOnError: true });
    expect(ssc.clock.now()).toBe(0);
    const logs = app.takeLogs();
    expect(logs.slice(0, 4)).toEqual(
      [4, 3, 2, 1].map(
        (t) =>
          `${SKIP} checkpoint-${t}000: not a dstream-ts checkpoint file: bad magic number (bytes 0–3 are bb535443, not 44535443, "DSTC")`,
      ),
    );
    expect(logs.slice(4)).toEqual([
      'WARN Failed to read checkpoint from directory <dir>: no checkpoint in it can be restored. ' +
        [4, 3, 2, 1]
          .map(
            (t) =>
              `checkpoint-${t}000 (the checkpoint of ${t}000 ms): not a dstream-ts checkpoint file: bad magic number (bytes 0–3 are bb535443, not 44535443, "DSTC")`,
          )
          .join('; ') +
        '. Starting a new context instead (createOnError): the state and input positions the checkpoints held are lost',
    ]);
  });
});
