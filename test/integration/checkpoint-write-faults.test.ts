/**
 * Checkpoint writing under real faults (issue 12, observations 2, 6 and 7): a directory that
 * cannot be written for a batch, a deleted directory, files the library did not write. Virtual
 * time (ManualClock), real temporary directories, outputs compared with an uninterrupted run.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Duration,
  type Logger,
  ManualClock,
  type Pair,
  type RateRow,
  Seconds,
  StreamingContext,
} from '../../src/index.js';
import { makeUnwritable } from '../support/checkpoint-faults.js';

type Event = readonly [timeMs: number, records: unknown[]];

const directories: string[] = [];
const contexts: StreamingContext[] = [];

afterEach(async () => {
  for (const ssc of contexts.splice(0)) if (ssc.getState() === 'ACTIVE') await ssc.stop();
  for (const dir of directories.splice(0)) {
    await rm(`${dir}.aside`, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dstream-ts-cp-faults-'));
  directories.push(dir);
  return dir;
}

/** What one application observes over its runs. */
class App {
  readonly events: Event[] = [];
  readonly logs: string[] = [];
  readonly logger: Logger = {
    warn: (message) => this.logs.push(`WARN ${message}`),
    error: (message, error) => this.logs.push(`ERROR ${message}: ${String(error)}`),
  };

  readonly dir: string;
  readonly interval: Duration;

  constructor(dir: string, interval = Seconds(30)) {
    this.dir = dir;
    this.interval = interval;
  }

  /** rateStream → (value mod 5, 1) → updateStateByKey(sum) checkpointed every `interval`. */
  readonly create = (): StreamingContext => {
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
      .checkpoint(this.interval)
      .foreachRDD((rdd, time) => {
        this.events.push([time.milliseconds, rdd.collect().sort()]);
      });
    return ssc;
  };

  async start(): Promise<StreamingContext> {
    const ssc = await StreamingContext.getOrCreate(this.dir, this.create, { logger: this.logger });
    ssc.start();
    return ssc;
  }
}

/** Advance `ssc` batch by batch up to `timeMs`, waiting for every batch. */
async function runUntil(ssc: StreamingContext, timeMs: number): Promise<void> {
  while (ssc.clock.now() < timeMs) await ssc.advance(1000);
  await ssc.advance(0);
}

/** The events of an uninterrupted run to `timeMs`. */
async function uninterrupted(timeMs: number, interval = Seconds(30)): Promise<Event[]> {
  const app = new App(await tempDir(), interval);
  const ssc = await app.start();
  await runUntil(ssc, timeMs);
  await ssc.stop();
  expect(app.logs).toEqual([]);
  return app.events;
}

/** Whether `promise` rejected by now (after the batches that were awaited). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  const pending = Symbol('pending');
  const outcome = await Promise.race([
    promise.then(
      () => 'resolved',
      (error: unknown) => error,
    ),
    new Promise((resolve) => setImmediate(resolve, pending)),
  ]);
  return outcome === pending || outcome === 'resolved' ? undefined : outcome;
}

const checkpointFiles = async (dir: string): Promise<string[]> =>
  (await readdir(dir)).filter((name) => name.startsWith('checkpoint-')).sort();

describe('observation 2: one failed data checkpoint write', () => {
  it('recovers after the directory could not be written for the batch that writes the data checkpoint', async () => {
    const full = await uninterrupted(50_000);
    const app = new App(await tempDir());
    let ssc = await app.start();
    await runUntil(ssc, 29_000);
    const restore = await makeUnwritable(app.dir);
    await runUntil(ssc, 30_000);
    await restore();
    await runUntil(ssc, 42_000);
    await ssc.stop();
    const mark = app.events.length;
    ssc = await app.start();
    await runUntil(ssc, 50_000);
    await ssc.stop();
    // The newest checkpoint is consistent: recovery re-runs from 42 s and state is exact.
    expect(app.events.slice(mark)).toEqual(full.filter(([t]) => t >= 42_000));
  });
});

describe('observation 6: failed writes are retried, logged, and do not end the job', () => {
  it('a failed write does not reject awaitTermination(); later checkpoints are written', async () => {
    const app = new App(await tempDir());
    const ssc = await app.start();
    const termination = ssc.awaitTermination();
    await runUntil(ssc, 3000);
    const restore = await makeUnwritable(app.dir);
    await runUntil(ssc, 4000);
    await restore();
    await runUntil(ssc, 6000);
    expect(await rejection(termination)).toBeUndefined();
    expect(await checkpointFiles(app.dir)).toEqual([
      'checkpoint-1000',
      'checkpoint-2000',
      'checkpoint-3000',
      'checkpoint-5000',
      'checkpoint-6000',
    ]);
    await ssc.stop();
    await termination;
  });

  it('a deleted checkpoint directory is created again and written to', async () => {
    const full = await uninterrupted(15_000, Seconds(2));
    const app = new App(await tempDir(), Seconds(2));
    let ssc = await app.start();
    const termination = ssc.awaitTermination();
    await runUntil(ssc, 5000);
    await rm(app.dir, { recursive: true });
    await runUntil(ssc, 9000);
    expect(await rejection(termination)).toBeUndefined();
    await ssc.stop();
    expect(await checkpointFiles(app.dir)).toEqual(
      ['checkpoint-6000', 'checkpoint-7000', 'checkpoint-8000', 'checkpoint-9000'].sort(),
    );
    const mark = app.events.length;
    ssc = await app.start();
    await runUntil(ssc, 15_000);
    await ssc.stop();
    expect(app.events.slice(mark)).toEqual(full.filter(([t]) => t >= 9000));
  });
});

describe('observation 7: files the library did not write', () => {
  it('are neither counted nor deleted by retention: the real checkpoints stay', async () => {
    const full = await uninterrupted(20_000, Seconds(2));
    const app = new App(await tempDir(), Seconds(2));
    const foreign = Array.from({ length: 10 }, (_, i) => `checkpoint-9000000000000${i}`);
    for (const name of foreign) await writeFile(join(app.dir, name), `not ours ${name}`);
    await writeFile(join(app.dir, 'checkpoint-500'), 'does not decode');
    // create() is called by getOrCreate only when no checkpoint file exists, so start directly.
    let ssc = app.create();
    ssc.start();
    await runUntil(ssc, 14_000);
    await ssc.stop();
    const real = Array.from({ length: 10 }, (_, i) => `checkpoint-${(i + 5) * 1000}`);
    expect(await checkpointFiles(app.dir)).toEqual([...real, ...foreign, 'checkpoint-500'].sort());
    const mark = app.events.length;
    ssc = await app.start();
    await runUntil(ssc, 20_000);
    await ssc.stop();
    expect(app.events.slice(mark)).toEqual(full.filter(([t]) => t >= 14_000));
  });
});
