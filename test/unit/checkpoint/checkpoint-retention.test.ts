/**
 * Checkpoint retention (Spark's newest-10 rule, spec §7.3, made safe) in real temporary
 * directories: the newest 10 metadata checkpoints this library wrote are kept with the data files
 * they refer to, the newest one that restores every stream is never deleted, files the library did
 * not write are neither counted nor deleted (and reported once), and checkpoints of batches a
 * recovered context runs again are removed. First with hand-made checkpoints, then end to end.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointMetadata } from '../../../src/checkpoint/checkpoint.js';
import { listCheckpointFiles } from '../../../src/checkpoint/checkpoint-files.js';
import { readCheckpointFile } from '../../../src/checkpoint/checkpoint-reader.js';
import { CheckpointRetention } from '../../../src/checkpoint/checkpoint-retention.js';
import { CheckpointWriter } from '../../../src/checkpoint/checkpoint-writer.js';
import {
  type Logger,
  ManualClock,
  type Pair,
  Seconds,
  StreamingContext,
  v8Serializer,
} from '../../../src/index.js';
import { LogLines } from '../../support/checkpoint-faults.js';

let dir: string;
const log = new LogLines();
const logs = log.lines;
const logger = log.logger;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dstream-ts-retention-'));
  log.take();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A metadata checkpoint of time `timeMs` whose one stream refers to data files `files`. */
function metadata(
  timeMs: number,
  files: readonly string[] = [],
  overdueDataMs?: number,
): CheckpointMetadata {
  return {
    kind: 'dstream-ts metadata checkpoint',
    appName: 'retention test',
    batchDurationMs: 1000,
    zeroTimeMs: 0,
    checkpointTimeMs: timeMs,
    pendingTimesMs: [],
    fingerprint: ['0:StateDStream:totals:1000:[]'],
    streams: [
      {
        key: 'totals',
        named: true,
        className: 'StateDStream',
        data: files.map((file) => ({ timeMs: Number(file.split('-')[2]), file })),
        ...(overdueDataMs === undefined ? {} : { overdueDataMs, unrestorable: true as const }),
      },
    ],
    inputs: [],
  };
}

const times = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `checkpoint-${(from + i) * 1000}`);

async function dataFiles(): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('rdd-')).sort();
}

/** Writes checkpoint files as a context does: the file, then a retention pass. */
class Store {
  readonly writer = new CheckpointWriter(dir, v8Serializer, logger);
  readonly retention: CheckpointRetention;

  constructor(found?: ConstructorParameters<typeof CheckpointRetention>[3]) {
    this.retention = new CheckpointRetention(dir, [v8Serializer], logger, found);
  }

  async data(name: string): Promise<void> {
    await this.writer.write(name, this.writer.encode([[name]]));
    this.retention.wroteData(name);
  }

  async checkpoint(checkpoint: CheckpointMetadata): Promise<void> {
    const name = `checkpoint-${checkpoint.checkpointTimeMs}`;
    await this.writer.write(name, this.writer.encode(checkpoint));
    this.retention.wroteCheckpoint(name, checkpoint);
    await this.retention.clean();
  }
}

describe('CheckpointRetention with hand-made checkpoints', () => {
  it('keeps only the newest 10 metadata files after many batches', async () => {
    const store = new Store();
    for (let t = 1; t <= 10; t++) await store.checkpoint(metadata(t * 1000));
    expect(await listCheckpointFiles(dir)).toEqual(times(1, 10));
    await store.checkpoint(metadata(11_000));
    expect(await listCheckpointFiles(dir)).toEqual(times(2, 11));
    for (let t = 12; t <= 125; t++) await store.checkpoint(metadata(t * 1000));
    expect((await readdir(dir)).sort()).toEqual(times(116, 125).sort());
    expect(logs).toEqual([]);
  });

  it('rewriting the checkpoint of the same time replaces it and makes it the newest', async () => {
    const store = new Store();
    for (let t = 1; t <= 10; t++) await store.checkpoint(metadata(t * 1000));
    // A late completion checkpoint of an older batch: written last, so kept longest.
    await store.checkpoint(metadata(1000, []));
    await store.checkpoint(metadata(11_000));
    expect(await listCheckpointFiles(dir)).toEqual(['checkpoint-1000', ...times(3, 11)]);
  });

  it('deletes a data file once no retained checkpoint refers to it, keeps referenced ones', async () => {
    const store = new Store();
    await store.data('rdd-0-1000');
    await store.checkpoint(metadata(1000, ['rdd-0-1000']));
    for (let t = 2; t <= 10; t++) await store.checkpoint(metadata(t * 1000));
    expect(await dataFiles()).toEqual(['rdd-0-1000']);
    await store.checkpoint(metadata(11_000));
    expect(await listCheckpointFiles(dir)).toEqual(times(2, 11));
    expect(await dataFiles()).toEqual([]);
  });

  it('keeps exactly the data files the 10 retained checkpoints refer to (rolling references)', async () => {
    // Every 3rd batch checkpoints data; each checkpoint refers to the two newest data files, as a
    // state stream remembering twice its checkpoint interval does.
    const store = new Store();
    const written: string[] = [];
    const referencedBy = new Map<number, string[]>();
    for (let t = 1; t <= 40; t++) {
      if (t % 3 === 0) {
        written.push(`rdd-4-${t * 1000}`);
        await store.data(`rdd-4-${t * 1000}`);
      }
      const refs = written.slice(-2);
      referencedBy.set(t, refs);
      await store.checkpoint(metadata(t * 1000, refs));
      const retained = Array.from({ length: Math.min(t, 10) }, (_, i) => t - i);
      const expected = [...new Set(retained.flatMap((r) => referencedBy.get(r) ?? []))].sort();
      expect(await dataFiles()).toEqual(expected);
    }
    expect(await dataFiles()).toEqual(
      ['rdd-4-27000', 'rdd-4-30000', 'rdd-4-33000', 'rdd-4-36000', 'rdd-4-39000'].sort(),
    );
  });

  it('never deletes the newest checkpoint that restores every stream, nor its data files', async () => {
    const store = new Store();
    await store.checkpoint(metadata(1000));
    await store.data('rdd-0-2000');
    await store.checkpoint(metadata(2000, ['rdd-0-2000']));
    // From 3 s on, the stream's data checkpoint due at 3 s is missing (its write failed).
    for (let t = 3; t <= 30; t++) await store.checkpoint(metadata(t * 1000, ['rdd-0-2000'], 3000));
    expect(await listCheckpointFiles(dir)).toEqual(['checkpoint-2000', ...times(21, 30)]);
    expect(await dataFiles()).toEqual(['rdd-0-2000']);
    // A restorable one again: the old one goes once it is out of the newest 10.
    await store.data('rdd-0-31000');
    await store.checkpoint(metadata(31_000, ['rdd-0-2000', 'rdd-0-31000']));
    expect(await listCheckpointFiles(dir)).toEqual(times(22, 31));
    await store.checkpoint(metadata(32_000, ['rdd-0-31000']));
    expect(await dataFiles()).toEqual(['rdd-0-2000', 'rdd-0-31000']);
    for (let t = 33; t <= 42; t++) await store.checkpoint(metadata(t * 1000, ['rdd-0-31000']));
    expect(await dataFiles()).toEqual(['rdd-0-31000']);
    expect(logs).toEqual([]);
  });

  it('after a restart, knows the checkpoints found and deletes data files none refers to', async () => {
    const before = new Store();
    await before.data('rdd-0-1000');
    await before.checkpoint(metadata(1000, ['rdd-0-1000']));
    for (let t = 2; t <= 8; t++) {
      if (t === 5) await before.data('rdd-0-5000');
      await before.checkpoint(metadata(t * 1000, t >= 5 ? ['rdd-0-5000'] : ['rdd-0-1000']));
    }
    // A data file no checkpoint refers to (written just before a crash).
    await before.data('rdd-9-3000');

    const after = new Store({ supersededAfterMs: 8000 });
    await after.checkpoint(metadata(8000, ['rdd-0-5000']));
    expect(await listCheckpointFiles(dir)).toEqual(times(1, 8));
    expect(await dataFiles()).toEqual(['rdd-0-1000', 'rdd-0-5000']);
    for (let t = 9; t <= 12; t++) await after.checkpoint(metadata(t * 1000, ['rdd-0-5000']));
    expect(await listCheckpointFiles(dir)).toEqual(times(3, 12));
    expect(await dataFiles()).toEqual(['rdd-0-1000', 'rdd-0-5000']);
    await after.checkpoint(metadata(13_000, ['rdd-0-5000']));
    await after.checkpoint(metadata(14_000, ['rdd-0-5000']));
    expect(await dataFiles()).toEqual(['rdd-0-5000']);
    expect(logs).toEqual([]);
  });

  it('deletes found checkpoints newer than the one recovered from (their batches run again)', async () => {
    const before = new Store();
    for (let t = 1; t <= 9; t++) await before.checkpoint(metadata(t * 1000));
    const after = new Store({ supersededAfterMs: 6000 });
    await after.checkpoint(metadata(6000));
    expect(await listCheckpointFiles(dir)).toEqual(times(1, 6));
    expect(logs).toEqual([
      `WARN Deleting checkpoint-7000, checkpoint-8000, checkpoint-9000 from ${dir}: checkpoints this context did not recover from, of batches it runs again (recovery would otherwise try them before the new ones)`,
    ]);
  });

  it('ignores files it did not write: counted nowhere, never deleted, reported once', async () => {
    await writeFile(join(dir, 'checkpoint-90000000000001'), 'someone else’s');
    await writeFile(join(dir, 'checkpoint-500'), '');
    await writeFile(join(dir, 'rdd-3-4000'), 'not a data checkpoint');
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await mkdir(join(dir, 'rdd-directory'));
    await mkdir(join(dir, 'checkpoint-600'));
    // A real checkpoint copied under another time's name.
    const store = new Store();
    await store.writer.write('checkpoint-95000000000000', store.writer.encode(metadata(3000)));
    for (let t = 1; t <= 14; t++) await store.checkpoint(metadata(t * 1000));
    expect((await readdir(dir)).sort()).toEqual(
      [
        ...times(5, 14),
        'checkpoint-90000000000001',
        'checkpoint-95000000000000',
        'checkpoint-500',
        'rdd-3-4000',
        'notes.txt',
        'rdd-directory',
        'checkpoint-600',
      ].sort(),
    );
    const ignoring = (name: string, reason: string): string =>
      `WARN Ignoring ${name} in the checkpoint directory ${dir}: ${reason}. Not written by dstream-ts, or damaged: retention neither counts nor deletes it`;
    expect(logs.sort()).toEqual(
      [
        ignoring(
          'checkpoint-500',
          'not a dstream-ts checkpoint file: too short (0 bytes; the header alone takes 49)',
        ),
        ignoring(
          'checkpoint-90000000000001',
          'not a dstream-ts checkpoint file: too short (16 bytes; the header alone takes 49)',
        ),
        ignoring(
          'checkpoint-95000000000000',
          'it holds the checkpoint of 3000 ms, not of 95000000000000 ms',
        ),
        ignoring('rdd-3-4000', 'it is not a dstream-ts checkpoint file'),
      ].sort(),
    );
  });

  it('deletes temporary files left by a crash, and stray data files it wrote', async () => {
    await writeFile(join(dir, '.checkpoint-3000.tmp'), 'half');
    await writeFile(join(dir, '.rdd-2-3000.tmp'), 'half');
    await writeFile(join(dir, '.notes.tmp'), 'not ours');
    const before = new Store();
    await before.data('rdd-2-2000');
    const store = new Store();
    await store.checkpoint(metadata(4000));
    expect((await readdir(dir)).sort()).toEqual(['.notes.tmp', 'checkpoint-4000']);
    expect(logs).toEqual([]);
  });

  it('counts .bk files found among the 10 kept, oldest removed first', async () => {
    const before = new Store();
    for (const t of [1000, 2000]) {
      await before.writer.write(`checkpoint-${t}.bk`, before.writer.encode(metadata(t)));
    }
    await before.writer.write('checkpoint-1000', before.writer.encode(metadata(1000)));
    const store = new Store();
    for (let t = 2; t <= 9; t++) await store.checkpoint(metadata(t * 1000));
    expect(await listCheckpointFiles(dir)).toEqual([
      'checkpoint-1000',
      'checkpoint-2000.bk',
      ...times(2, 9),
    ]);
  });
});

describe('retention driven by a context on a ManualClock', () => {
  const silent: Logger = { warn: () => undefined, error: () => undefined };

  /** Metadata of every retained checkpoint file. */
  async function retained(): Promise<CheckpointMetadata[]> {
    const names = await listCheckpointFiles(dir);
    return Promise.all(
      names.map(async (name) => (await readCheckpointFile(dir, name, [])) as CheckpointMetadata),
    );
  }

  it('writes metadata after every batch, keeps 10, and exactly the data files they refer to', async () => {
    const clock = new ManualClock();
    const ssc = new StreamingContext({ batchDuration: Seconds(1), clock, logger: silent });
    try {
      ssc.checkpoint(dir);
      const seed = ssc.sparkContext.parallelize([0], 1);
      ssc
        .constantInputDStream(seed)
        .transform((rdd, time) =>
          rdd.context.parallelize([[`k${time.milliseconds % 3000}`, 1] as Pair<string, number>]),
        )
        .updateStateByKey((values: number[], state: number | undefined) =>
          values.reduce((a, b) => a + b, state ?? 0),
        )
        .name('totals')
        .checkpoint(Seconds(2))
        .foreachRDD(() => undefined);
      ssc.start();
      for (let t = 1; t <= 30; t++) {
        await clock.advance(1000);
        const checkpoints = await retained();
        expect(checkpoints.map((c) => c.checkpointTimeMs)).toEqual(
          Array.from({ length: Math.min(t, 10) }, (_, i) => (t - Math.min(t, 10) + 1 + i) * 1000),
        );
        const newest = checkpoints.at(-1) as CheckpointMetadata;
        expect(newest.zeroTimeMs).toBe(0);
        expect(newest.pendingTimesMs).toEqual([]);
        expect(newest.streams.map((s) => [s.key, s.named, s.className])).toEqual([
          ['totals', true, 'StateDStream'],
        ]);
        // The state stream remembers 2 × its 2 s interval: its checkpointed RDDs of the last 4 s.
        const even = (t - (t % 2)) * 1000;
        expect(newest.streams[0]?.data.map((d) => d.timeMs)).toEqual(
          [even - 2000, even].filter((ms) => ms > 0 && ms > t * 1000 - 4000),
        );
        const referenced = new Set(
          checkpoints.flatMap((c) => c.streams.flatMap((s) => s.data.map((d) => d.file))),
        );
        expect(await dataFiles()).toEqual([...referenced].sort());
        expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      }
    } finally {
      await ssc.stop();
    }
  });
});
