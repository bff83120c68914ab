/**
 * ssc.rateStream: rows { timestamp, value } with values 0, 1, 2, ...; batch t holds the rows
 * stamped in (t − B, t], computed from the batch time alone (so a recovered context re-runs a
 * batch with the same rows); contiguous partitions; Spark's option checks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  IllegalArgumentError,
  type Logger,
  ManualClock,
  Milliseconds,
  type RateRow,
  StreamingContext,
} from '../../../src/index.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };
const contexts: StreamingContext[] = [];
const directories: string[] = [];

function newContext(
  batchMs = 1000,
  startTime = 0,
): {
  ssc: StreamingContext;
  clock: ManualClock;
} {
  const clock = new ManualClock(startTime);
  const ssc = new StreamingContext({
    batchDuration: Milliseconds(batchMs),
    clock,
    logger: silent,
    defaultParallelism: 2,
  });
  contexts.push(ssc);
  return { ssc, clock };
}

/** A row as `[value, timestampMs]`. */
function plain(row: RateRow): [number, number] {
  return [row.value, row.timestamp.getTime()];
}

afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop();
  for (const dir of directories.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('rateStream', () => {
  it('gives rowsPerSecond × B rows per batch, stamped evenly inside (t − B, t]', async () => {
    const { ssc, clock } = newContext();
    const batches: [number, [number, number][]][] = [];
    ssc.rateStream({ rowsPerSecond: 2 }).foreachRDD((rdd, time) => {
      batches.push([time.milliseconds, rdd.collect().map(plain)]);
    });
    ssc.start();
    await clock.advance(3000);
    expect(batches).toEqual([
      [
        1000,
        [
          [0, 500],
          [1, 1000],
        ],
      ],
      [
        2000,
        [
          [2, 1500],
          [3, 2000],
        ],
      ],
      [
        3000,
        [
          [4, 2500],
          [5, 3000],
        ],
      ],
    ]);
  });

  it('spreads a fractional number of rows per batch so the long-run rate is exact', async () => {
    const { ssc, clock } = newContext(500);
    const batches: [number, [number, number][]][] = [];
    ssc.rateStream({ rowsPerSecond: 3 }).foreachRDD((rdd, time) => {
      batches.push([time.milliseconds, rdd.collect().map(plain)]);
    });
    ssc.start();
    await clock.advance(2000);
    // Row v is stamped ceil((v + 1) · 1000 / 3) ms: 334, 667, 1000, 1334, 1667, 2000.
    expect(batches).toEqual([
      [500, [[0, 334]]],
      [
        1000,
        [
          [1, 667],
          [2, 1000],
        ],
      ],
      [1500, [[3, 1334]]],
      [
        2000,
        [
          [4, 1667],
          [5, 2000],
        ],
      ],
    ]);
  });

  it('counts from the zero time when the clock does not start at 0', async () => {
    const { ssc, clock } = newContext(1000, 2500); // zero time 2000, first batch 3000
    const batches: [number, [number, number][]][] = [];
    ssc.rateStream({ rowsPerSecond: 1 }).foreachRDD((rdd, time) => {
      batches.push([time.milliseconds, rdd.collect().map(plain)]);
    });
    ssc.start();
    await clock.advance(1500);
    expect(batches).toEqual([
      [3000, [[0, 3000]]],
      [4000, [[1, 4000]]],
    ]);
  });

  it('cuts each batch into contiguous partitions (default: the default parallelism)', async () => {
    const { ssc, clock } = newContext();
    const byDefault: number[][][] = [];
    const three: number[][][] = [];
    ssc.rateStream({ rowsPerSecond: 5 }).foreachRDD((rdd) => {
      byDefault.push(
        rdd
          .map((row) => row.value)
          .glom()
          .collect(),
      );
    });
    ssc.rateStream({ rowsPerSecond: 6, numPartitions: 3 }).foreachRDD((rdd) => {
      three.push(
        rdd
          .map((row) => row.value)
          .glom()
          .collect(),
      );
    });
    ssc.start();
    await clock.advance(2000);
    expect(byDefault).toEqual([
      [
        [0, 1],
        [2, 3, 4],
      ],
      [
        [5, 6],
        [7, 8, 9],
      ],
    ]);
    expect(three).toEqual([
      [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
      [
        [6, 7],
        [8, 9],
        [10, 11],
      ],
    ]);
  });

  it('reports the row count of each batch to the listeners', async () => {
    const { ssc, clock } = newContext();
    ssc
      .rateStream({ rowsPerSecond: 4 })
      .count()
      .foreachRDD(() => undefined);
    const counts: (number | undefined)[] = [];
    ssc.addStreamingListener({
      onBatchCompleted: ({ batchInfo }) =>
        counts.push(batchInfo.streamIdToInputInfo.get(0)?.numRecords),
    });
    ssc.start();
    await clock.advance(2000);
    expect(counts).toEqual([4, 4]);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects rowsPerSecond = %s with Spark message',
    (rowsPerSecond) => {
      const { ssc } = newContext();
      expect(() => ssc.rateStream({ rowsPerSecond })).toThrow(IllegalArgumentError);
      expect(() => ssc.rateStream({ rowsPerSecond })).toThrow(
        `Invalid value '${rowsPerSecond}'. The option 'rowsPerSecond' must be positive`,
      );
    },
  );

  it('rejects a numPartitions that is not a positive integer', () => {
    const { ssc } = newContext();
    expect(() => ssc.rateStream({ rowsPerSecond: 1, numPartitions: 0 })).toThrow(
      "Invalid value '0'. The option 'numPartitions' must be positive",
    );
  });

  it('re-runs a batch with the same rows after recovery from a checkpoint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dstream-ts-rate-'));
    directories.push(dir);
    const log: string[] = [];
    const create = (): StreamingContext => {
      const { ssc } = newContext();
      ssc.checkpoint(dir);
      ssc.rateStream({ rowsPerSecond: 2 }).foreachRDD((rdd, time) => {
        log.push(`${time.milliseconds}: ${rdd.collect().map(plain).join(' ')}`);
      });
      return ssc;
    };
    const first = await StreamingContext.getOrCreate(dir, create);
    first.start();
    await first.advance(2000);
    await first.stop();
    log.push('restart');
    // Recovery runs `create` again to rebuild the graph, then restores the checkpoint's data.
    const second = await StreamingContext.getOrCreate(dir, create);
    second.start();
    await second.advance(1000);
    expect(log).toEqual([
      '1000: 0,500 1,1000',
      '2000: 2,1500 3,2000',
      'restart',
      // The checkpointed batch is re-run (as in Spark), then the stream goes on.
      '2000: 2,1500 3,2000',
      '3000: 4,2500 5,3000',
    ]);
  });
});
