/**
 * Checkpoint file naming, listing and atomic writes (spec §7.3; Spark's `Checkpoint.scala`,
 * `Checkpoint.getCheckpointFiles`), in real temporary directories. Includes the port of
 * CheckpointSuite's "SPARK-28912: Fix MatchError in getCheckpointFiles".
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkpointFileName,
  dataFileName,
  listCheckpointFiles,
  removeFile,
  writeFileAtomically,
} from '../../../src/checkpoint/checkpoint-files.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dstream-ts-cpfiles-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function touch(...names: string[]): Promise<void> {
  for (const name of names) await writeFile(join(dir, name), name);
}

describe('checkpoint file names', () => {
  it("are Spark's checkpoint-<ms>, and rdd-<streamId>-<ms> for data files", () => {
    expect(checkpointFileName(1000)).toBe('checkpoint-1000');
    expect(checkpointFileName(1_700_000_000_000)).toBe('checkpoint-1700000000000');
    expect(dataFileName(3, 10000)).toBe('rdd-3-10000');
  });
});

describe('listCheckpointFiles', () => {
  it('returns nothing for a directory that does not exist', async () => {
    await expect(listCheckpointFiles(join(dir, 'no-such-directory'))).resolves.toEqual([]);
  });

  it('returns nothing for an empty directory', async () => {
    await expect(listCheckpointFiles(dir)).resolves.toEqual([]);
  });

  it('orders by time numerically, not lexicographically', async () => {
    await touch('checkpoint-10000', 'checkpoint-9000', 'checkpoint-100000', 'checkpoint-2000');
    await expect(listCheckpointFiles(dir)).resolves.toEqual([
      'checkpoint-2000',
      'checkpoint-9000',
      'checkpoint-10000',
      'checkpoint-100000',
    ]);
  });

  it('puts the .bk file before the main file of the same time', async () => {
    await touch(
      'checkpoint-2000',
      'checkpoint-2000.bk',
      'checkpoint-1000.bk',
      'checkpoint-1000',
      'checkpoint-3000.bk',
    );
    await expect(listCheckpointFiles(dir)).resolves.toEqual([
      'checkpoint-1000.bk',
      'checkpoint-1000',
      'checkpoint-2000.bk',
      'checkpoint-2000',
      'checkpoint-3000.bk',
    ]);
  });

  it('ignores data files, temporary files and other names', async () => {
    await touch(
      'checkpoint-1000',
      'rdd-3-1000',
      '.checkpoint-2000.tmp',
      'checkpoint-',
      'checkpoint-abc',
      'checkpoint-3000.tmp',
      'xcheckpoint-4000',
      'temp',
    );
    await expect(listCheckpointFiles(dir)).resolves.toEqual(['checkpoint-1000']);
  });

  it('SPARK-28912: ignores a parent path that matches, and directories whose names match', async () => {
    const checkpointDir = join(dir, 'checkpoint-01');
    await expect(listCheckpointFiles(checkpointDir)).resolves.toEqual([]);
    await mkdir(checkpointDir);
    await writeFile(join(checkpointDir, 'this-is-matched-before-due-to-parent-path'), '');
    await expect(listCheckpointFiles(checkpointDir)).resolves.toEqual([]);
    await mkdir(join(checkpointDir, 'checkpoint-1000000000'));
    await expect(listCheckpointFiles(checkpointDir)).resolves.toEqual([]);
    await writeFile(join(checkpointDir, 'checkpoint-2000000000'), '');
    await expect(listCheckpointFiles(checkpointDir)).resolves.toEqual(['checkpoint-2000000000']);
  });

  it('sorts any set of names by (time, .bk first) (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ time: fc.integer({ min: 0, max: 1e13 }), bk: fc.boolean() }), {
          selector: ({ time, bk }) => `${time}${bk ? '.bk' : ''}`,
          maxLength: 12,
        }),
        async (entries) => {
          const sub = await mkdtemp(join(dir, 'p-'));
          for (const { time, bk } of entries) {
            await writeFile(join(sub, `checkpoint-${time}${bk ? '.bk' : ''}`), '');
          }
          const expected = [...entries]
            .sort((a, b) => a.time - b.time || Number(b.bk) - Number(a.bk))
            .map(({ time, bk }) => `checkpoint-${time}${bk ? '.bk' : ''}`);
          expect(await listCheckpointFiles(sub)).toEqual(expected);
          await rm(sub, { recursive: true, force: true });
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('writeFileAtomically', () => {
  it('writes the bytes and leaves no temporary file', async () => {
    await writeFileAtomically(dir, 'checkpoint-1000', Buffer.from('hello'));
    expect(await readdir(dir)).toEqual(['checkpoint-1000']);
    expect(await readFile(join(dir, 'checkpoint-1000'), 'utf8')).toBe('hello');
  });

  it('replaces an existing file whole, leaving no temporary file', async () => {
    await writeFileAtomically(dir, 'rdd-1-1000', Buffer.from('a much longer first version'));
    await writeFileAtomically(dir, 'rdd-1-1000', Buffer.from('second'));
    expect(await readdir(dir)).toEqual(['rdd-1-1000']);
    expect(await readFile(join(dir, 'rdd-1-1000'), 'utf8')).toBe('second');
  });

  it('writes many files with no temporary file left', async () => {
    for (let i = 1; i <= 20; i++) {
      await writeFileAtomically(dir, checkpointFileName(i * 1000), Buffer.from([i]));
    }
    const names = await readdir(dir);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(names.length).toBe(20);
  });

  it('fails for a missing directory and leaves nothing behind', async () => {
    const missing = join(dir, 'missing');
    await expect(writeFileAtomically(missing, 'checkpoint-1000', Buffer.from('x'))).rejects.toThrow(
      'ENOENT',
    );
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('removeFile', () => {
  it('deletes a file, and does nothing for a missing one', async () => {
    await touch('rdd-1-1000');
    await removeFile(dir, 'rdd-1-1000');
    await removeFile(dir, 'rdd-1-1000');
    expect(await readdir(dir)).toEqual([]);
  });
});
