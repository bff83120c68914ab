/**
 * The checkpoint writer (Spark's CheckpointWriter, spec §7.1–7.3) in real temporary directories:
 * data files of checkpointed RDDs, a metadata file per completed batch, only the newest 10
 * metadata files kept, and data files deleted once no retained checkpoint refers to them.
 * First with hand-made checkpoints, then end to end on a context driven by a ManualClock.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointMetadata } from '../../../src/checkpoint/checkpoint.js';
import { decodeCheckpointFile } from '../../../src/checkpoint/checkpoint-file-format.js';
import {
  listCheckpointFiles,
  writeFileAtomically,
} from '../../../src/checkpoint/checkpoint-files.js';
import { readCheckpointFile } from '../../../src/checkpoint/checkpoint-reader.js';
import { CheckpointWriter } from '../../../src/checkpoint/checkpoint-writer.js';
import type { DStreamNode } from '../../../src/dstream/dstream-node.js';
import {
  jsonSerializer,
  type Logger,
  ManualClock,
  type Pair,
  Seconds,
  StreamingContext,
  v8Serializer,
} from '../../../src/index.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dstream-ts-writer-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A metadata checkpoint of time `timeMs` whose one stream refers to data files `files`. */
function metadata(timeMs: number, files: readonly string[] = []): CheckpointMetadata {
  return {
    kind: 'dstream-ts metadata checkpoint',
    appName: 'writer test',
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

/** Write a data file the way the writer does (contents do not matter to the clean-up). */
async function writeData(name: string): Promise<void> {
  await writeFileAtomically(dir, name, Buffer.from(name));
}

describe('CheckpointWriter with hand-made checkpoints', () => {
  it('writes checkpoint-<ms> files that decode to the metadata written', async () => {
    const writer = new CheckpointWriter(dir, v8Serializer);
    await writer.writeMetadata(metadata(1000));
    await writer.writeMetadata(metadata(2000, ['rdd-0-2000']));
    expect(await readdir(dir)).toEqual(['checkpoint-1000', 'checkpoint-2000']);
    await expect(readCheckpointFile(dir, 'checkpoint-1000', [])).resolves.toEqual(metadata(1000));
    await expect(readCheckpointFile(dir, 'checkpoint-2000', [])).resolves.toEqual(
      metadata(2000, ['rdd-0-2000']),
    );
  });

  it("records the serializer's name in every file", async () => {
    await new CheckpointWriter(dir, jsonSerializer).writeMetadata(metadata(1000));
    const { readFile } = await import('node:fs/promises');
    const { serializerName, payload } = decodeCheckpointFile(
      await readFile(join(dir, 'checkpoint-1000')),
    );
    expect(serializerName).toBe('json');
    expect(JSON.parse(payload.toString('utf8'))).toEqual(metadata(1000));
  });

  it('keeps only the newest 10 metadata files after many batches', async () => {
    const writer = new CheckpointWriter(dir, v8Serializer);
    for (let t = 1; t <= 9; t++) await writer.writeMetadata(metadata(t * 1000));
    expect(await listCheckpointFiles(dir)).toEqual(times(1, 9));
    await writer.writeMetadata(metadata(10_000));
    expect(await listCheckpointFiles(dir)).toEqual(times(1, 10));
    await writer.writeMetadata(metadata(11_000));
    expect(await listCheckpointFiles(dir)).toEqual(times(2, 11));
    for (let t = 12; t <= 125; t++) await writer.writeMetadata(metadata(t * 1000));
    expect(await listCheckpointFiles(dir)).toEqual(times(116, 125));
    expect((await readdir(dir)).sort()).toEqual(times(116, 125).sort());
  });

  it('counts .bk files among the 10 kept, oldest removed first', async () => {
    for (const name of ['checkpoint-1000.bk', 'checkpoint-1000', 'checkpoint-2000.bk']) {
      await writeFile(join(dir, name), '');
    }
    const writer = new CheckpointWriter(dir, v8Serializer);
    for (let t = 2; t <= 9; t++) await writer.writeMetadata(metadata(t * 1000));
    expect(await listCheckpointFiles(dir)).toEqual([
      'checkpoint-1000',
      'checkpoint-2000.bk',
      ...times(2, 9),
    ]);
  });

  it('rewriting the checkpoint of the same time replaces it', async () => {
    const writer = new CheckpointWriter(dir, v8Serializer);
    await writer.writeMetadata(metadata(1000));
    await writer.writeMetadata(metadata(1000, ['rdd-0-1000']));
    expect(await readdir(dir)).toEqual(['checkpoint-1000']);
    await expect(readCheckpointFile(dir, 'checkpoint-1000', [])).resolves.toEqual(
      metadata(1000, ['rdd-0-1000']),
    );
  });

  it('deletes a data file once no retained checkpoint refers to it, keeps referenced ones', async () => {
    const writer = new CheckpointWriter(dir, v8Serializer);
    await writeData('rdd-0-1000');
    await writer.writeMetadata(metadata(1000, ['rdd-0-1000']));
    for (let t = 2; t <= 10; t++) await writer.writeMetadata(metadata(t * 1000));
    // checkpoint-1000 is still one of the newest 10: its data file stays.
    expect(await dataFiles()).toEqual(['rdd-0-1000']);
    await writer.writeMetadata(metadata(11_000));
    expect(await listCheckpointFiles(dir)).toEqual(times(2, 11));
    expect(await dataFiles()).toEqual([]);
  });

  it('keeps exactly the data files the 10 retained checkpoints refer to (rolling references)', async () => {
    // Every 3rd batch checkpoints data; each checkpoint refers to the two newest data files, as a
    // state stream remembering twice its checkpoint interval does.
    const writer = new CheckpointWriter(dir, v8Serializer);
    const written: string[] = [];
    const referencedBy = new Map<number, string[]>();
    for (let t = 1; t <= 40; t++) {
      if (t % 3 === 0) {
        written.push(`rdd-4-${t * 1000}`);
        await writeData(`rdd-4-${t * 1000}`);
      }
      const refs = written.slice(-2);
      referencedBy.set(t, refs);
      await writer.writeMetadata(metadata(t * 1000, refs));
      const retained = Array.from({ length: Math.min(t, 10) }, (_, i) => t - i);
      const expected = [...new Set(retained.flatMap((r) => referencedBy.get(r) ?? []))].sort();
      expect(await dataFiles()).toEqual(expected);
    }
    expect(await dataFiles()).toEqual(
      ['rdd-4-27000', 'rdd-4-30000', 'rdd-4-33000', 'rdd-4-36000', 'rdd-4-39000'].sort(),
    );
  });

  it('after a restart, deletes no data file until every retained checkpoint is known', async () => {
    const before = new CheckpointWriter(dir, v8Serializer);
    await writeData('rdd-0-1000');
    await before.writeMetadata(metadata(1000, ['rdd-0-1000']));
    for (let t = 2; t <= 8; t++) {
      if (t === 5) await writeData('rdd-0-5000');
      await before.writeMetadata(metadata(t * 1000, t >= 5 ? ['rdd-0-5000'] : []));
    }
    // A stray data file that no checkpoint refers to.
    await writeData('rdd-9-3000');

    // A new writer (a restarted context) knows only the checkpoint it recovered from.
    const after = new CheckpointWriter(dir, v8Serializer);
    after.remember('checkpoint-8000', metadata(8000, ['rdd-0-5000']));
    await after.writeMetadata(metadata(9000, ['rdd-0-5000']));
    await after.writeMetadata(metadata(10_000, ['rdd-0-5000']));
    await after.writeMetadata(metadata(11_000, ['rdd-0-5000']));
    // checkpoint-2000 … checkpoint-7000 are retained but unknown: nothing is deleted.
    expect(await listCheckpointFiles(dir)).toEqual(times(2, 11));
    expect(await dataFiles()).toEqual(['rdd-0-1000', 'rdd-0-5000', 'rdd-9-3000']);
    for (let t = 12; t <= 16; t++) await after.writeMetadata(metadata(t * 1000, ['rdd-0-5000']));
    expect(await listCheckpointFiles(dir)).toEqual(times(7, 16));
    expect(await dataFiles()).toEqual(['rdd-0-1000', 'rdd-0-5000', 'rdd-9-3000']);
    // Once checkpoint-7000 rolls out, every retained checkpoint is known.
    await after.writeMetadata(metadata(17_000, ['rdd-0-5000']));
    expect(await listCheckpointFiles(dir)).toEqual(times(8, 17));
    expect(await dataFiles()).toEqual(['rdd-0-5000']);
  });

  it('leaves other files and directories alone', async () => {
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await mkdir(join(dir, 'rdd-directory'));
    await mkdir(join(dir, 'checkpoint-500'));
    const writer = new CheckpointWriter(dir, v8Serializer);
    for (let t = 1; t <= 12; t++) await writer.writeMetadata(metadata(t * 1000));
    expect((await readdir(dir)).sort()).toEqual(
      ['notes.txt', 'rdd-directory', 'checkpoint-500', ...times(3, 12)].sort(),
    );
  });

  it('writeData writes rdd-<streamId>-<ms> with the encoded partitions, or nothing without an RDD', async () => {
    const partitions = [[['a', 1] as Pair<string, number>], []];
    const node = {
      id: 7,
      generatedRDDs: new Map<number, unknown>([[3000, {}]]),
      encodeCheckpoint: () => partitions,
    } as unknown as DStreamNode<unknown>;
    const writer = new CheckpointWriter(dir, v8Serializer);
    await writer.writeData(node, 3000);
    await writer.writeData(node, 4000);
    expect(await readdir(dir)).toEqual(['rdd-7-3000']);
    await expect(readCheckpointFile(dir, 'rdd-7-3000', [])).resolves.toEqual(partitions);
  });
});

describe('CheckpointWriter driven by a context on a ManualClock', () => {
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
