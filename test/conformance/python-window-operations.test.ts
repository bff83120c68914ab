/**
 * Conformance: the window cases of PySpark's `WindowFunctionTests`
 * (apache/spark python/pyspark/streaming/tests/test_dstream.py). Inputs and expected outputs are
 * PySpark's. PySpark's harness (`PySparkStreamingTestCase`) uses a 0.5 s batch, one partition per
 * input batch, `spark.default.parallelism = 1` and a checkpoint directory; `_collect(stream, n)`
 * keeps the first `n` batches whose collected RDD is non-empty. Here every case runs exactly the
 * batches that produce those `n` outputs and compares all non-empty ones, so a surplus output
 * fails the test.
 *
 * dstream-ts follows Scala semantics. Where PySpark would compute something else, the test asserts
 * the Scala result and says so with a "Python-only difference" comment.
 */
import { describe, expect, it } from 'vitest';
import {
  type DStream,
  ManualClock,
  Milliseconds,
  type Pair,
  Seconds,
  SparkError,
  StreamingContext,
} from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';

/** Run `build` and return what it threw. */
function thrown(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** `range(n)` of Python. */
function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** PySpark's `_test_func` with `sort=False`: the non-empty batches of `numBatches`, in order. */
async function pythonCollect<I, O>(
  input: I[][],
  operation: (s: DStream<I>) => DStream<O>,
  numBatches: number,
): Promise<O[][]> {
  const output = await runBatches<I, O>({
    batchDuration: Milliseconds(500),
    input,
    numBatches,
    numInputPartitions: 1,
    defaultParallelism: 1,
    operation,
  });
  return output.filter((batch) => batch.length > 0);
}

describe('PySpark WindowFunctionTests', () => {
  it('WindowFunctionTests › test_window', async () => {
    const input = [range(1), range(2), range(3), range(4), range(5)];
    const expected = [[1], [3], [6], [9], [12], [9], [5]];
    const output = await pythonCollect(
      input,
      (s) => s.window(Milliseconds(1500), Milliseconds(500)).count(),
      expected.length,
    );
    expect(output).toEqual(expected);
  });

  it('WindowFunctionTests › test_count_by_window', async () => {
    const input = [range(1), range(2), range(3), range(4), range(5)];
    const expected = [[1], [3], [6], [9], [12], [9], [5]];
    // Python-only difference: with window 1.5 s < 5 × slide, PySpark re-reduces the whole window
    // and emits nothing once the window is empty; Scala keeps emitting 0 (not reached here).
    const output = await pythonCollect(
      input,
      (s) => s.countByWindow(Milliseconds(1500), Milliseconds(500)),
      expected.length,
    );
    expect(output).toEqual(expected);
  });

  it('WindowFunctionTests › test_count_by_window_large', async () => {
    const input = [range(1), range(2), range(3), range(4), range(5), range(6)];
    const expected = [[1], [3], [6], [10], [15], [20], [18], [15], [11], [6]];
    const output = await pythonCollect(
      input,
      (s) => s.countByWindow(Milliseconds(2500), Milliseconds(500)),
      expected.length,
    );
    expect(output).toEqual(expected);
  });

  it('WindowFunctionTests › test_count_by_value_and_window', async () => {
    const input = [range(1), range(2), range(3), range(4), range(5), range(6)];
    const expected: Pair<number, number>[][] = [
      [[0, 1]],
      [
        [0, 2],
        [1, 1],
      ],
      [
        [0, 3],
        [1, 2],
        [2, 1],
      ],
      [
        [0, 4],
        [1, 3],
        [2, 2],
        [3, 1],
      ],
      [
        [0, 5],
        [1, 4],
        [2, 3],
        [3, 2],
        [4, 1],
      ],
      [
        [0, 5],
        [1, 5],
        [2, 4],
        [3, 3],
        [4, 2],
        [5, 1],
      ],
      [
        [0, 4],
        [1, 4],
        [2, 4],
        [3, 3],
        [4, 2],
        [5, 1],
      ],
      [
        [0, 3],
        [1, 3],
        [2, 3],
        [3, 3],
        [4, 2],
        [5, 1],
      ],
      [
        [0, 2],
        [1, 2],
        [2, 2],
        [3, 2],
        [4, 2],
        [5, 1],
      ],
      [
        [0, 1],
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
        [5, 1],
      ],
    ];
    // Python-only difference: PySpark drops counts with `> 0` after the window; Scala passes
    // `count != 0` as the window's filter. Counts never go negative, so the results agree.
    // After the 10th window every count is 0 and filtered out: the batches are empty, as in
    // PySpark (checked by running 4 more batches).
    const output = await pythonCollect(
      input,
      (s) => s.countByValueAndWindow(Milliseconds(2500), Milliseconds(500)),
      expected.length + 4,
    );
    expect(output).toEqual(expected);
  });

  it('WindowFunctionTests › test_group_by_key_and_window', async () => {
    const input = range(5).map((i): Pair<string, number>[] => [['a', i]]);
    const expected: Pair<string, number[]>[][] = [
      [['a', [0]]],
      [['a', [0, 1]]],
      [['a', [0, 1, 2]]],
      [['a', [1, 2, 3]]],
      [['a', [2, 3, 4]]],
      [['a', [3, 4]]],
      [['a', [4]]],
    ];
    // Python-only difference: PySpark builds this on the inverse window (list extend / drop
    // prefix), which on its incremental path (window >= 5 × slide) can emit empty groups for keys
    // that left the window; Scala's groupByKeyAndWindow only has keys present in the window, so
    // after the 7th window the batches are empty (checked by running 3 more batches).
    const output = await pythonCollect(
      input,
      (s) => s.groupByKeyAndWindow(Milliseconds(1500), Milliseconds(500)),
      expected.length + 3,
    );
    expect(output).toEqual(expected);
  });

  it('WindowFunctionTests › test_reduce_by_invalid_window', async () => {
    const ssc = new StreamingContext({
      batchDuration: Milliseconds(500),
      clock: new ManualClock(),
      logger: { warn: () => undefined, error: () => undefined },
    });
    try {
      const input1 = [range(3), range(5), range(1), range(6)];
      const d1 = ssc.queueStream(input1).map((x): Pair<number, number> => [x, 1]);
      const add = (a: number, b: number): number => a + b;
      // Python-only difference: PySpark validates first and raises ValueError("windowDuration
      // must be multiple of the parent dstream's slide (batch) duration (500 ms)") /
      // ValueError("slideDuration must be ..."); Scala's window (no inverse function) throws a
      // SparkException with its own text.
      const windowError = thrown(() =>
        d1.reduceByKeyAndWindow(add, null, Milliseconds(100), Milliseconds(100)),
      );
      expect(windowError).toBeInstanceOf(SparkError);
      expect((windowError as Error).message).toBe(
        'The window duration of windowed DStream (100 ms) must be a multiple of the slide duration of parent DStream (500 ms)',
      );
      const slideError = thrown(() =>
        d1.reduceByKeyAndWindow(add, null, Seconds(1), Milliseconds(100)),
      );
      expect(slideError).toBeInstanceOf(SparkError);
      expect((slideError as Error).message).toBe(
        'The slide duration of windowed DStream (100 ms) must be a multiple of the slide duration of parent DStream (500 ms)',
      );
    } finally {
      await ssc.stop();
    }
  });

  it('WindowFunctionTests › test_reduce_by_key_and_window_with_none_invFunc', async () => {
    const input = [range(1), range(2), range(3), range(4), range(5), range(6)];
    const expected = [[2], [4], [6], [6], [6], [6]];
    // Slide 1 s on a 0.5 s batch: 6 windows take 12 batches.
    const output = await pythonCollect(
      input,
      (s) =>
        s
          .map((x): Pair<number, number> => [x, 1])
          .reduceByKeyAndWindow((a, b) => a + b, null, Seconds(5), Seconds(1))
          .filter(([, count]) => count > 0)
          .count(),
      expected.length * 2,
    );
    expect(output).toEqual(expected);
  });

  it("reduceByWindow with PySpark's None inverse is the plain window (test_window's windows, summed)", async () => {
    // PySpark's reduceByWindow(reduceFunc, invReduceFunc, windowDuration, slideDuration) with
    // invReduceFunc=None reduces each window without an inverse; WindowFunctionTests has no
    // case, so the windows are test_window's ([0], [0, 0, 1], ...) and each output their sum.
    const input = [range(1), range(2), range(3), range(4), range(5)];
    const expected = [[0], [1], [4], [10], [19], [16], [10]];
    const add = (a: number, b: number): number => a + b;
    const plain = await pythonCollect(
      input,
      (s) => s.reduceByWindow(add, null, Milliseconds(1500), Milliseconds(500)),
      expected.length,
    );
    expect(plain).toEqual(expected);
    const withUndefined = await pythonCollect(
      input,
      (s) => s.reduceByWindow(add, undefined, Milliseconds(1500), Milliseconds(500)),
      expected.length,
    );
    expect(withUndefined).toEqual(expected);
  });
});
