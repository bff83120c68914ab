/**
 * Damaged checkpoint files are never silent (issue 12): a flipped bit or a truncation in a data or
 * metadata checkpoint is reported with the file, where it is damaged and what it held; recovery
 * uses the newest checkpoint that needs none of the damaged files, and when none is left the
 * CheckpointError names every one. A data file damaged while the context runs is found before the
 * next checkpoint refers to it, and the state is written again. Real files, virtual time.
 */
import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointError, Seconds } from '../../src/index.js';
import { flipByte, runUntil, Scratch, truncateFile } from '../support/checkpoint-faults.js';
import { RateStateApp, uninterrupted } from '../support/rate-state-app.js';

const scratch = new Scratch();
afterEach(() => scratch.clean());

/** The application with its state stream named 'totals', checkpointed every 2 s. */
const options = { interval: Seconds(2), name: 'totals' };

async function newApp(): Promise<RateStateApp> {
  return new RateStateApp(await scratch.dir('cp-damage'), scratch, options);
}

/** Bytes of the v8 container header before the payload ("v8": 2-byte serializer name). */
const HEADER = 9 + 2 + 40;
const SKIP = 'WARN Skipping checkpoint file';
const recovering = (timeMs: number): string =>
  `WARN Recovering from checkpoint-${timeMs}, the newest checkpoint that restores every stream, in place of the newer files skipped above: batches from ${timeMs} ms on run again`;

describe('a damaged data checkpoint', () => {
  /**
   * Run 7 batches, damage rdd-2-6000 with `damage`, recover and run to 12 s: each checkpoint
   * needing the file is skipped with `problem(size)`, 5 s and later run again exactly.
   */
  async function expectSkipped(
    damage: (app: RateStateApp, size: number) => Promise<void>,
    problem: (size: number) => string,
  ): Promise<void> {
    const full = await uninterrupted(scratch, 12_000, options);
    const app = await newApp();
    await app.run(7000);
    const size = await app.size('rdd-2-6000');
    await damage(app, size);
    const mark = app.events.length;
    await app.run(12_000);
    const why = `its data file rdd-2-6000 (the state of 'totals' (StateDStream) at 6000 ms) could not be read: ${problem(size)}`;
    expect(app.log.take()).toEqual([
      `${SKIP} checkpoint-7000: ${why}`,
      `${SKIP} checkpoint-6000: ${why}`,
      recovering(5000),
      // The checkpoints skipped are of batches run again: they go before new ones could mix in.
      'WARN Deleting checkpoint-6000, checkpoint-7000 from <dir>: checkpoints this context did not recover from, of batches it runs again (recovery would otherwise try them before the new ones)',
    ]);
    // Nothing is lost but time: 5 s and later run again, and give what an uninterrupted run gives.
    expect(app.events.slice(mark)).toEqual(full.filter(([t]) => t >= 5000));
  }

  it('a flipped bit: each checkpoint needing it is skipped naming the file, the bytes and the state lost', async () => {
    await expectSkipped(
      (app) => flipByte(app.dir, 'rdd-2-6000', -3, 0x10),
      (size) =>
        `checksum mismatch: the checkpoint file is corrupt (the SHA-256 of the payload, bytes ${HEADER}–${size - 1}, differs from the one in bytes 11–42)`,
    );
  });

  it('truncated: the message says where the file ends and where it should', async () => {
    await expectSkipped(
      (app, size) => truncateFile(app.dir, 'rdd-2-6000', size - 7),
      (size) =>
        `truncated checkpoint file (${size - HEADER - 7} of ${size - HEADER} payload bytes): it ends at byte ${size - 7}, the length in bytes ${HEADER - 8}–${HEADER - 1} says at byte ${size}`,
    );
  });

  it('damaged while the context runs: found before the next checkpoint refers to it, the state written again', async () => {
    const full = await uninterrupted(scratch, 12_000, options);
    const app = await newApp();
    const ssc = await app.start();
    await runUntil(ssc, 5000);
    const size = await app.size('rdd-2-4000');
    await truncateFile(app.dir, 'rdd-2-4000', 100);
    await runUntil(ssc, 6000);
    expect(app.log.take()).toEqual([
      `WARN The data checkpoint file rdd-2-4000 ('totals' (StateDStream) at 4000 ms) has 100 bytes, not the ${size} written: checkpoints written from now on do not refer to it`,
      "WARN Wrote the data checkpoint of 'totals' (StateDStream) at 5000 ms in place of the one due at 4000 ms",
    ]);
    expect((await app.metadata(6000)).streams[0]?.data).toEqual([
      { timeMs: 5000, file: 'rdd-2-5000' },
      { timeMs: 6000, file: 'rdd-2-6000' },
    ]);
    await runUntil(ssc, 7000);
    await ssc.stop();
    const mark = app.events.length;
    await app.run(12_000);
    expect(app.log.take()).toEqual([]);
    expect(app.events.slice(mark)).toEqual(full.filter(([t]) => t >= 7000));
  });
});

describe('no checkpoint left that can be restored', () => {
  it('the CheckpointError names every damaged file and what it held', async () => {
    const app = await newApp();
    await app.run(4000);
    app.log.take();
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
    expect(app.log.take()).toEqual([
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
    app.log.take();
    const ssc = await app.getOrCreate({ createOnError: true });
    expect(ssc.clock.now()).toBe(0);
    const logs = app.log.take();
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
