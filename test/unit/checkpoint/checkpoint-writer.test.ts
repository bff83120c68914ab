/**
 * The checkpoint writer (Spark's CheckpointWriter, spec §7.3) in real temporary directories:
 * atomic files that decode to what was written, each write tried up to 3 times with every failed
 * attempt logged, and a checkpoint directory that vanished created again.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCheckpointFile } from '../../../src/checkpoint/checkpoint-file-format.js';
import { writeAndSync, type WriteNewFile } from '../../../src/checkpoint/checkpoint-files.js';
import { readCheckpointFile } from '../../../src/checkpoint/checkpoint-reader.js';
import { CheckpointWriter } from '../../../src/checkpoint/checkpoint-writer.js';
import { jsonSerializer, v8Serializer } from '../../../src/index.js';
import { LogLines, makeUnwritable } from '../../support/checkpoint-faults.js';

let dir: string;
const log = new LogLines();
const logs = log.lines;
const logger = log.logger;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dstream-ts-writer-'));
  log.take();
});

afterEach(async () => {
  await rm(`${dir}.aside`, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

/** A file writer whose first `failures` calls fail with ENOSPC after writing half the bytes. */
function diskFullFor(failures: number): { write: WriteNewFile; calls: string[] } {
  const calls: string[] = [];
  const write: WriteNewFile = async (path, bytes) => {
    calls.push(path);
    if (calls.length > failures) return writeAndSync(path, bytes);
    await writeAndSync(path, bytes.subarray(0, bytes.length >> 1));
    throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' });
  };
  return { write, calls };
}

const value = { kind: 'test', times: [1000, 2000], nested: new Map([['a', 1]]) };

describe('CheckpointWriter', () => {
  it('writes a file that decodes to the value, with the serializer named in it', async () => {
    const writer = new CheckpointWriter(dir, jsonSerializer, logger);
    await writer.write('checkpoint-1000', writer.encode({ a: [1, 2] }));
    expect(await readdir(dir)).toEqual(['checkpoint-1000']);
    const { serializerName } = decodeCheckpointFile(await readFile(join(dir, 'checkpoint-1000')));
    expect(serializerName).toBe('json');
    await expect(readCheckpointFile(dir, 'checkpoint-1000', [])).resolves.toEqual({ a: [1, 2] });
    expect(logs).toEqual([]);
  });

  it('replaces a file of the same name whole', async () => {
    const writer = new CheckpointWriter(dir, v8Serializer, logger);
    await writer.write('rdd-1-1000', writer.encode('first'));
    await writer.write('rdd-1-1000', writer.encode(value));
    expect(await readdir(dir)).toEqual(['rdd-1-1000']);
    await expect(readCheckpointFile(dir, 'rdd-1-1000', [])).resolves.toEqual(value);
  });

  it('retries a failed write: ENOSPC once, then written, one warning', async () => {
    const disk = diskFullFor(1);
    const writer = new CheckpointWriter(dir, v8Serializer, logger, disk.write);
    await writer.write('checkpoint-1000', writer.encode(value));
    expect(disk.calls).toEqual([
      join(dir, '.checkpoint-1000.tmp'),
      join(dir, '.checkpoint-1000.tmp'),
    ]);
    await expect(readCheckpointFile(dir, 'checkpoint-1000', [])).resolves.toEqual(value);
    expect(logs).toEqual([
      `WARN Error in attempt 1 of writing checkpoint to '${join(dir, 'checkpoint-1000')}': ENOSPC: no space left on device, write`,
    ]);
    // The half-written temporary file is gone.
    expect(await readdir(dir)).toEqual(['checkpoint-1000']);
  });

  it('gives up after 3 attempts: each logged, the last error thrown, the old file kept', async () => {
    const writer = new CheckpointWriter(dir, v8Serializer, logger);
    await writer.write('checkpoint-1000', writer.encode('old'));
    const disk = diskFullFor(3);
    const failing = new CheckpointWriter(dir, v8Serializer, logger, disk.write);
    await expect(failing.write('checkpoint-1000', failing.encode('new'))).rejects.toThrow(
      'ENOSPC: no space left on device, write',
    );
    expect(disk.calls.length).toBe(3);
    expect(logs).toEqual(
      [1, 2, 3].map(
        (n) =>
          `WARN Error in attempt ${n} of writing checkpoint to '${join(dir, 'checkpoint-1000')}': ENOSPC: no space left on device, write`,
      ),
    );
    expect(await readdir(dir)).toEqual(['checkpoint-1000']);
    await expect(readCheckpointFile(dir, 'checkpoint-1000', [])).resolves.toBe('old');
  });

  it('creates the checkpoint directory again when it vanished, and writes into it', async () => {
    const writer = new CheckpointWriter(dir, v8Serializer, logger);
    await rm(dir, { recursive: true });
    await writer.write('checkpoint-2000', writer.encode(value));
    await expect(readCheckpointFile(dir, 'checkpoint-2000', [])).resolves.toEqual(value);
    expect(logs).toEqual([
      `WARN Error in attempt 1 of writing checkpoint to '${join(dir, 'checkpoint-2000')}': ENOENT: no such file or directory, open '${join(dir, '.checkpoint-2000.tmp')}'`,
      `WARN The checkpoint directory ${dir} had vanished and was created again; the checkpoints it held are lost`,
    ]);
  });

  it('fails after 3 attempts when the directory cannot be written', async () => {
    const writer = new CheckpointWriter(dir, v8Serializer, logger);
    const restore = await makeUnwritable(dir);
    await expect(writer.write('checkpoint-3000', writer.encode(value))).rejects.toThrow();
    await restore();
    expect(logs.length).toBe(3);
    for (const [i, line] of logs.entries()) {
      expect(line).toMatch(
        new RegExp(
          `^WARN Error in attempt ${i + 1} of writing checkpoint to '${join(dir, 'checkpoint-3000')}': (EACCES|ENOTDIR)`,
        ),
      );
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('throws the serializer error at once (not an I/O failure: never retried)', () => {
    const writer = new CheckpointWriter(dir, v8Serializer, logger);
    expect(() => writer.encode({ f: () => 1 })).toThrow(/could not be cloned/);
  });
});
