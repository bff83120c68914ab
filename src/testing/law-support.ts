/** What the laws share: the options every law takes, batch times and windows, failures. */
import type { Pair } from '../rdd/pair.js';
import type { Duration } from '../time/duration.js';
import { Time } from '../time/time.js';
import { diffBatches, type ComparableBatches } from './batch-diff.js';
import { BatchAssertionError } from './expect-batches.js';
import type { BatchOutput } from './kit-context.js';
import { canonical, render } from './record-text.js';
import type { InputBatches } from './run-batches.js';

/**
 * Options every law takes besides its own: how the stream under test runs.
 *
 * @example
 * ```ts
 * const run: LawRunOptions = { batchDuration: Seconds(1), numInputPartitions: 3, defaultParallelism: 2 };
 * ```
 */
export interface LawRunOptions {
  /** The batch interval, e.g. `Seconds(1)`; batches run at B, 2B, ... in virtual time. */
  readonly batchDuration: Duration;
  /** Partitions of each input batch RDD (default 2). */
  readonly numInputPartitions?: number;
  /** Shuffle partitions when none are given (default 2). */
  readonly defaultParallelism?: number;
  /** Batch intervals to run (each law has a default that covers its input). */
  readonly numBatches?: number;
}

/** The run options of `options` alone, to pass on to runStream. */
export function runOptions(options: LawRunOptions): LawRunOptions {
  const { batchDuration, numInputPartitions, defaultParallelism } = options;
  return {
    batchDuration,
    ...(numInputPartitions === undefined ? {} : { numInputPartitions }),
    ...(defaultParallelism === undefined ? {} : { defaultParallelism }),
  };
}

/** Batch `k`'s records (1-based); `null` for no RDD, empty past the end of the input. */
export function batchAt<T>(input: InputBatches<T>, k: number): readonly T[] | null {
  return k <= input.length ? (input[k - 1] ?? null) : [];
}

/** The times `slide`, 2·`slide`, ... up to the last batch (a ManualClock from 0: zero time 0). */
export function slideTimes(slide: Duration, batchDuration: Duration, numBatches: number): Time[] {
  const times: Time[] = [];
  const end = numBatches * batchDuration.milliseconds;
  for (let t = slide.milliseconds; t <= end; t += slide.milliseconds) times.push(new Time(t));
  return times;
}

/** The batch numbers whose time lies in the window `(end - window, end]`. */
export function batchesInWindow(end: Time, window: Duration, batchDuration: Duration): number[] {
  const ks: number[] = [];
  const b = batchDuration.milliseconds;
  for (let t = end.milliseconds; t > end.milliseconds - window.milliseconds && t > 0; t -= b) {
    ks.unshift(t / b);
  }
  return ks;
}

/**
 * Group pairs by key (by value, as the engine's keys compare), keys in first-seen order, values in
 * order.
 */
export function groupByKey<K, V>(
  pairs: Iterable<Pair<K, V>>,
): Map<string, { readonly key: K; readonly values: V[] }> {
  const groups = new Map<string, { key: K; values: V[] }>();
  for (const [key, value] of pairs) {
    const text = canonical(key);
    const group = groups.get(text);
    if (group === undefined) groups.set(text, { key, values: [value] });
    else group.values.push(value);
  }
  return groups;
}

/** How a law says it failed: its name, what it checked, and what a failure usually means. */
interface LawClaim {
  readonly law: string;
  readonly claim: string;
  readonly hint: string;
}

/**
 * Compare a law's output batches with its model's, matched by batch time, and throw its failure
 * (what was checked, the per-batch report, the input, what it usually means) if they differ.
 */
export function expectLawHolds<T>(
  actual: readonly BatchOutput<T>[],
  expected: readonly BatchOutput<T>[],
  ordered: boolean,
  input: InputBatches<unknown>,
  { law, claim, hint }: LawClaim,
): void {
  const report = diffBatches(withTimes(actual), withTimes(expected), ordered);
  if (report === undefined) return;
  throw new BatchAssertionError(`${law}: ${claim}\n${report}\n${describeInput(input)}\n${hint}`);
}

function withTimes(batches: readonly BatchOutput<unknown>[]): ComparableBatches {
  return { batches: batches.map((b) => b.output), times: batches.map((b) => b.time) };
}

/** The input as one line per batch, for failure messages. */
function describeInput(input: InputBatches<unknown>): string {
  const lines = input.map(
    (batch, i) => `  batch ${i + 1}: ${batch === null ? 'no RDD' : render(batch)}`,
  );
  return ['Input:', ...(lines.length === 0 ? ['  (no batches)'] : lines)].join('\n');
}
