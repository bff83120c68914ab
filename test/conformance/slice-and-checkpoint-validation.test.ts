/**
 * Conformance: `DStream.slice` and the data-checkpoint settings checked at `ssc.start()`.
 *
 * - Spark's BasicOperationsSuite "slice" and "slice - has not been initialized"
 *   (apache/spark streaming/src/test/scala/org/apache/spark/streaming/BasicOperationsSuite.scala)
 *   and PySpark's BasicOperationTests.test_slice (python/pyspark/streaming/tests/test_dstream.py),
 *   plus the slice rules of the reference §2.6 (flooring to the grid anchored at zeroTime, both
 *   ends inclusive, zeroTime itself never valid, the `Interval` form).
 * - The start-time validation of the reference §7.2: a stream that must checkpoint without
 *   `ssc.checkpoint(dir)`, explicit intervals lower than / not a multiple of the slide, a window
 *   marked for checkpointing whose storage level stays NONE, `checkpoint()` after start, and the
 *   default interval (the smallest multiple of the slide that is at least 10 s).
 *
 * Spark's "slice" runs on a ManualClock that its test never advances: every RDD is computed on
 * demand by `slice`. The same happens here.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DStream,
  type Duration,
  IllegalArgumentError,
  Interval,
  ManualClock,
  Milliseconds,
  type Pair,
  type RDD,
  Seconds,
  SparkError,
  StreamingContext,
  Time,
  UnsupportedOperationError,
} from '../../src/index.js';
import { TestInputDStream } from '../../src/testing/test-input-dstream.js';

const contexts: StreamingContext[] = [];
let checkpointDir: string;

beforeEach(async () => {
  checkpointDir = await mkdtemp(join(tmpdir(), 'dstream-ts-slice-'));
});

afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop();
  await rm(checkpointDir, { recursive: true, force: true });
});

/** A context on a ManualClock (at `startTime`, default 0); stopped after the test. */
function newContext(
  batchDuration: Duration = Seconds(1),
  startTime = 0,
): { ssc: StreamingContext; clock: ManualClock } {
  const clock = new ManualClock(startTime);
  const ssc = new StreamingContext({
    batchDuration,
    clock,
    logger: { warn: () => undefined, error: () => undefined },
  });
  contexts.push(ssc);
  return { ssc, clock };
}

/** Spark's TestInputStream: batch k holds `input[k - 1]`, empty past the end. */
function testInput<T>(ssc: StreamingContext, input: T[][], numPartitions = 2): DStream<T> {
  return new DStream(new TestInputDStream<T>(ssc, input, numPartitions));
}

/** The sorted union of the elements of `rdds` (Spark's `.flatMap(_.collect()).toSet`, as a list). */
function elements(rdds: readonly RDD<number>[]): number[] {
  return [...new Set(rdds.flatMap((rdd) => rdd.collect()))].sort((a, b) => a - b);
}

/** Run `build` and return what it threw. */
function thrown(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectError(error: unknown, type: new (message: string) => Error, message: string): void {
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toBe(message);
}

const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;

describe('slice', () => {
  it('BasicOperationsSuite › slice', () => {
    const { ssc } = newContext();
    const stream = testInput(ssc, [[1], [2], [3], [4]], 2);
    stream.foreachRDD(() => undefined); // dummy output stream
    ssc.start();
    const fromSlice = (fromMillis: number, toMillis: number): number[] =>
      elements(stream.slice(new Time(fromMillis), new Time(toMillis)));

    expect(fromSlice(0, 1000)).toEqual([1]);
    expect(fromSlice(0, 2000)).toEqual([1, 2]);
    expect(fromSlice(1000, 2000)).toEqual([1, 2]);
    expect(fromSlice(2000, 4000)).toEqual([2, 3, 4]);
  });

  it('BasicOperationsSuite › slice - has not been initialized', () => {
    const { ssc } = newContext();
    const stream = testInput(ssc, [[1], [2], [3], [4]], 2);
    const error = thrown(() => stream.slice(new Time(0), new Time(1000)));
    expect(error).toBeInstanceOf(SparkError);
    expect((error as Error).message).toMatch(/has not been initialized$/);
    // The text begins with the stream's own description.
    expect((error as Error).message).toBe(`${stream.node.toString()} has not been initialized`);
  });

  it('slice before start throws even when the stream has an output', () => {
    const { ssc } = newContext();
    const stream = testInput(ssc, [[1]]);
    stream.foreachRDD(() => undefined);
    expect(thrown(() => stream.slice(new Interval(new Time(0), new Time(1000))))).toBeInstanceOf(
      SparkError,
    );
  });

  it('includes both ends: one RDD per grid time from `from` to `to`', () => {
    const { ssc } = newContext();
    const stream = testInput(ssc, [[1], [2], [3], [4]], 1);
    stream.foreachRDD(() => undefined);
    ssc.start();
    expect(stream.slice(new Time(1000), new Time(3000)).map((rdd) => rdd.collect())).toEqual([
      [1],
      [2],
      [3],
    ]);
    expect(stream.slice(new Time(2000), new Time(2000)).map((rdd) => rdd.collect())).toEqual([[2]]);
    // An empty range (from after to) gives no RDD.
    expect(stream.slice(new Time(3000), new Time(2000))).toEqual([]);
  });

  it('skips zeroTime (never valid) and times before it', () => {
    const { ssc } = newContext();
    const stream = testInput(ssc, [[1], [2]], 1);
    stream.foreachRDD(() => undefined);
    ssc.start();
    expect(stream.slice(new Time(0), new Time(0))).toEqual([]);
    expect(stream.slice(new Time(-3000), new Time(1000)).map((rdd) => rdd.collect())).toEqual([
      [1],
    ]);
  });

  it('floors `from` and `to` to the slide grid', () => {
    const { ssc } = newContext();
    const stream = testInput(ssc, [[1], [2], [3], [4]], 1);
    stream.foreachRDD(() => undefined);
    ssc.start();
    // 1500 → 1000 and 3999 → 3000.
    expect(stream.slice(new Time(1500), new Time(3999)).map((rdd) => rdd.collect())).toEqual([
      [1],
      [2],
      [3],
    ]);
    // 2500 → 2000 for both ends.
    expect(stream.slice(new Time(2500), new Time(2999)).map((rdd) => rdd.collect())).toEqual([[2]]);
  });

  it('the grid is anchored at zeroTime, not at the epoch', async () => {
    // Clock at 1000: the first batch is at 2000, zeroTime 1000; a 2 s slide emits at 3000, 5000.
    const { ssc, clock } = newContext(Seconds(1), 1000);
    const input = testInput(ssc, [[1], [2], [3], [4], [5]], 1);
    const windowed = input.window(Seconds(2), Seconds(2));
    const seen: number[] = [];
    windowed.foreachRDD((_rdd, time) => {
      seen.push(time.milliseconds);
    });
    ssc.start();
    await clock.advance(Seconds(4));
    expect(seen).toEqual([3000, 5000]);
    // from 2000 → 1000 (zeroTime, skipped); to 4500 → 3000.
    expect(elements(windowed.slice(new Time(2000), new Time(4500)))).toEqual([1, 2]);
    // from 3001 → 3000; to 6999 → 5000.
    expect(windowed.slice(new Time(3001), new Time(6999)).map((rdd) => rdd.collect())).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('slice(interval) is slice(interval.beginTime, interval.endTime)', () => {
    const { ssc } = newContext();
    const stream = testInput(ssc, [[1], [2], [3], [4]], 2);
    stream.foreachRDD(() => undefined);
    ssc.start();
    expect(elements(stream.slice(new Interval(new Time(1000), new Time(2000))))).toEqual([1, 2]);
    expect(elements(stream.slice(new Interval(new Time(2000), new Time(4000))))).toEqual([2, 3, 4]);
  });

  it('returns the remembered RDD objects of batches that already ran', async () => {
    const { ssc, clock } = newContext();
    const stream = testInput(ssc, [[1], [2], [3], [4]], 2);
    const generated = new Map<number, RDD<number>>();
    stream.foreachRDD((rdd, time) => {
      generated.set(time.milliseconds, rdd);
    });
    ssc.remember(Seconds(4));
    ssc.start();
    await clock.advance(Seconds(4));
    const sliced = stream.slice(new Time(1000), new Time(4000));
    expect(sliced).toHaveLength(4);
    sliced.forEach((rdd, i) => {
      expect(rdd).toBe(generated.get((i + 1) * 1000));
    });
  });

  it('PySpark BasicOperationTests › test_slice', async () => {
    const { ssc, clock } = newContext();
    ssc.remember(Seconds(4));
    const input = [[1], [2], [3], [4]];
    const stream = ssc.queueStream(input.map((d) => ssc.sparkContext.parallelize(d, 1)));
    const timeVals: Time[] = [];
    stream.foreachRDD((_rdd, t) => {
      if (timeVals.length < input.length) timeVals.push(t);
    });
    ssc.start();
    await clock.advance(Seconds(4));
    expect(timeVals).toHaveLength(4);
    const beginTime = timeVals[0] as Time;
    const getSliced = (beginDelta: number, endDelta: number): number[] =>
      elements(
        stream.slice(beginTime.plus(Seconds(beginDelta)), beginTime.plus(Seconds(endDelta))),
      );
    expect(getSliced(0, 0)).toEqual([1]);
    expect(getSliced(1, 2)).toEqual([2, 3]);
    expect(getSliced(1, 4)).toEqual([2, 3, 4]);
    expect(getSliced(0, 4)).toEqual([1, 2, 3, 4]);
  });
});

describe('checkpoint validation at start (reference §7.2)', () => {
  const noDirectory =
    'requirement failed: The checkpoint directory has not been set. Please set it by StreamingContext.checkpoint().';

  /** Start `ssc` and return the error; the context must then be STOPPED and not active. */
  function startError(ssc: StreamingContext): unknown {
    const error = thrown(() => {
      ssc.start();
    });
    expect(ssc.getState()).toBe('STOPPED');
    expect(StreamingContext.getActive()).toBeUndefined();
    return error;
  }

  const withoutDirectory: [string, (s: DStream<Pair<string, number>>) => DStream<unknown>][] = [
    [
      'reduceByKeyAndWindow with an inverse function',
      (s) => s.reduceByKeyAndWindow(add, sub, Seconds(2), Seconds(1)),
    ],
    ['countByWindow', (s) => s.countByWindow(Seconds(2), Seconds(1))],
    ['countByValueAndWindow', (s) => s.countByValueAndWindow(Seconds(2), Seconds(1))],
    [
      'reduceByWindow with an inverse function',
      (s) => s.map((pair) => pair[1]).reduceByWindow(add, sub, Seconds(2), Seconds(1)),
    ],
    [
      'updateStateByKey',
      (s) =>
        s.updateStateByKey((values: number[], state: number | undefined) =>
          values.reduce(add, state ?? 0),
        ),
    ],
    ['an explicit checkpoint(interval)', (s) => s.map((pair) => pair).checkpoint(Seconds(10))],
  ];

  it.each(withoutDirectory)(
    '%s without ssc.checkpoint(dir): start throws and the context is STOPPED',
    (_name, build) => {
      const { ssc } = newContext();
      build(testInput<Pair<string, number>>(ssc, [[['a', 1]]])).foreachRDD(() => undefined);
      expectError(startError(ssc), IllegalArgumentError, noDirectory);
    },
  );

  it('a plain window or reduceByKeyAndWindow without an inverse needs no checkpoint directory', async () => {
    const { ssc, clock } = newContext();
    const s = testInput<Pair<string, number>>(ssc, [[['a', 1]], [['a', 2]]]);
    const out: unknown[][] = [];
    s.reduceByKeyAndWindow(add, Seconds(2), Seconds(1)).foreachRDD((rdd) => {
      out.push(rdd.collect());
    });
    s.window(Seconds(2)).foreachRDD(() => undefined);
    ssc.start();
    await clock.advance(Seconds(2));
    expect(out).toEqual([[['a', 1]], [['a', 3]]]);
  });

  it('a failed start leaves no active context: another one can start', async () => {
    const first = newContext().ssc;
    testInput<Pair<string, number>>(first, [[['a', 1]]])
      .countByWindow(Seconds(2), Seconds(1))
      .foreachRDD(() => undefined);
    expectError(startError(first), IllegalArgumentError, noDirectory);
    const { ssc, clock } = newContext();
    const counts: number[][] = [];
    testInput(ssc, [[1, 2]])
      .count()
      .foreachRDD((rdd) => {
        counts.push(rdd.collect());
      });
    ssc.start();
    await clock.advance(Seconds(1));
    expect(counts).toEqual([[2]]);
  });

  it('a checkpoint interval lower than the slide is refused at start', () => {
    const { ssc } = newContext();
    ssc.checkpoint(checkpointDir);
    testInput(ssc, [[1]])
      .map((x) => x)
      .checkpoint(Milliseconds(500))
      .foreachRDD(() => undefined);
    expectError(
      startError(ssc),
      IllegalArgumentError,
      'requirement failed: The checkpoint interval for MappedDStream has been set to 500 ms which is lower than its slide time (1000 ms). Please set it to at least 1000 ms.',
    );
  });

  it('a checkpoint interval that is not a multiple of the slide is refused at start', () => {
    const { ssc } = newContext();
    ssc.checkpoint(checkpointDir);
    testInput(ssc, [[1]])
      .map((x) => x)
      .checkpoint(Milliseconds(1500))
      .foreachRDD(() => undefined);
    expectError(
      startError(ssc),
      IllegalArgumentError,
      'requirement failed: The checkpoint interval for MappedDStream has been set to  1500 ms which not a multiple of its slide time (1000 ms). Please set it to a multiple of 1000 ms.',
    );
  });

  it('the same checks name an inverse window ReducedWindowedDStream', () => {
    const { ssc } = newContext();
    ssc.checkpoint(checkpointDir);
    testInput<Pair<string, number>>(ssc, [[['a', 1]]])
      .reduceByKeyAndWindow(add, sub, Seconds(4), Seconds(2))
      .checkpoint(Seconds(3))
      .foreachRDD(() => undefined);
    expectError(
      startError(ssc),
      IllegalArgumentError,
      'requirement failed: The checkpoint interval for ReducedWindowedDStream has been set to  3000 ms which not a multiple of its slide time (2000 ms). Please set it to a multiple of 2000 ms.',
    );
  });

  it('a lower interval is reported before a non-multiple one', () => {
    const { ssc } = newContext();
    ssc.checkpoint(checkpointDir);
    testInput<Pair<string, number>>(ssc, [[['a', 1]]])
      .reduceByKeyAndWindow(add, sub, Seconds(4), Seconds(2))
      .checkpoint(Seconds(1))
      .foreachRDD(() => undefined);
    expectError(
      startError(ssc),
      IllegalArgumentError,
      'requirement failed: The checkpoint interval for ReducedWindowedDStream has been set to 1000 ms which is lower than its slide time (2000 ms). Please set it to at least 2000 ms.',
    );
  });

  it('checkpoint() on a plain window persists its parent, so the window fails the storage check', () => {
    // Spark's checkpoint() calls persist(), which a WindowedDStream forwards to its parent: the
    // window itself keeps StorageLevel.NONE and start refuses it.
    const { ssc } = newContext();
    ssc.checkpoint(checkpointDir);
    testInput(ssc, [[1]])
      .window(Seconds(2), Seconds(1))
      .checkpoint(Seconds(10))
      .foreachRDD(() => undefined);
    expectError(
      startError(ssc),
      IllegalArgumentError,
      'requirement failed: WindowedDStream has been marked for checkpointing but the storage level has not been set to enable persisting. Please use DStream.persist() to set the storage level to use memory for better checkpointing performance.',
    );
  });

  it('checkpoint() after start is an UnsupportedOperationError', async () => {
    const { ssc, clock } = newContext();
    ssc.checkpoint(checkpointDir);
    const mapped = testInput(ssc, [[1]]).map((x) => x);
    const windowed = testInput<Pair<string, number>>(ssc, [[['a', 1]]]).reduceByKeyAndWindow(
      add,
      sub,
      Seconds(2),
      Seconds(1),
    );
    mapped.foreachRDD(() => undefined);
    windowed.foreachRDD(() => undefined);
    ssc.start();
    await clock.advance(Seconds(1));
    const message =
      'Cannot change checkpoint interval of a DStream after streaming context has started';
    expectError(
      thrown(() => mapped.checkpoint(Seconds(10))),
      UnsupportedOperationError,
      message,
    );
    expectError(
      thrown(() => windowed.checkpoint(Seconds(10))),
      UnsupportedOperationError,
      message,
    );
    // The interval chosen at start is unchanged.
    expect(windowed.node.checkpointDuration).toEqual(Seconds(10));
    expect(mapped.node.checkpointDuration).toBeUndefined();
  });

  it.each([
    { batch: 1000, slide: 1000, interval: 10_000 },
    { batch: 1000, slide: 3000, interval: 12_000 },
    { batch: 500, slide: 500, interval: 10_000 },
    { batch: 1000, slide: 4000, interval: 12_000 },
    { batch: 1000, slide: 7000, interval: 14_000 },
    { batch: 1000, slide: 20_000, interval: 20_000 },
  ])(
    'default checkpoint interval: slide $slide ms → $interval ms (remember twice that)',
    ({ batch, slide, interval }) => {
      const { ssc } = newContext(Milliseconds(batch));
      ssc.checkpoint(checkpointDir);
      const windowed = testInput<Pair<string, number>>(ssc, [[['a', 1]]]).reduceByKeyAndWindow(
        add,
        sub,
        Milliseconds(slide),
        Milliseconds(slide),
      );
      windowed.foreachRDD(() => undefined);
      expect(windowed.node.checkpointDuration).toBeUndefined();
      ssc.start();
      expect(windowed.node.checkpointDuration).toEqual(Milliseconds(interval));
      expect(windowed.node.rememberDuration).toEqual(Milliseconds(2 * interval));
    },
  );

  it('the default interval applies to updateStateByKey too; an explicit one is kept', () => {
    const { ssc } = newContext();
    ssc.checkpoint(checkpointDir);
    const pairs = testInput<Pair<string, number>>(ssc, [[['a', 1]]]);
    const update = (values: number[], state: number | undefined): number =>
      values.reduce(add, state ?? 0);
    const byDefault = pairs.updateStateByKey(update);
    const explicit = pairs
      .reduceByKeyAndWindow(add, sub, Seconds(2), Seconds(1))
      .checkpoint(Seconds(100));
    byDefault.foreachRDD(() => undefined);
    explicit.foreachRDD(() => undefined);
    ssc.start();
    expect(byDefault.node.checkpointDuration).toEqual(Seconds(10));
    expect(explicit.node.checkpointDuration).toEqual(Seconds(100));
    expect(explicit.node.rememberDuration).toEqual(Seconds(200));
  });
});
