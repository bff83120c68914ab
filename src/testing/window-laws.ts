/** Laws of windowed jobs: a window is the union of its batches; reduceByKeyAndWindow is a naive reduce. */
import type { DStream } from '../dstream/dstream.js';
import type { Pair } from '../rdd/pair.js';
import type { Duration } from '../time/duration.js';
import type { Time } from '../time/time.js';
import type { BatchOutput } from './kit-context.js';
import {
  batchesInWindow,
  expectLawHolds,
  groupByKey,
  runOptions,
  slideTimes,
  type LawRunOptions,
} from './law-support.js';
import { canonical } from './record-text.js';
import type { InputBatches } from './run-batches.js';
import { runStream } from './run-stream.js';

/**
 * Options of `windowEqualsUnionOfBatches`.
 *
 * @example
 * ```ts
 * const options: WindowLawOptions<string, string> = {
 *   batchDuration: Seconds(1), input: batchesFrom('a b | c'), window: Seconds(2),
 *   operation: (s) => s.window(Seconds(2)),
 * };
 * ```
 */
export interface WindowLawOptions<I, O> extends LawRunOptions {
  /** Batch k's data; `null` = the input has no RDD at batch k. */
  readonly input: InputBatches<I>;
  /** The window duration, a multiple of the batch duration. */
  readonly window: Duration;
  /** Default: the batch duration. */
  readonly slide?: Duration;
  /** The windowed job under test. */
  readonly operation: (s: DStream<I>) => DStream<O>;
  /** What one batch contributes to a window (default: the input batch itself). */
  readonly perBatch?: (s: DStream<I>) => DStream<O>;
  /** Compare each window in order (default `false`: as a multiset). */
  readonly ordered?: boolean;
}

/**
 * Check that the windowed job `operation` emits, at every slide time t (and only then), the union
 * of what `perBatch` gives for the batches in the window (t − window, t]. With the default
 * `perBatch`, the window holds the input records themselves. Runs until every batch has left the
 * window (`numBatches` changes it).
 *
 * @throws {@link BatchAssertionError} listing, per window, the expected and actual records, the
 * missing and the unexpected ones, and emissions at wrong times.
 * @example
 * ```ts
 * await laws.windowEqualsUnionOfBatches({
 *   batchDuration: Seconds(1),
 *   input: batchesFrom('#a x | #b | #a'),
 *   window: Seconds(2),
 *   perBatch: (s) => s.filter((w) => w.startsWith('#')),
 *   operation: (s) => s.filter((w) => w.startsWith('#')).window(Seconds(2)),
 * });
 * ```
 */
export async function windowEqualsUnionOfBatches<I>(
  options: WindowLawOptions<I, I> & { readonly perBatch?: undefined },
): Promise<void>;
export async function windowEqualsUnionOfBatches<I, O>(
  options: WindowLawOptions<I, O> & { readonly perBatch: (s: DStream<I>) => DStream<O> },
): Promise<void>;
export async function windowEqualsUnionOfBatches<I, O>(
  options: WindowLawOptions<I, O>,
): Promise<void> {
  const { batchDuration, input, window, slide = batchDuration } = options;
  const perBatch = options.perBatch ?? ((s: DStream<I>) => s as unknown as DStream<O>);
  const numBatches =
    options.numBatches ??
    input.length + Math.ceil(window.milliseconds / batchDuration.milliseconds);
  const contributions = new Map<number, O[]>();
  const run = await runStream({
    ...runOptions(options),
    input,
    numBatches,
    operation: (s: DStream<I>) => {
      perBatch(s).foreachRDD((rdd, time) => {
        contributions.set(time.milliseconds, rdd.collect());
      });
      return options.operation(s);
    },
  });
  const expected: BatchOutput<O>[] = slideTimes(slide, batchDuration, numBatches).map((time) => ({
    time,
    output: batchesInWindow(time, window, batchDuration).flatMap(
      (k) => contributions.get(k * batchDuration.milliseconds) ?? [],
    ),
  }));
  expectLawHolds(run.batches, expected, options.ordered ?? false, input, {
    law: 'windowEqualsUnionOfBatches',
    claim: `the windowed stream (window ${window}, slide ${slide}) is not, at each slide time t, the union of the batches in (t - window, t]`,
    hint: 'Check the window and slide durations, and that nothing before the window keeps data from earlier batches.',
  });
}

/**
 * Options of `reduceByKeyAndWindowMatchesNaive`.
 *
 * @example
 * ```ts
 * const options: ReduceWindowLawOptions<string, number> = {
 *   batchDuration: Seconds(1), input: [[['a', 1]], [['a', 2]]], window: Seconds(2),
 *   reduce: (a, b) => a + b, inverse: (a, b) => a - b, filter: ([, n]) => n !== 0,
 * };
 * ```
 */
export interface ReduceWindowLawOptions<K, V> extends LawRunOptions {
  /** Batch k's pairs; `null` = the input has no RDD at batch k. */
  readonly input: InputBatches<Pair<K, V>>;
  /** Associative and commutative, as Spark requires. */
  readonly reduce: (a: V, b: V) => V;
  /** The inverse of `reduce` (makes the window incremental). */
  readonly inverse?: (a: V, b: V) => V;
  /** The window duration, a multiple of the batch duration. */
  readonly window: Duration;
  /** Default: the batch duration. */
  readonly slide?: Duration;
  /** Spark's `filterFunc`: keep only the pairs for which it returns true. */
  readonly filter?: (pair: Pair<K, V>) => boolean;
  /** Shuffle partitions of the windowed reduce (default: the default parallelism). */
  readonly numPartitions?: number;
}

/**
 * Check that `reduceByKeyAndWindow` with these functions emits, at every slide time t (and only
 * then), what a naive computation gives: the pairs of the batches in (t − window, t] grouped by key
 * and reduced, then `filter`ed; each window compared as a multiset. With an `inverse` and no
 * `filter`, Spark keeps a key whose values have all left the window, with the value the inverse
 * left (the "zero", e.g. 0); such keys are not compared. Pass a `filter` that drops that zero to
 * check they are gone. Runs until every batch has left the window.
 *
 * @throws {@link BatchAssertionError} listing, per window, the expected and actual pairs, the
 * missing and the unexpected ones (e.g. a wrong inverse shows wrong sums from the second window on).
 * @example
 * ```ts
 * await laws.reduceByKeyAndWindowMatchesNaive({
 *   batchDuration: Seconds(1),
 *   input: [[['Web', 1], ['Store', 2]], [['Web', 3]], [['Store', 1]]],
 *   reduce: (a, b) => a + b,
 *   inverse: (a, b) => a - b,
 *   filter: ([, visits]) => visits > 0,
 *   window: Seconds(2),
 * });
 * ```
 */
export async function reduceByKeyAndWindowMatchesNaive<K, V>(
  options: ReduceWindowLawOptions<K, V>,
): Promise<void> {
  const { batchDuration, input, reduce, inverse, window, slide = batchDuration, filter } = options;
  const numBatches =
    options.numBatches ??
    input.length +
      Math.ceil((window.milliseconds + slide.milliseconds) / batchDuration.milliseconds);
  const run = await runStream({
    ...runOptions(options),
    input,
    numBatches,
    operation: (s: DStream<Pair<K, V>>) =>
      s.reduceByKeyAndWindow<K, V>({
        reduce,
        window,
        slide,
        ...(inverse === undefined ? {} : { inverse }),
        ...(filter === undefined ? {} : { filter }),
        ...(options.numPartitions === undefined ? {} : { partitions: options.numPartitions }),
      }),
  });
  const expected = slideTimes(slide, batchDuration, numBatches).map((time) => ({
    time,
    output: naiveWindow(input, time, options),
  }));
  // With an inverse and no filter, keys whose values all left the window stay, unchecked.
  const actual =
    inverse === undefined || filter !== undefined
      ? run.batches
      : run.batches.map(({ time, output }) => {
          const left = leftTheWindow(input, time, options);
          return { time, output: output.filter(([key]) => !left.has(canonical(key))) };
        });
  const form = inverse === undefined ? 'without' : 'with';
  expectLawHolds(actual, expected, false, input, {
    law: 'reduceByKeyAndWindowMatchesNaive',
    claim: `reduceByKeyAndWindow ${form} an inverse function${filter === undefined ? '' : ' and a filter'} (window ${window}, slide ${slide}) differs from reducing each key's values in (t - window, t]`,
    hint:
      inverse === undefined
        ? 'Check that reduce is associative and commutative.'
        : 'Check that inverse undoes reduce (reduce(inverse(a, b), b) = a) and that filter drops only keys with no values left in the window.',
  });
}

/** The naive window at `time`: the batches' pairs grouped by key, reduced, filtered. */
function naiveWindow<K, V>(
  input: InputBatches<Pair<K, V>>,
  time: Time,
  options: ReduceWindowLawOptions<K, V>,
): Pair<K, V>[] {
  const pairs = pairsInWindow(input, time, options);
  const out: Pair<K, V>[] = [];
  for (const { key, values } of groupByKey(pairs).values()) {
    const pair: Pair<K, V> = [key, values.reduce(options.reduce)];
    if (options.filter === undefined || options.filter(pair)) out.push(pair);
  }
  return out;
}

function pairsInWindow<K, V>(
  input: InputBatches<Pair<K, V>>,
  time: Time,
  options: ReduceWindowLawOptions<K, V>,
): Pair<K, V>[] {
  return batchesInWindow(time, options.window, options.batchDuration).flatMap(
    (k) => input[k - 1] ?? [],
  );
}

/** The keys seen up to `time` that have no value in its window. */
function leftTheWindow<K, V>(
  input: InputBatches<Pair<K, V>>,
  time: Time,
  options: ReduceWindowLawOptions<K, V>,
): Set<string> {
  const inWindow = new Set(pairsInWindow(input, time, options).map(([key]) => canonical(key)));
  const left = new Set<string>();
  const last = time.milliseconds / options.batchDuration.milliseconds;
  for (let k = 1; k <= Math.min(last, input.length); k++) {
    for (const [key] of input[k - 1] ?? []) {
      const text = canonical(key);
      if (!inWindow.has(text)) left.add(text);
    }
  }
  return left;
}
