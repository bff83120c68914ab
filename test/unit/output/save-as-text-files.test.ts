/**
 * saveAsTextFiles (spec §4.3): one output directory per batch, named `prefix-TIME_IN_MS[.suffix]`,
 * holding one `part-NNNNN` file per partition (one element per line, Scala's toString) and
 * `_SUCCESS`. Written to a real temporary directory.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Logger,
  ManualClock,
  Milliseconds,
  StreamingContext,
  Time,
} from '../../../src/index.js';
import { rddToFileName } from '../../../src/output/save-as-text-files.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };

let dir: string;
let ssc: StreamingContext | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dstream-ts-save-'));
});

afterEach(async () => {
  await ssc?.stop();
  ssc = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function run(build: (ssc: StreamingContext) => void, batches: number): Promise<void> {
  const clock = new ManualClock();
  ssc = new StreamingContext({
    batchDuration: Milliseconds(1000),
    clock,
    logger: silent,
    defaultParallelism: 2,
  });
  let failure: { error: unknown } | undefined;
  ssc.awaitTermination().catch((error: unknown) => {
    failure = { error };
  });
  build(ssc);
  ssc.start();
  await clock.advance(1000 * batches);
  expect(failure).toBeUndefined();
}

async function files(path: string): Promise<Record<string, string>> {
  const names = (await readdir(path)).sort();
  const out: Record<string, string> = {};
  for (const name of names) out[name] = await readFile(join(path, name), 'utf8');
  return out;
}

describe('saveAsTextFiles', () => {
  it('writes prefix-TIME.suffix directories with part files and _SUCCESS', async () => {
    const prefix = join(dir, 'counts');
    await run((s) => {
      s.queueStream<unknown>([
        [1, 2, 3],
        [
          ['a', 1],
          ['b', 2],
        ],
      ]).saveAsTextFiles(prefix, 'txt');
    }, 2);
    expect((await readdir(dir)).sort()).toEqual(['counts-1000.txt', 'counts-2000.txt']);
    // Arrays are parallelized into defaultParallelism (2) slices: [1] and [2, 3].
    expect(await files(join(dir, 'counts-1000.txt'))).toEqual({
      _SUCCESS: '',
      'part-00000': '1\n',
      'part-00001': '2\n3\n',
    });
    // Elements are written with Scala's toString.
    expect(await files(join(dir, 'counts-2000.txt'))).toEqual({
      _SUCCESS: '',
      'part-00000': '(a,1)\n',
      'part-00001': '(b,2)\n',
    });
  });

  it('an empty suffix gives prefix-TIME', async () => {
    const prefix = join(dir, 'out');
    await run((s) => {
      s.queueStream([['x']]).saveAsTextFiles(prefix);
      s.queueStream([['y']]).saveAsTextFiles(join(dir, 'explicit'), '');
    }, 1);
    expect((await readdir(dir)).sort()).toEqual(['explicit-1000', 'out-1000']);
    expect(await files(join(dir, 'out-1000'))).toEqual({
      _SUCCESS: '',
      'part-00000': '',
      'part-00001': 'x\n',
    });
  });

  it('an empty batch still writes its directory: empty part files and _SUCCESS', async () => {
    await run((s) => {
      s.queueStream<number>([]).saveAsTextFiles(join(dir, 'empty'), 'out');
    }, 2);
    expect((await readdir(dir)).sort()).toEqual(['empty-1000.out', 'empty-2000.out']);
    // An empty queue yields a one-partition empty RDD.
    expect(await files(join(dir, 'empty-1000.out'))).toEqual({ _SUCCESS: '', 'part-00000': '' });
  });

  it('one part file per partition, in partition order', async () => {
    await run((s) => {
      const rdd = s.sparkContext.parallelize(['a', 'b', 'c', 'd', 'e'], 3);
      s.queueStream([rdd]).saveAsTextFiles(join(dir, 'parts'), 'csv');
    }, 1);
    expect(await files(join(dir, 'parts-1000.csv'))).toEqual({
      _SUCCESS: '',
      'part-00000': 'a\n',
      'part-00001': 'b\nc\n',
      'part-00002': 'd\ne\n',
    });
  });

  it('the batch waits for the files: a later output of the same batch sees them', async () => {
    let seen: string[] = [];
    await run((s) => {
      const input = s.queueStream([[1]]);
      input.saveAsTextFiles(join(dir, 'first'));
      input.foreachRDD(async () => {
        seen = (await readdir(join(dir, 'first-1000'))).sort();
      });
    }, 1);
    expect(seen).toEqual(['_SUCCESS', 'part-00000', 'part-00001']);
  });

  it("rddToFileName follows Scala's rule", () => {
    const t = new Time(1000);
    expect(rddToFileName('prefix', 'suffix', t)).toBe('prefix-1000.suffix');
    expect(rddToFileName('prefix', '', t)).toBe('prefix-1000');
    expect(rddToFileName('', 'suffix', t)).toBe('1000.suffix');
    expect(rddToFileName('', '', t)).toBe('1000');
  });
});
