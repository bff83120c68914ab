/**
 * The DStream outputs PySpark ports need: `saveAsTextFiles(prefix, suffix, { format: 'python' })`
 * writes each element as PySpark's `str` does (`('a', 1)`, `None`), and `saveAsObjectFiles`
 * (Scala's `DStream.saveAsObjectFiles`) writes each batch with `saveAsObjectFile`, which
 * `sc.objectFile` reads back. Both name a batch's directory `prefix-TIME_IN_MS[.suffix]` (spec
 * §4.3). Written to a real temporary directory, in virtual time.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, type Pair, Seconds, StreamingContext } from '../../../src/index.js';

let dir: string;
let ssc: StreamingContext | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dstream-ts-save-obj-'));
});

afterEach(async () => {
  await ssc?.stop();
  ssc = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function run(batches: unknown[][], build: (ssc: StreamingContext) => void): Promise<void> {
  ssc = new StreamingContext({ batchDuration: Seconds(1), clock: new ManualClock() });
  let failure: unknown;
  ssc.awaitTermination().catch((error: unknown) => {
    failure = error;
  });
  build(ssc);
  ssc.start();
  await ssc.advance(Seconds(batches.length));
  expect(failure).toBeUndefined();
}

describe("saveAsTextFiles with { format: 'python' }", () => {
  it("writes PySpark's str of each element (tuples with quotes, None), Scala's by default", async () => {
    const input: Pair<string, number | null>[][] = [
      [
        ['a', 1],
        ['b', null],
      ],
    ];
    await run(input, (context) => {
      const stream = context.queueStream([...input]);
      stream.saveAsTextFiles(join(dir, 'py'), 'txt', { format: 'python' });
      stream.saveAsTextFiles(join(dir, 'scala'), 'txt');
    });
    const read = async (prefix: string): Promise<string> => {
      const batchDir = join(dir, `${prefix}-1000.txt`);
      const parts = (await readdir(batchDir)).filter((name) => name.startsWith('part-')).sort();
      let text = '';
      for (const part of parts) text += await readFile(join(batchDir, part), 'utf8');
      return text;
    };
    expect(await read('py')).toBe("('a', 1)\n('b', None)\n");
    expect(await read('scala')).toBe('(a,1)\n(b,null)\n');
  });
});

describe('saveAsObjectFiles', () => {
  it('writes each batch as an object file that sc.objectFile reads back', async () => {
    const input = [
      [
        ['spark', 2],
        ['stream', 1],
      ],
      [['rdd', 3]],
    ];
    await run(input, (context) => {
      context.queueStream([...input]).saveAsObjectFiles(join(dir, 'counts'), 'obj');
    });
    expect((await readdir(dir)).sort()).toEqual(['counts-1000.obj', 'counts-2000.obj']);
    const sc = ssc?.sparkContext;
    expect(sc?.objectFile(join(dir, 'counts-1000.obj')).collect()).toEqual(input[0]);
    expect(sc?.objectFile(join(dir, 'counts-2000.obj')).collect()).toEqual(input[1]);
    expect((await readdir(join(dir, 'counts-2000.obj'))).sort()).toEqual([
      '_SUCCESS',
      'part-00000',
      'part-00001',
    ]);
  });

  it('leaves out an empty suffix, as Scala does', async () => {
    await run([[1]], (context) => {
      context.queueStream([[1]]).saveAsObjectFiles(join(dir, 'n'));
    });
    expect(await readdir(dir)).toEqual(['n-1000']);
  });
});
