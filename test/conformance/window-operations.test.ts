/**
 * Conformance: Spark's Scala `WindowOperationsSuite`
 * (apache/spark streaming/src/test/scala/org/apache/spark/streaming/WindowOperationsSuite.scala).
 * Inputs and expected outputs are Spark's. Spark's `TestSuiteBase` runs with a 1 s batch, 2 input
 * partitions and `local[2]` (default parallelism 2), which are `runBatches`' defaults; every case
 * runs `expected.length × (slide / batch)` batches (past the input, batches are empty) and is
 * compared with `useSet = true`, i.e. `ordered: false` here (a multiset per batch, which is
 * stricter than Spark's set).
 *
 * Besides the suite's cases this file checks, from the reference (§2.5.1, §2.2, §3.3):
 * - the window validation errors with Spark's exact texts (the suite has none);
 * - `reduceByWindow` with and without an inverse function, and the options-object and `null`
 *   inverse forms of `reduceByKeyAndWindow` (the suite has none);
 * - an inverse window whose filter drops a key still in the window fails the next window with
 *   Spark's "Neither previous window has value for key" error;
 * - the remember-duration propagation of windows, as in BasicOperationsSuite's
 *   "rdd cleanup - map and window" (ported here because it is about windows).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DStream,
  IllegalArgumentError,
  ManualClock,
  type Pair,
  Seconds,
  SparkError,
  StorageLevel,
  StreamingContext,
} from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';
import { TestInputDStream } from '../../src/testing/test-input-dstream.js';
import { expectBatches } from '../support/expect-batches.js';

type KV = Pair<string, number>;

const largerSlideInput: KV[][] = [
  [['a', 1]],
  [['a', 2]], // 1st window from here
  [['a', 3]],
  [['a', 4]], // 2nd window from here
  [['a', 5]],
  [['a', 6]], // 3rd window from here
  [],
  [], // 4th window from here
];

const largerSlideReduceOutput: KV[][] = [[['a', 3]], [['a', 10]], [['a', 18]], [['a', 11]]];

const bigInput: KV[][] = [
  [['a', 1]],
  [
    ['a', 1],
    ['b', 1],
  ],
  [
    ['a', 1],
    ['b', 1],
    ['c', 1],
  ],
  [
    ['a', 1],
    ['b', 1],
  ],
  [['a', 1]],
  [],
  [['a', 1]],
  [
    ['a', 1],
    ['b', 1],
  ],
  [
    ['a', 1],
    ['b', 1],
    ['c', 1],
  ],
  [
    ['a', 1],
    ['b', 1],
  ],
  [['a', 1]],
  [],
];

const bigGroupByOutput: Pair<string, number[]>[][] = [
  [['a', [1]]],
  [
    ['a', [1, 1]],
    ['b', [1]],
  ],
  [
    ['a', [1, 1]],
    ['b', [1, 1]],
    ['c', [1]],
  ],
  [
    ['a', [1, 1]],
    ['b', [1, 1]],
    ['c', [1]],
  ],
  [
    ['a', [1, 1]],
    ['b', [1]],
  ],
  [['a', [1]]],
  [['a', [1]]],
  [
    ['a', [1, 1]],
    ['b', [1]],
  ],
  [
    ['a', [1, 1]],
    ['b', [1, 1]],
    ['c', [1]],
  ],
  [
    ['a', [1, 1]],
    ['b', [1, 1]],
    ['c', [1]],
  ],
  [
    ['a', [1, 1]],
    ['b', [1]],
  ],
  [['a', [1]]],
];

const bigReduceOutput: KV[][] = [
  [['a', 1]],
  [
    ['a', 2],
    ['b', 1],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 1],
  ],
  [['a', 1]],
  [['a', 1]],
  [
    ['a', 2],
    ['b', 1],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 1],
  ],
  [['a', 1]],
];

/**
 * With an inverse function but no filter, keys are never eliminated: once a key's data left the
 * window it stays with the value 0.
 */
const bigReduceInvOutput: KV[][] = [
  [['a', 1]],
  [
    ['a', 2],
    ['b', 1],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 1],
    ['c', 0],
  ],
  [
    ['a', 1],
    ['b', 0],
    ['c', 0],
  ],
  [
    ['a', 1],
    ['b', 0],
    ['c', 0],
  ],
  [
    ['a', 2],
    ['b', 1],
    ['c', 0],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 1],
    ['c', 0],
  ],
  [
    ['a', 1],
    ['b', 0],
    ['c', 0],
  ],
];

const zeroToFive = [[0], [1], [2], [3], [4], [5]];

/** Spark's `expectedOutput.size * (slideDuration / batchDuration)`, with a 1 s batch. */
function numBatchesFor(expected: readonly unknown[], slideSeconds: number): number {
  return expected.length * slideSeconds;
}

function testWindow(
  name: string,
  input: number[][],
  expected: number[][],
  windowSeconds = 2,
  slideSeconds = 1,
): void {
  it(`WindowOperationsSuite › window - ${name}`, async () => {
    await expectBatches({
      input,
      numBatches: numBatchesFor(expected, slideSeconds),
      operation: (s: DStream<number>) => s.window(Seconds(windowSeconds), Seconds(slideSeconds)),
      expected,
      ordered: false,
    });
  });
}

function testReduceByKeyAndWindow(
  name: string,
  input: KV[][],
  expected: KV[][],
  windowSeconds = 2,
  slideSeconds = 1,
): void {
  it(`WindowOperationsSuite › reduceByKeyAndWindow - ${name}`, async () => {
    await expectBatches({
      input,
      numBatches: numBatchesFor(expected, slideSeconds),
      operation: (s: DStream<KV>) =>
        s.reduceByKeyAndWindow((x, y) => x + y, Seconds(windowSeconds), Seconds(slideSeconds)),
      expected,
      ordered: false,
    });
  });
}

function testReduceByKeyAndWindowWithInverse(
  name: string,
  input: KV[][],
  expected: KV[][],
  windowSeconds = 2,
  slideSeconds = 1,
): void {
  it(`WindowOperationsSuite › reduceByKeyAndWindow with inverse function - ${name}`, async () => {
    await expectBatches({
      input,
      numBatches: numBatchesFor(expected, slideSeconds),
      operation: (s: DStream<KV>) =>
        s
          .reduceByKeyAndWindow(
            (x, y) => x + y,
            (x, y) => x - y,
            Seconds(windowSeconds),
            Seconds(slideSeconds),
          )
          // A large interval, so RDD checkpointing has no effect.
          .checkpoint(Seconds(100)),
      expected,
      ordered: false,
    });
  });
}

function testReduceByKeyAndWindowWithFilteredInverse(
  name: string,
  input: KV[][],
  expected: KV[][],
  windowSeconds = 2,
  slideSeconds = 1,
): void {
  it(`WindowOperationsSuite › reduceByKeyAndWindow with inverse and filter functions - ${name}`, async () => {
    await expectBatches({
      input,
      numBatches: numBatchesFor(expected, slideSeconds),
      operation: (s: DStream<KV>) =>
        s
          .reduceByKeyAndWindow(
            (x, y) => x + y,
            (x, y) => x - y,
            Seconds(windowSeconds),
            Seconds(slideSeconds),
            undefined,
            (pair) => pair[1] !== 0,
          )
          .persist()
          .checkpoint(Seconds(100)),
      expected,
      ordered: false,
    });
  });
}

/** Sort a group's values, so groups compare as multisets (Spark compares them as sets). */
function sortedGroups(s: DStream<Pair<string, number[]>>): DStream<Pair<string, number[]>> {
  return s.map(([key, values]): Pair<string, number[]> => [key, [...values].sort((a, b) => a - b)]);
}

const contexts: StreamingContext[] = [];

afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop();
});

/** A context on a ManualClock with Spark's 1 s batch; stopped after the test. */
function newContext(): { ssc: StreamingContext; clock: ManualClock } {
  const clock = new ManualClock();
  const ssc = new StreamingContext({
    batchDuration: Seconds(1),
    clock,
    logger: { warn: () => undefined, error: () => undefined },
  });
  contexts.push(ssc);
  return { ssc, clock };
}

function testInput<T>(ssc: StreamingContext, input: T[][], numPartitions = 2): DStream<T> {
  return new DStream(new TestInputDStream<T>(ssc, input, numPartitions));
}

/** Spark's `intercept[...]` plus an exact message. */
function expectThrows(
  build: () => unknown,
  type: typeof SparkError | typeof IllegalArgumentError,
  message: string,
): void {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(type);
  expect((caught as Error).message).toBe(message);
}

describe('WindowOperationsSuite', () => {
  // --- window ---

  testWindow('basic window', zeroToFive, [[0], [0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]);

  testWindow(
    'tumbling window',
    zeroToFive,
    [
      [0, 1],
      [2, 3],
      [4, 5],
    ],
    2,
    2,
  );

  testWindow(
    'larger window',
    zeroToFive,
    [
      [0, 1],
      [0, 1, 2, 3],
      [2, 3, 4, 5],
      [4, 5],
    ],
    4,
    2,
  );

  testWindow(
    'non-overlapping window',
    zeroToFive,
    [
      [1, 2],
      [4, 5],
    ],
    2,
    3,
  );

  it('WindowOperationsSuite › window - persistence level', () => {
    const { ssc } = newContext();
    const inputStream = testInput(ssc, zeroToFive, 1);
    const windowStream1 = inputStream.window(Seconds(2));
    expect(windowStream1.node.storageLevel).toBe(StorageLevel.NONE);
    expect(inputStream.node.storageLevel).toBe(StorageLevel.MEMORY_ONLY_SER);
    windowStream1.persist(StorageLevel.MEMORY_ONLY);
    expect(windowStream1.node.storageLevel).toBe(StorageLevel.NONE);
    expect(inputStream.node.storageLevel).toBe(StorageLevel.MEMORY_ONLY);
  });

  // --- reduceByKeyAndWindow without an inverse function ---

  testReduceByKeyAndWindow(
    'basic reduction',
    [
      [
        ['a', 1],
        ['a', 3],
      ],
    ],
    [[['a', 4]]],
  );

  testReduceByKeyAndWindow(
    'key already in window and new value added into window',
    [[['a', 1]], [['a', 1]]],
    [[['a', 1]], [['a', 2]]],
  );

  testReduceByKeyAndWindow(
    'new key added into window',
    [
      [['a', 1]],
      [
        ['a', 1],
        ['b', 1],
      ],
    ],
    [
      [['a', 1]],
      [
        ['a', 2],
        ['b', 1],
      ],
    ],
  );

  testReduceByKeyAndWindow(
    'key removed from window',
    [[['a', 1]], [['a', 1]], [], []],
    [[['a', 1]], [['a', 2]], [['a', 1]], []],
  );

  testReduceByKeyAndWindow('larger slide time', largerSlideInput, largerSlideReduceOutput, 4, 2);

  testReduceByKeyAndWindow('big test', bigInput, bigReduceOutput);

  // --- reduceByKeyAndWindow with an inverse function ---

  testReduceByKeyAndWindowWithInverse(
    'basic reduction',
    [
      [
        ['a', 1],
        ['a', 3],
      ],
    ],
    [[['a', 4]]],
  );

  testReduceByKeyAndWindowWithInverse(
    'key already in window and new value added into window',
    [[['a', 1]], [['a', 1]]],
    [[['a', 1]], [['a', 2]]],
  );

  testReduceByKeyAndWindowWithInverse(
    'new key added into window',
    [
      [['a', 1]],
      [
        ['a', 1],
        ['b', 1],
      ],
    ],
    [
      [['a', 1]],
      [
        ['a', 2],
        ['b', 1],
      ],
    ],
  );

  testReduceByKeyAndWindowWithInverse(
    'key removed from window',
    [[['a', 1]], [['a', 1]], [], []],
    [[['a', 1]], [['a', 2]], [['a', 1]], [['a', 0]]],
  );

  testReduceByKeyAndWindowWithInverse(
    'larger slide time',
    largerSlideInput,
    largerSlideReduceOutput,
    4,
    2,
  );

  testReduceByKeyAndWindowWithInverse('big test', bigInput, bigReduceInvOutput);

  testReduceByKeyAndWindowWithFilteredInverse('big test', bigInput, bigReduceOutput);

  // --- groupByKeyAndWindow, countByWindow, countByValueAndWindow ---

  it('WindowOperationsSuite › groupByKeyAndWindow', async () => {
    await expectBatches({
      input: bigInput,
      numBatches: numBatchesFor(bigGroupByOutput, 1),
      operation: (s: DStream<KV>) =>
        sortedGroups(s.groupByKeyAndWindow(Seconds(2), Seconds(1))).persist(),
      expected: bigGroupByOutput,
      ordered: false,
    });
  });

  it('WindowOperationsSuite › countByWindow', async () => {
    const expected = [[1], [2], [3], [3], [1], [0]];
    await expectBatches({
      input: [[1], [1], [1, 2], [0], [], []],
      numBatches: numBatchesFor(expected, 1),
      operation: (s: DStream<number>) => s.countByWindow(Seconds(2), Seconds(1)),
      expected,
      ordered: false,
    });
  });

  it('WindowOperationsSuite › countByValueAndWindow', async () => {
    const expected: KV[][] = [
      [['a', 1]],
      [
        ['a', 1],
        ['b', 2],
      ],
      [
        ['a', 1],
        ['b', 3],
      ],
    ];
    await expectBatches({
      input: [['a'], ['b', 'b'], ['a', 'b']],
      numBatches: numBatchesFor(expected, 1),
      operation: (s: DStream<string>) => s.countByValueAndWindow(Seconds(2), Seconds(1)),
      expected,
      ordered: false,
    });
  });
});

describe('window operations: reduceByWindow (reference §2.2)', () => {
  const input = [[1, 2], [3], [], [4, 5, 6], [], []];

  it('reduceByWindow without an inverse: reduce per batch, window, reduce; no element for an empty window', async () => {
    await expectBatches({
      input,
      numBatches: 6,
      operation: (s: DStream<number>) => s.reduceByWindow((a, b) => a + b, Seconds(2), Seconds(1)),
      // Windows (t-2, t]: {1,2}, {1,2,3}, {3}, {4,5,6}, {4,5,6}, {} (no element).
      expected: [[3], [6], [3], [15], [15], []],
    });
  });

  it('reduceByWindow with an inverse: incremental, and 0 stays once the first element was seen', async () => {
    await expectBatches({
      input,
      numBatches: 6,
      operation: (s: DStream<number>) =>
        s.reduceByWindow(
          (a, b) => a + b,
          (a, b) => a - b,
          Seconds(2),
          Seconds(1),
        ),
      expected: [[3], [6], [3], [15], [15], [0]],
    });
  });

  it('reduceByWindow with a larger slide emits on the slide grid only', async () => {
    await expectBatches({
      input,
      numBatches: 6,
      operation: (s: DStream<number>) => s.reduceByWindow((a, b) => a + b, Seconds(3), Seconds(2)),
      // Windows (t-3, t] at t = 2, 4, 6: {1,2,3}, {3,4,5,6}, {4,5,6}.
      expected: [[6], [18], [15]],
    });
  });

  it('reduceByKeyAndWindow accepts the options object (inverse, filter)', async () => {
    await expectBatches({
      input: bigInput,
      numBatches: bigReduceOutput.length,
      operation: (s: DStream<KV>) =>
        s.reduceByKeyAndWindow({
          reduce: (x, y) => x + y,
          inverse: (x, y) => x - y,
          window: Seconds(2),
          filter: (pair) => pair[1] !== 0,
        }),
      expected: bigReduceOutput,
      ordered: false,
    });
  });

  it('reduceByKeyAndWindow with a null inverse is the plain window (keys disappear)', async () => {
    await expectBatches({
      input: bigInput,
      numBatches: bigReduceOutput.length,
      operation: (s: DStream<KV>) =>
        s.reduceByKeyAndWindow((x, y) => x + y, null, Seconds(2), Seconds(1), 3),
      expected: bigReduceOutput,
      ordered: false,
    });
  });
});

describe('window operations: inverse window filter (reference §2.5.3)', () => {
  it('a filter that drops a key still in the window makes a later window fail, as in Spark', async () => {
    // The filtered result is the next window's "previous" value: 'a' = 0 is dropped at 1 s while
    // its batch is still in the window; at 2 s that batch leaves, and 'a' has neither a previous
    // value nor new values.
    const run = runBatches({
      batchDuration: Seconds(1),
      input: [[['a', 0]], []] as KV[][],
      operation: (s: DStream<KV>) =>
        s.reduceByKeyAndWindow(
          (x, y) => x + y,
          (x, y) => x - y,
          Seconds(1),
          Seconds(1),
          undefined,
          (pair) => pair[1] !== 0,
        ),
    });
    const error: unknown = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SparkError);
    expect((error as Error).message).toBe(
      'Neither previous window has value for key, nor new values found. Are you sure your key class hashes consistently?',
    );
  });
});

describe('window operations: validation (reference §2.5.1)', () => {
  /** A stream whose slide is 2 s: the divisor of the messages is the parent's slide. */
  function slideTwo(): DStream<KV> {
    const { ssc } = newContext();
    return testInput<KV>(ssc, bigInput).window(Seconds(2), Seconds(2));
  }

  const plainWindow = (w: number) =>
    `The window duration of windowed DStream (${w} ms) must be a multiple of the slide duration of parent DStream (2000 ms)`;
  const plainSlide = (s: number) =>
    `The slide duration of windowed DStream (${s} ms) must be a multiple of the slide duration of parent DStream (2000 ms)`;
  const inverseWindow = (w: number) =>
    `requirement failed: The window duration of ReducedWindowedDStream (${w} ms) must be multiple of the slide duration of parent DStream (2000 ms)`;
  const inverseSlide = (s: number) =>
    `requirement failed: The slide duration of ReducedWindowedDStream (${s} ms) must be multiple of the slide duration of parent DStream (2000 ms)`;
  const add = (x: number, y: number): number => x + y;
  const sub = (x: number, y: number): number => x - y;

  it('window: a window duration that is not a multiple of the parent slide is a SparkError', () => {
    expectThrows(() => slideTwo().window(Seconds(3), Seconds(2)), SparkError, plainWindow(3000));
    // The one-argument form slides with the parent.
    expectThrows(() => slideTwo().window(Seconds(3)), SparkError, plainWindow(3000));
  });

  it('window: a slide duration that is not a multiple of the parent slide is a SparkError', () => {
    expectThrows(() => slideTwo().window(Seconds(4), Seconds(3)), SparkError, plainSlide(3000));
  });

  it('the operations built on window throw the same SparkError', () => {
    expectThrows(
      () => slideTwo().reduceByKeyAndWindow(add, Seconds(3), Seconds(2)),
      SparkError,
      plainWindow(3000),
    );
    expectThrows(
      () => slideTwo().reduceByKeyAndWindow(add, Seconds(4), Seconds(1)),
      SparkError,
      plainSlide(1000),
    );
    expectThrows(
      () => slideTwo().groupByKeyAndWindow(Seconds(5), Seconds(2)),
      SparkError,
      plainWindow(5000),
    );
    expectThrows(
      () =>
        slideTwo()
          .map((pair) => pair[1])
          .reduceByWindow(add, Seconds(3), Seconds(2)),
      SparkError,
      plainWindow(3000),
    );
  });

  it('the inverse windows throw IllegalArgumentError with the ReducedWindowedDStream texts', () => {
    expectThrows(
      () => slideTwo().reduceByKeyAndWindow(add, sub, Seconds(3), Seconds(2)),
      IllegalArgumentError,
      inverseWindow(3000),
    );
    expectThrows(
      () => slideTwo().reduceByKeyAndWindow(add, sub, Seconds(4), Seconds(3)),
      IllegalArgumentError,
      inverseSlide(3000),
    );
    expectThrows(
      () =>
        slideTwo()
          .map((pair) => pair[1])
          .reduceByWindow(add, sub, Seconds(3), Seconds(2)),
      IllegalArgumentError,
      inverseWindow(3000),
    );
    expectThrows(
      () => slideTwo().countByWindow(Seconds(4), Seconds(1)),
      IllegalArgumentError,
      inverseSlide(1000),
    );
    expectThrows(
      () => slideTwo().countByValueAndWindow(Seconds(1), Seconds(2)),
      IllegalArgumentError,
      inverseWindow(1000),
    );
  });

  it('a window shorter than its slide, or a multiple of the batch, is accepted', () => {
    const { ssc } = newContext();
    const s = testInput<number>(ssc, zeroToFive);
    expect(s.window(Seconds(1), Seconds(3)).slideDuration).toEqual(Seconds(3));
    expect(s.countByWindow(Seconds(1), Seconds(3)).slideDuration).toEqual(Seconds(3));
  });
});

describe('window operations: remember durations (reference §3.3)', () => {
  it('BasicOperationsSuite › rdd cleanup - map and window', async () => {
    const { ssc, clock } = newContext();
    const rememberDuration = Seconds(3);
    const input = Array.from({ length: 10 }, (_, x) => [x, x + 1]);
    const mapped = testInput(ssc, input).map((x): Pair<number, number> => [x % 10, 1]);
    const windowed1 = mapped.window(Seconds(2), Seconds(1));
    const windowed2 = windowed1.window(Seconds(4), Seconds(2));
    let outputs = 0;
    windowed2.foreachRDD(() => {
      outputs++;
    });
    ssc.remember(rememberDuration);
    ssc.start();
    await clock.advance(Seconds(10));
    expect(outputs).toBe(5);

    expect(windowed2.node.rememberDuration).toEqual(rememberDuration);
    expect(windowed1.node.rememberDuration).toEqual(rememberDuration.plus(Seconds(4)));
    expect(mapped.node.rememberDuration).toEqual(
      rememberDuration.plus(Seconds(4)).plus(Seconds(2)),
    );
    const times = (s: DStream<unknown>): number[] =>
      [...s.node.generatedRDDs.keys()].sort((a, b) => a - b);
    // windowed2 remembers down to 7 s, windowed1 down to 4 s, mapped down to 2 s.
    expect(times(windowed2)).toEqual([8000, 10000]);
    expect(times(windowed1)).toEqual([4000, 5000, 6000, 7000, 8000, 9000, 10000]);
    expect(times(mapped)).toEqual([2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000]);
  });

  it('an inverse window extends the remember duration of its per-batch reduction by its window', async () => {
    const { ssc, clock } = newContext();
    const dir = await mkdtemp(join(tmpdir(), 'dstream-ts-window-'));
    try {
      ssc.checkpoint(dir);
      const pairs = testInput<KV>(ssc, bigInput);
      const reduced = pairs.reduceByKeyAndWindow(
        (x, y) => x + y,
        (x, y) => x - y,
        Seconds(4),
        Seconds(2),
      );
      reduced.foreachRDD(() => undefined);
      ssc.start();
      await clock.advance(Seconds(2));
      // Default checkpoint interval for slide 2 s: 10 s; remember twice that.
      expect(reduced.node.checkpointDuration).toEqual(Seconds(10));
      expect(reduced.node.rememberDuration).toEqual(Seconds(20));
      // The per-batch reduction feeding the window keeps 20 s + 4 s, and so does the input.
      expect(reduced.node.dependencies[0]?.rememberDuration).toEqual(Seconds(24));
      expect(pairs.node.rememberDuration).toEqual(Seconds(24));
    } finally {
      await ssc.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
