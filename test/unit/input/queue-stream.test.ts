/**
 * queueStream (spec §5.1) and constantInputDStream (spec §5.2): one RDD per batch or the union
 * of all queued, defaultRDD / an empty RDD when the queue is empty (so there is an RDD at every
 * batch), a live queue, arrays parallelized; a constant stream returns the same RDD every batch.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  IllegalArgumentError,
  type Logger,
  ManualClock,
  Milliseconds,
  type RDD,
  StreamingContext,
} from '../../../src/index.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };
const DASHES = '-'.repeat(43);

let clock: ManualClock;
let ssc: StreamingContext;

beforeEach(() => {
  clock = new ManualClock();
  ssc = new StreamingContext({
    batchDuration: Milliseconds(1000),
    clock,
    logger: silent,
    defaultParallelism: 2,
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await ssc.stop();
});

/** Collect each batch's RDD (and its elements) from `stream` over `batches` intervals. */
async function collectRDDs<T>(
  stream: { foreachRDD(f: (rdd: RDD<T>) => void): void },
  batches: number,
): Promise<{ rdds: RDD<T>[]; data: T[][] }> {
  const rdds: RDD<T>[] = [];
  const data: T[][] = [];
  stream.foreachRDD((rdd) => {
    rdds.push(rdd);
    data.push(rdd.collect());
  });
  ssc.start();
  await clock.advance(1000 * batches);
  return { rdds, data };
}

describe('queueStream', () => {
  it('oneAtATime (the default) takes one queued RDD per batch, in FIFO order', async () => {
    const sc = ssc.sparkContext;
    const a = sc.parallelize([1, 2]);
    const b = sc.parallelize([3]);
    const c = sc.parallelize([4, 5, 6]);
    const queue = [a, b, c];
    const { rdds, data } = await collectRDDs(ssc.queueStream(queue), 3);
    expect(data).toEqual([[1, 2], [3], [4, 5, 6]]);
    // The queued RDD objects themselves are handed over.
    expect(rdds[0]).toBe(a);
    expect(rdds[1]).toBe(b);
    expect(rdds[2]).toBe(c);
    expect(queue).toEqual([]);
  });

  it('oneAtATime = false unions everything queued, in queue order, then empties the queue', async () => {
    const sc = ssc.sparkContext;
    const queue = [sc.parallelize([1, 2], 2), sc.parallelize([3], 1), sc.parallelize([4, 5], 1)];
    const { rdds, data } = await collectRDDs(ssc.queueStream(queue, false), 3);
    expect(data).toEqual([[1, 2, 3, 4, 5], [], []]);
    // The union keeps every partition of every queued RDD, in order.
    expect(rdds[0]?.getNumPartitions()).toBe(4);
    expect(rdds[0]?.glom().collect()).toEqual([[1], [2], [3], [4, 5]]);
    expect(queue).toEqual([]);
  });

  it('an empty queue gives the defaultRDD, the same object at every batch', async () => {
    const sc = ssc.sparkContext;
    const defaultRDD = sc.parallelize(['default']);
    const queue = [sc.parallelize(['queued'])];
    const { rdds, data } = await collectRDDs(ssc.queueStream(queue, true, defaultRDD), 3);
    expect(data).toEqual([['queued'], ['default'], ['default']]);
    expect(rdds[1]).toBe(defaultRDD);
    expect(rdds[2]).toBe(defaultRDD);
  });

  it('an array defaultRDD is parallelized once and reused', async () => {
    const { rdds, data } = await collectRDDs(ssc.queueStream<number>([], false, [7, 8]), 2);
    expect(data).toEqual([
      [7, 8],
      [7, 8],
    ]);
    expect(rdds[1]).toBe(rdds[0]);
  });

  it('without a defaultRDD an empty queue gives an empty one-partition RDD: an RDD at every batch', async () => {
    const { rdds, data } = await collectRDDs(ssc.queueStream<number>([]), 2);
    expect(data).toEqual([[], []]);
    expect(rdds.map((rdd) => rdd.getNumPartitions())).toEqual([1, 1]);
  });

  it('count() of an empty queue prints 0 at every batch', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    ssc.queueStream<string>([]).count().pprint();
    ssc.start();
    await clock.advance(2000);
    vi.restoreAllMocks();
    const block = (time: string): string => `${DASHES}\nTime: ${time}\n${DASHES}\n0\n\n`;
    expect(written.join('')).toBe(block('1970-01-01 00:00:01') + block('1970-01-01 00:00:02'));
  });

  it('the queue is live: items pushed after start() are seen by later batches', async () => {
    const queue: number[][] = [[1]];
    const data: number[][] = [];
    ssc.queueStream(queue).foreachRDD((rdd) => {
      data.push(rdd.collect());
    });
    ssc.start();
    await clock.advance(1000);
    await clock.advance(1000); // empty queue: an empty batch
    queue.push([2], [3]);
    await clock.advance(1000);
    queue.push([4]);
    await clock.advance(2000);
    expect(data).toEqual([[1], [], [2], [3], [4]]);
  });

  it('arrays are parallelized into defaultParallelism partitions', async () => {
    const { rdds, data } = await collectRDDs(
      ssc.queueStream<number | string>([[1, 2, 3, 4, 5], ['x']]),
      2,
    );
    expect(data).toEqual([[1, 2, 3, 4, 5], ['x']]);
    expect(rdds[0]?.glom().collect()).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    expect(rdds[1]?.glom().collect()).toEqual([[], ['x']]);
  });

  it('arrays and RDDs can be mixed, and unioned with oneAtATime = false', async () => {
    const queue = [[1, 2], ssc.sparkContext.parallelize([3], 1)];
    const { data } = await collectRDDs(ssc.queueStream(queue, false), 1);
    expect(data).toEqual([[1, 2, 3]]);
  });

  it('has the display name "Queue stream [id]" with sequential input ids', () => {
    const first = ssc.queueStream([[1]]);
    const second = ssc.queueStream([[2]]);
    expect((first.node as unknown as { displayName: string }).displayName).toBe('Queue stream [0]');
    expect((second.node as unknown as { displayName: string }).displayName).toBe(
      'Queue stream [1]',
    );
    first.union(second).foreachRDD(() => undefined);
  });
});

describe('queueStream with a checkpoint directory', () => {
  it('warns once per context what it means: the context cannot be recovered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dstream-ts-queue-'));
    try {
      const warnings: string[] = [];
      const logging = new StreamingContext({
        batchDuration: Milliseconds(1000),
        clock,
        logger: { warn: (message) => warnings.push(message), error: () => undefined },
      });
      logging.checkpoint(dir);
      logging
        .queueStream([[['a', 1] as const], [['a', 2] as const]])
        .updateStateByKey((values: number[], state: number | undefined) =>
          values.reduce((a, b) => a + b, state ?? 0),
        )
        .foreachRDD(() => undefined);
      logging.start();
      await clock.advance(3000);
      await logging.stop();
      expect(warnings).toEqual([
        `queueStream doesn't support checkpointing: a queue stream's data is gone once a batch has taken it, so getOrCreate cannot recover this context from the checkpoints in ${logging.checkpointDir ?? ''} (it fails). State and windows still work while it runs. For a recoverable job use a replayable input; to test recovery, use checkRecovery from dstream-ts/testing.`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('does not warn without a checkpoint directory', async () => {
    const warnings: string[] = [];
    const logging = new StreamingContext({
      batchDuration: Milliseconds(1000),
      clock,
      logger: { warn: (message) => warnings.push(message), error: () => undefined },
    });
    logging.queueStream([[1]]).foreachRDD(() => undefined);
    logging.start();
    await clock.advance(2000);
    await logging.stop();
    expect(warnings).toEqual([]);
  });
});

describe('constantInputDStream', () => {
  it('returns the same RDD at every batch', async () => {
    const rdd = ssc.sparkContext.parallelize([1, 2, 3]);
    const { rdds, data } = await collectRDDs(ssc.constantInputDStream(rdd), 3);
    expect(data).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(rdds).toEqual([rdd, rdd, rdd]);
    for (const each of rdds) expect(each).toBe(rdd);
  });

  it('rejects a null or undefined RDD', () => {
    const expected = new IllegalArgumentError(
      'requirement failed: parameter rdd null is illegal, which will lead to NPE in the following transformation',
    );
    expect(() => ssc.constantInputDStream(null as never)).toThrow(expected);
    expect(() => ssc.constantInputDStream(undefined as never)).toThrow(expected);
    // Nothing was registered: a valid stream still gets input id 0.
    const stream = ssc.constantInputDStream(ssc.sparkContext.parallelize([1]));
    expect((stream.node as unknown as { inputId: number }).inputId).toBe(0);
    stream.foreachRDD(() => undefined);
  });
});
