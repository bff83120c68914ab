import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileAlreadyExistsError, IllegalArgumentError, SparkContext } from '../../../src/index.js';
import type { Pair } from '../../../src/index.js';

let base = '';

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'dstream-ts-save-'));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function readDirectory(path: string): Promise<Record<string, string>> {
  const names = (await readdir(path)).sort();
  const files: Record<string, string> = {};
  for (const name of names) files[name] = await readFile(join(path, name), 'utf8');
  return files;
}

describe('saveAsTextFile', () => {
  it('writes one part file per partition, one element per line, and an empty _SUCCESS', async () => {
    const sc = new SparkContext();
    const out = join(base, 'counts');
    const rdd = sc.parallelize<Pair<string, number>>(
      [
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ],
      2,
    );
    await rdd.saveAsTextFile(out);
    expect(await readDirectory(out)).toEqual({
      _SUCCESS: '',
      'part-00000': '(a,1)\n',
      'part-00001': '(b,2)\n(c,3)\n',
    });
  });

  it('writes an empty part file for an empty partition', async () => {
    const sc = new SparkContext();
    const out = join(base, 'sparse');
    await sc.parallelize(['x'], 3).saveAsTextFile(out);
    expect(await readDirectory(out)).toEqual({
      _SUCCESS: '',
      'part-00000': '',
      'part-00001': '',
      'part-00002': 'x\n',
    });
  });

  it('numbers the part files with five digits', async () => {
    const sc = new SparkContext();
    const out = join(base, 'many');
    await sc.parallelize([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 12).saveAsTextFile(out);
    const files = await readDirectory(out);
    expect(Object.keys(files)).toEqual([
      '_SUCCESS',
      ...Array.from({ length: 12 }, (_, i) => `part-000${String(i).padStart(2, '0')}`),
    ]);
    expect(files['part-00011']).toBe('11\n');
  });

  it('prints elements with Scala’s toString', async () => {
    const sc = new SparkContext();
    const out = join(base, 'formats');
    await sc
      .parallelize<unknown>(['plain text', 42, 1.5, true, [['k', 1], 'v'], [1, 2, 3], undefined], 1)
      .saveAsTextFile(out);
    expect(await readFile(join(out, 'part-00000'), 'utf8')).toBe(
      'plain text\n42\n1.5\ntrue\n((k,1),v)\n(1,2,3)\nNone\n',
    );
  });

  it('writes an RDD with no partitions as only _SUCCESS', async () => {
    const sc = new SparkContext();
    const out = join(base, 'nothing');
    await sc.emptyRDD().saveAsTextFile(out);
    expect(await readDirectory(out)).toEqual({ _SUCCESS: '' });
  });

  it('creates missing parent directories', async () => {
    const sc = new SparkContext();
    const out = join(base, 'a', 'b', 'c');
    await sc.parallelize([1], 1).saveAsTextFile(out);
    expect(await readDirectory(out)).toEqual({ _SUCCESS: '', 'part-00000': '1\n' });
  });

  it('rejects with FileAlreadyExistsError when the directory exists, writing nothing', async () => {
    const sc = new SparkContext();
    const out = join(base, 'existing');
    await mkdir(out);
    await writeFile(join(out, 'keep.txt'), 'keep');
    const saving = sc.parallelize([1, 2], 2).saveAsTextFile(out);
    await expect(saving).rejects.toThrow(FileAlreadyExistsError);
    await expect(sc.parallelize([1], 1).saveAsTextFile(out)).rejects.toThrow(
      `Output directory ${out} already exists`,
    );
    expect(await readDirectory(out)).toEqual({ 'keep.txt': 'keep' });
  });

  it('rejects a second save to the same path', async () => {
    const sc = new SparkContext();
    const out = join(base, 'twice');
    const rdd = sc.parallelize(['a'], 1);
    await rdd.saveAsTextFile(out);
    await expect(rdd.saveAsTextFile(out)).rejects.toBeInstanceOf(FileAlreadyExistsError);
  });

  it('rejects null elements as Spark does ("text files do not allow null rows")', async () => {
    const sc = new SparkContext();
    const out = join(base, 'nulls');
    const saving = sc.parallelize<string | null>(['a', null], 1).saveAsTextFile(out);
    await expect(saving).rejects.toBeInstanceOf(IllegalArgumentError);
    await expect(
      sc.parallelize<string | null>([null], 1).saveAsTextFile(join(base, 'nulls2')),
    ).rejects.toThrow(/^requirement failed: text files do not allow null rows$/);
  });
});
