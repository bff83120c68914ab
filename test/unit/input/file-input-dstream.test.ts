/**
 * File streams (spec §5.3) in virtual time: a ManualClock drives the batches, and every file's
 * modification time is set with `utimes` to a virtual time (multiples of 250 ms, which convert to
 * and from seconds exactly). Files are written in a staging directory and renamed into the
 * watched one, as Spark requires.
 */
import { mkdir, mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BatchInfo,
  type DStream,
  IllegalArgumentError,
  type Logger,
  ManualClock,
  Seconds,
  StreamingContext,
} from '../../../src/index.js';

let root: string;
let watched: string;
const contexts: StreamingContext[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dstream-file-stream-'));
  watched = join(root, 'in');
  await mkdir(watched);
  await mkdir(join(root, 'staging'));
});

afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop();
  await rm(root, { recursive: true, force: true });
});

/** Write `name` with `contents` and modification time `mtimeMs`, then move it into `dir`. */
async function putFile(
  name: string,
  contents: string | Buffer,
  mtimeMs: number,
  dir = watched,
): Promise<void> {
  const staged = join(root, 'staging', name);
  await writeFile(staged, contents);
  await utimes(staged, mtimeMs / 1000, mtimeMs / 1000);
  await rename(staged, join(dir, name));
}

/** A logger that keeps what it is given. */
function recordingLogger(): Logger & { warnings: string[]; errors: string[] } {
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    warnings,
    errors,
    warn: (message) => warnings.push(message),
    error: (_fields, message) => errors.push(message),
  };
}

function newContext(
  clock = new ManualClock(),
  logger: Logger = recordingLogger(),
): StreamingContext {
  const ssc = new StreamingContext({ batchDuration: Seconds(1), clock, logger });
  contexts.push(ssc);
  return ssc;
}

/** Collect each batch of `stream` as `[batch time, records]`. */
function collect<T>(stream: DStream<T>): [number, T[]][] {
  const batches: [number, T[]][] = [];
  stream.foreachRDD((rdd, time) => {
    batches.push([time.milliseconds, rdd.collect()]);
  });
  return batches;
}

describe('StreamingContext.textFileStream', () => {
  it('reads each file moved in exactly once, in the first batch at or after its modification time', async () => {
    const ssc = newContext();
    const batches = collect(ssc.textFileStream(watched));
    await putFile('b.txt', 'b1\r\nb2\rb3', 1000);
    await putFile('a.txt', 'a1\na2\n', 500);
    await putFile('later.txt', 'later\n', 2500);
    ssc.start();
    await ssc.advance(Seconds(1));
    await putFile('c.txt', 'c1\n\nc3\n', 1500);
    await ssc.advance(Seconds(3));
    expect(batches).toEqual([
      [1000, ['a1', 'a2', 'b1', 'b2', 'b3']],
      [2000, ['c1', '', 'c3']],
      [3000, ['later']],
      [4000, []],
    ]);
  });

  it('reports the selected files as input metadata, with 0 records, as Spark does', async () => {
    const ssc = newContext();
    ssc.textFileStream(watched).foreachRDD(() => undefined);
    const infos: BatchInfo[] = [];
    ssc.addStreamingListener({ onBatchCompleted: ({ batchInfo }) => infos.push(batchInfo) });
    await putFile('a.txt', 'a\n', 250);
    await putFile('b.txt', 'b\n', 750);
    ssc.start();
    await ssc.advance(Seconds(2));
    const files = [join(watched, 'a.txt'), join(watched, 'b.txt')];
    expect(infos.map((info) => [...info.streamIdToInputInfo.values()])).toEqual([
      [
        {
          inputStreamId: 0,
          numRecords: 0,
          metadata: new Map<string, unknown>([
            ['files', files],
            ['Description', files.join('\n')],
          ]),
        },
      ],
      [
        {
          inputStreamId: 0,
          numRecords: 0,
          metadata: new Map<string, unknown>([
            ['files', []],
            ['Description', ''],
          ]),
        },
      ],
    ]);
  });

  it('ignores files whose modification time is at or before the ignore threshold', async () => {
    const ssc = newContext();
    const batches = collect(ssc.textFileStream(watched));
    ssc.start();
    await ssc.advance(Seconds(61));
    // Batch 62 000 ignores mod times <= 62 000 - 60 000 (the remember window of 60 batches).
    await putFile('late.txt', 'late\n', 500);
    await putFile('edge.txt', 'edge\n', 2000);
    await putFile('inside.txt', 'inside\n', 2250);
    await putFile('fresh.txt', 'fresh\n', 61_500);
    await ssc.advance(Seconds(2));
    expect(batches.slice(-2)).toEqual([
      [62_000, ['fresh', 'inside']],
      [63_000, []],
    ]);
    expect(batches.slice(0, -2).every(([, lines]) => lines.length === 0)).toBe(true);
  });

  it('remembers whole batches: the window is the batch times ceil(60 s / batch)', async () => {
    const ssc = new StreamingContext({
      batchDuration: Seconds(7),
      clock: new ManualClock(),
      logger: recordingLogger(),
    });
    contexts.push(ssc);
    const batches = collect(ssc.textFileStream(watched));
    ssc.start();
    await ssc.advance(Seconds(63));
    // Batch 70 000 ignores mod times <= 70 000 - 63 000 (9 batches of 7 s), not 70 000 - 60 000.
    await putFile('edge.txt', 'edge\n', 7000);
    await putFile('inside.txt', 'inside\n', 7250);
    await ssc.advance(Seconds(7));
    expect(batches.at(-1)).toEqual([70_000, ['inside']]);
  });

  it('skips names starting with "." and sub-directories with the default filter', async () => {
    const ssc = newContext();
    const batches = collect(ssc.textFileStream(watched));
    await putFile('.part-0.tmp', 'hidden\n', 500);
    await putFile('visible.txt', 'visible\n', 500);
    await mkdir(join(watched, 'sub'));
    await putFile('nested.txt', 'nested\n', 500, join(watched, 'sub'));
    await utimes(join(watched, 'sub'), 0.5, 0.5);
    ssc.start();
    await ssc.advance(Seconds(2));
    expect(batches).toEqual([
      [1000, ['visible']],
      [2000, []],
    ]);
  });

  it('logs Spark\'s "has no data" error for an empty file and gives it no records', async () => {
    const logger = recordingLogger();
    const ssc = newContext(new ManualClock(), logger);
    const partitions: number[] = [];
    const stream = ssc.textFileStream(watched);
    stream.foreachRDD((rdd) => {
      partitions.push(rdd.getNumPartitions());
    });
    const batches = collect(stream);
    await putFile('empty.txt', '', 500);
    await putFile('full.txt', 'x\n', 500);
    ssc.start();
    await ssc.advance(Seconds(1));
    expect(batches).toEqual([[1000, ['x']]]);
    expect(partitions).toEqual([1]);
    expect(logger.errors).toEqual([
      `File ${join(watched, 'empty.txt')} has no data in it. Spark Streaming can only ingest files that have been "moved" to the directory assigned to the file stream. Refer to the streaming programming guide for more details.`,
    ]);
  });

  it('warns and gives empty batches while the directory is missing, and keeps running', async () => {
    const logger = recordingLogger();
    const ssc = newContext(new ManualClock(), logger);
    const missing = join(root, 'not-yet');
    const batches = collect(ssc.textFileStream(missing));
    ssc.start();
    await ssc.advance(Seconds(2));
    await mkdir(missing);
    await putFile('a.txt', 'arrived\n', 2500, missing);
    await ssc.advance(Seconds(1));
    expect(batches).toEqual([
      [1000, []],
      [2000, []],
      [3000, ['arrived']],
    ]);
    const warning = `No directory to scan: ${missing}: Error: ENOENT: no such file or directory, scandir '${missing}'`;
    expect(logger.warnings).toEqual([warning, warning]);
    expect(ssc.getState()).toBe('ACTIVE');
  });
});

describe('StreamingContext.fileStream', () => {
  it('gives one [path, contents] pair per file', async () => {
    const ssc = newContext();
    const batches = collect(ssc.fileStream(watched));
    await putFile('a.bin', Buffer.from([1, 2, 3]), 500);
    ssc.start();
    await ssc.advance(Seconds(1));
    expect(batches).toEqual([[1000, [[join(watched, 'a.bin'), Buffer.from([1, 2, 3])]]]]);
  });

  it('a custom filter replaces the default one', async () => {
    const ssc = newContext();
    const stream = ssc
      .fileStream(watched, { filter: (path) => path.endsWith('.csv') })
      .map(([path, contents]) => `${basename(path)}=${contents.toString('utf8')}`);
    const batches = collect(stream);
    await putFile('.hidden.csv', 'h', 500);
    await putFile('data.csv', 'd', 500);
    await putFile('data.txt', 't', 500);
    ssc.start();
    await ssc.advance(Seconds(1));
    expect(batches).toEqual([[1000, ['.hidden.csv=h', 'data.csv=d']]]);
  });

  it('newFilesOnly = false takes the files modified within the remember window, not all', async () => {
    // The streams are created at 100 000 ms: the first batch is at 101 000 ms.
    const ssc = newContext(new ManualClock(100_000));
    const name = ([path]: readonly [string, Buffer]): string => basename(path);
    const all = collect(ssc.fileStream(watched, { newFilesOnly: false }).map(name));
    const onlyNew = collect(ssc.fileStream(watched).map(name));
    await putFile('ancient.txt', 'x', 41_000);
    await putFile('recent.txt', 'x', 41_250);
    await putFile('existing.txt', 'x', 100_000);
    await putFile('new.txt', 'x', 100_250);
    ssc.start();
    await ssc.advance(Seconds(2));
    expect(all).toEqual([
      [101_000, ['existing.txt', 'new.txt', 'recent.txt']],
      [102_000, []],
    ]);
    expect(onlyNew).toEqual([
      [101_000, ['new.txt']],
      [102_000, []],
    ]);
  });
});

describe('StreamingContext.binaryRecordsStream', () => {
  it('cuts each file into records of recordLength bytes', async () => {
    const ssc = newContext();
    const batches = collect(ssc.binaryRecordsStream(watched, 4).map((r) => [...r]));
    await putFile('a.bin', Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]), 500);
    await putFile('b.bin', Buffer.from([9, 10, 11, 12]), 750);
    ssc.start();
    await ssc.advance(Seconds(1));
    expect(batches).toEqual([
      [
        1000,
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
          [9, 10, 11, 12],
        ],
      ],
    ]);
  });

  it("fails the batch of a file whose length is not a multiple, with Spark's message", async () => {
    const ssc = newContext();
    const batches = collect(ssc.binaryRecordsStream(watched, 4).map((r) => r.length));
    const failure = ssc.awaitTermination().then(
      () => undefined,
      (error: unknown) => error,
    );
    await putFile('bad.bin', Buffer.alloc(10), 500);
    await putFile('good.bin', Buffer.alloc(8), 1500);
    ssc.start();
    await ssc.advance(Seconds(2));
    const error = await failure;
    expect(error).toBeInstanceOf(IllegalArgumentError);
    expect((error as Error).message).toBe(
      'requirement failed: Byte array does not have correct length. 2 did not equal recordLength: 4',
    );
    // As in Spark, later batches still run.
    expect(batches).toEqual([[2000, [4, 4]]]);
  });

  it('rejects a record length that is not a positive integer', () => {
    const ssc = newContext();
    expect(() => ssc.binaryRecordsStream(watched, 0)).toThrow(
      new IllegalArgumentError('Expected `recordLength` to be a positive integer, got 0'),
    );
  });
});

describe('file stream recovery', () => {
  it('re-reads the files of recovered batches and neither skips nor repeats a file later', async () => {
    const checkpointDir = join(root, 'checkpoint');
    const batches: [number, string[]][] = [];
    let clock = new ManualClock();
    const create = (): StreamingContext => {
      const ssc = newContext(clock);
      ssc.checkpoint(checkpointDir);
      ssc.textFileStream(watched).foreachRDD((rdd, time) => {
        batches.push([time.milliseconds, rdd.collect()]);
      });
      return ssc;
    };
    const first = create();
    first.start();
    await putFile('a.txt', 'a\n', 500);
    await first.advance(Seconds(1));
    await putFile('b.txt', 'b\n', 1500);
    await first.advance(Seconds(1));
    await first.stop(); // the "crash": the checkpoint of batch 2000 is the last one
    // While the application is down: one file modified before the last batch, one after it.
    await putFile('d.txt', 'd\n', 1750);
    await putFile('c.txt', 'c\n', 2500);
    // The restarted application is created at 2500 ms: the ignore threshold must still be 0.
    clock = new ManualClock(2500);
    const second = await StreamingContext.getOrCreate(checkpointDir, create);
    second.start();
    await second.advance(Seconds(2));
    expect(batches).toEqual([
      [1000, ['a']],
      [2000, ['b']],
      [2000, ['b']], // the last checkpointed batch runs again, with the same file
      [3000, ['c', 'd']],
      [4000, []],
    ]);
  });
});
