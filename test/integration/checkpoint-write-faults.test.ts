/**
 * Checkpoint writing under real faults (issue 12, observations 2, 6 and 7): a directory that
 * cannot be written for a batch, a deleted directory, a full disk (ENOSPC, injected where the
 * file is written: a local disk cannot be filled on demand), files the library did not write.
 * Virtual time (ManualClock), real temporary directories; outputs are compared with an
 * uninterrupted run, and every log line is checked.
 */
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckpointMetadata } from '../../src/checkpoint/checkpoint.js';
import { CheckpointError, Seconds } from '../../src/index.js';
import { FullDisk, makeUnwritable, runUntil, Scratch } from '../support/checkpoint-faults.js';
import {
  RateStateApp,
  uninterrupted,
  type RateStateAppOptions,
} from '../support/rate-state-app.js';

const scratch = new Scratch();
afterEach(() => scratch.clean());

async function newApp(options: RateStateAppOptions = {}): Promise<RateStateApp> {
  return new RateStateApp(await scratch.dir('cp-faults'), scratch, options);
}

/** What `promise` rejected with by now, or `undefined` while it is pending or resolved. */
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

/** Spark's per-attempt warnings, and its error when the writer gives up. */
function failedWrite(name: string, error: string, what = `checkpoint for time`): string[] {
  const file = `<dir>/${name}`;
  const attempts = [1, 2, 3].map(
    (n) => `WARN Error in attempt ${n} of writing checkpoint to '${file}': ${error}`,
  );
  const timeMs = Number(name.split('-').at(-1));
  const gaveUp =
    what === 'checkpoint for time'
      ? `ERROR Could not write checkpoint for time ${timeMs} ms to file '${file}': Error: ${error}`
      : `ERROR Could not write the data checkpoint of ${what} at ${timeMs} ms to file '${file}'; it is written with the stream's next batch instead: Error: ${error}`;
  return [...attempts, gaveUp];
}

/** The checkpoint entry of the app's state stream with data files of `times`. */
function stateStream(times: readonly number[]): CheckpointMetadata['streams'][number] {
  return {
    key: 'StateDStream[2]',
    named: false,
    className: 'StateDStream',
    data: times.map((timeMs) => ({ timeMs, file: `rdd-2-${timeMs}` })),
  };
}

/** The error of a write into the unwritable directory (root: a file in its place). */
function unwritableError(name: string): string {
  return process.getuid?.() === 0
    ? `ENOTDIR: not a directory, open '<dir>/.${name}.tmp'`
    : `EACCES: permission denied, open '<dir>/.${name}.tmp'`;
}

describe('observation 2: one failed data checkpoint write', () => {
  it('recovers after the directory could not be written for the batch that writes the data checkpoint', async () => {
    const full = await uninterrupted(scratch, 50_000);
    const app = await newApp();
    let ssc = await app.start();
    await runUntil(ssc, 29_000);
    const restore = await makeUnwritable(app.dir);
    await runUntil(ssc, 30_000);
    await restore();
    expect(app.log.take()).toEqual([
      ...failedWrite('checkpoint-30000', unwritableError('checkpoint-30000')),
      ...failedWrite('rdd-2-30000', unwritableError('rdd-2-30000'), 'StateDStream[2]'),
      ...failedWrite('checkpoint-30000', unwritableError('checkpoint-30000')),
    ]);
    await runUntil(ssc, 31_000);
    // The next batch's state is written in place of the one due at 30 s.
    expect(app.log.take()).toEqual([
      'WARN Wrote the data checkpoint of StateDStream[2] at 31000 ms in place of the one due at 30000 ms',
    ]);
    expect((await app.metadata(31_000)).streams).toEqual([stateStream([31_000])]);
    await runUntil(ssc, 42_000);
    await ssc.stop();
    expect(await checkpointFiles(app.dir)).toEqual(
      Array.from({ length: 10 }, (_, i) => `checkpoint-${33_000 + i * 1000}`),
    );
    const mark = app.events.length;
    ssc = await app.start();
    await runUntil(ssc, 50_000);
    await ssc.stop();
    // The newest checkpoint restores the state: recovery re-runs from 42 s, exactly.
    expect(app.events.slice(mark)).toEqual(full.filter(([t]) => t >= 42_000));
    expect(app.log.take()).toEqual([]);
  });

  it('a crash right after the failure: recovery computes the state again from the batches remembered, and writes the missing data checkpoint', async () => {
    const full = await uninterrupted(scratch, 40_000);
    const disk = new FullDisk();
    const app = await newApp({ context: { writeCheckpointFile: disk.write } });
    await app.run(29_000);
    const ssc = await app.start();
    disk.isFull = (name) => name.startsWith('rdd-');
    await runUntil(ssc, 31_000);
    await ssc.stop();
    disk.isFull = () => false;
    // The state of 30 s and 31 s is not on disk, but 31 s is well within the 60 s the state
    // stream remembers: checkpoint-31000 restores it (from zero time).
    expect((await app.metadata(31_000)).streams[0]).toEqual({
      ...stateStream([]),
      overdueDataMs: 30_000,
    });
    app.log.take();
    const mark = app.events.length;
    await app.run(40_000);
    expect(app.events.slice(mark)).toEqual(full.filter(([t]) => t >= 31_000));
    // Computing the state of 31 s again computed that of 30 s, which was due: it is written with
    // the first batch after recovery.
    expect(app.log.take()).toEqual([]);
    expect((await app.metadata(31_000)).streams[0]).toEqual(stateStream([30_000]));
    expect((await app.metadata(40_000)).streams[0]).toEqual(stateStream([30_000]));
  });

  it('a crash while data checkpoints keep failing: recovery uses the newest checkpoint that restores the state', async () => {
    const full = await uninterrupted(scratch, 16_000, { interval: Seconds(2) });
    const disk = new FullDisk();
    const app = await newApp({
      interval: Seconds(2),
      context: { writeCheckpointFile: disk.write },
    });
    let ssc = await app.start();
    await runUntil(ssc, 3000);
    // The disk is full for data files from 4 s on: the metadata checkpoints still get written.
    disk.isFull = (name) => name.startsWith('rdd-');
    await runUntil(ssc, 9000);
    await ssc.stop();
    const enospc = 'ENOSPC: no space left on device, write';
    expect(app.log.take()).toEqual(
      [4, 5, 6, 7, 8, 9].flatMap((t) => failedWrite(`rdd-2-${t}000`, enospc, 'StateDStream[2]')),
    );
    // Up to 5 s the state can be computed again from the data file of 2 s and the 4 s of batches
    // the stream remembers; from 6 s on (data file of 2 s forgotten) it cannot.
    for (const t of [4000, 5000]) {
      expect((await app.metadata(t)).streams[0]).toEqual({
        ...stateStream([2000]),
        overdueDataMs: 4000,
      });
    }
    for (const [t, due] of [
      [6000, 6000],
      [7000, 6000],
      [8000, 8000],
      [9000, 8000],
    ] as const) {
      expect((await app.metadata(t)).streams[0]).toEqual({
        ...stateStream([]),
        overdueDataMs: due,
        unrestorable: true,
      });
    }
    disk.isFull = () => false;
    const mark = app.events.length;
    ssc = await app.start();
    await runUntil(ssc, 16_000);
    await ssc.stop();
    expect(app.events.slice(mark)).toEqual(full.filter(([t]) => t >= 5000));
    const skipped = (t: number, due: number): string =>
      `WARN Skipping checkpoint file checkpoint-${t}: it cannot restore the state of StateDStream[2]: its data checkpoint due at ${due} ms had not been written, and the batches since its last one are no longer remembered`;
    expect(app.log.take()).toEqual([
      skipped(9000, 8000),
      skipped(8000, 8000),
      skipped(7000, 6000),
      skipped(6000, 6000),
      'WARN Recovering from checkpoint-5000, the newest checkpoint that restores every stream, in place of the newer files skipped above: batches from 5000 ms on run again',
      'WARN Deleting checkpoint-6000, checkpoint-7000, checkpoint-8000, checkpoint-9000 from <dir>: checkpoints this context did not recover from, of batches it runs again (recovery would otherwise try them before the new ones)',
    ]);
  });
});

describe('observation 6: failed writes are retried, logged, and do not end the job', () => {
  it('a failed write does not reject awaitTermination(); later checkpoints are written', async () => {
    const app = await newApp();
    const ssc = await app.start();
    const termination = ssc.awaitTermination();
    termination.catch(() => undefined); // handled: inspected below
    await runUntil(ssc, 3000);
    const restore = await makeUnwritable(app.dir);
    await runUntil(ssc, 4000);
    await restore();
    await runUntil(ssc, 6000);
    expect(await rejection(termination)).toBeUndefined();
    expect(app.log.take()).toEqual([
      ...failedWrite('checkpoint-4000', unwritableError('checkpoint-4000')),
      ...failedWrite('checkpoint-4000', unwritableError('checkpoint-4000')),
    ]);
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

  it("checkpointWriteFailure: 'fail' rejects awaitTermination() with a CheckpointError; the context goes on", async () => {
    const disk = new FullDisk();
    const app = await newApp({
      context: { checkpointWriteFailure: 'fail', writeCheckpointFile: disk.write },
    });
    const ssc = await app.start();
    const termination = ssc.awaitTermination();
    termination.catch(() => undefined); // handled: inspected below
    await runUntil(ssc, 2000);
    disk.isFull = (name) => name === 'checkpoint-3000';
    await runUntil(ssc, 3000);
    disk.isFull = () => false;
    const error = await rejection(termination);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toBe(
      'Could not write the checkpoint of time 3000 ms: Error: ENOSPC: no space left on device, write',
    );
    await runUntil(ssc, 5000);
    expect(ssc.getState()).toBe('ACTIVE');
    expect(await checkpointFiles(app.dir)).toEqual([
      'checkpoint-1000',
      'checkpoint-2000',
      'checkpoint-4000',
      'checkpoint-5000',
    ]);
    await ssc.stop();
  });

  it('a deleted checkpoint directory is created again and written to', async () => {
    const full = await uninterrupted(scratch, 15_000, { interval: Seconds(2) });
    const app = await newApp({ interval: Seconds(2) });
    let ssc = await app.start();
    const termination = ssc.awaitTermination();
    termination.catch(() => undefined); // handled: inspected below
    await runUntil(ssc, 5000);
    await rm(app.dir, { recursive: true });
    await runUntil(ssc, 9000);
    expect(await rejection(termination)).toBeUndefined();
    await ssc.stop();
    const gone = (file: string): string =>
      `WARN The data checkpoint file ${file} (StateDStream[2] at ${file.split('-')[2]} ms) is gone (ENOENT: no such file or directory, stat '<dir>/${file}'): checkpoints written from now on do not refer to it`;
    expect(app.log.take()).toEqual([
      gone('rdd-2-2000'),
      gone('rdd-2-4000'),
      "WARN Error in attempt 1 of writing checkpoint to '<dir>/rdd-2-5000': ENOENT: no such file or directory, open '<dir>/.rdd-2-5000.tmp'",
      'WARN The checkpoint directory <dir> had vanished and was created again; the checkpoints it held are lost',
      'WARN Wrote the data checkpoint of StateDStream[2] at 5000 ms in place of the one due at 4000 ms',
    ]);
    // Before the checkpoint generating 6 s is written, the state of 5 s is written in place of the
    // files that vanished; the one written when 6 s completed refers to its own data file too.
    expect(await checkpointFiles(app.dir)).toEqual(
      ['checkpoint-6000', 'checkpoint-7000', 'checkpoint-8000', 'checkpoint-9000'].sort(),
    );
    expect((await app.metadata(9000)).streams).toEqual([stateStream([6000, 8000])]);
    expect((await readdir(app.dir)).filter((name) => name.startsWith('rdd-')).sort()).toEqual([
      'rdd-2-5000',
      'rdd-2-6000',
      'rdd-2-8000',
    ]);
    const mark = app.events.length;
    ssc = await app.start();
    await runUntil(ssc, 15_000);
    await ssc.stop();
    expect(app.events.slice(mark)).toEqual(full.filter(([t]) => t >= 9000));
    expect(app.log.take()).toEqual([]);
  });
});

describe('observation 7: files the library did not write', () => {
  it('are neither counted nor deleted by retention, and reported once: the real checkpoints stay', async () => {
    const full = await uninterrupted(scratch, 20_000, { interval: Seconds(2) });
    const app = await newApp({ interval: Seconds(2) });
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
    const tooShort = (bytes: number): string =>
      `not a dstream-ts checkpoint file: too short (${bytes} bytes; the header alone takes 49)`;
    const ignoring = (name: string, reason: string): string =>
      `WARN Ignoring ${name} in the checkpoint directory <dir>: ${reason}. Not written by dstream-ts, or damaged: retention neither counts nor deletes it`;
    expect(app.log.take()).toEqual([
      ignoring('checkpoint-500', tooShort(15)),
      ...foreign.map((name) => ignoring(name, tooShort(34))),
    ]);
    const mark = app.events.length;
    ssc = await app.start();
    await runUntil(ssc, 20_000);
    await ssc.stop();
    expect(app.events.slice(mark)).toEqual(full.filter(([t]) => t >= 14_000));
    // Recovery reports each foreign file it skipped; retention does not report them again.
    expect(app.log.take()).toEqual([
      ...[...foreign]
        .reverse()
        .map((name) => `WARN Skipping checkpoint file ${name}: ${tooShort(34)}`),
      `WARN Skipping checkpoint file checkpoint-500: ${tooShort(15)}`,
      'WARN Recovering from checkpoint-14000, the newest checkpoint that restores every stream, in place of the newer files skipped above: batches from 14000 ms on run again',
    ]);
  });
});
