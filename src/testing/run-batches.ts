import type { DStream } from '../dstream/dstream.js';
import type { Duration } from '../time/duration.js';
import { executeRun } from './run-stream.js';

/**
 * The batches of one input stream: batch k (at k·batchDuration) holds `batches[k - 1]`; `null`
 * means the input has no RDD at that batch (a transform or custom source that produced none);
 * past the end, the batches are empty.
 *
 * @example
 * ```ts
 * const input: InputBatches<string> = [['a', 'b'], [], null, ['c']];
 * ```
 */
export type InputBatches<T> = readonly (readonly T[] | null)[];

/**
 * Options of {@link runBatches} (and, with a clock start, of `runStream`). `X` is the tuple of
 * the extra inputs' element types, inferred from `extraInputs` or from `operation`'s parameters.
 *
 * @example
 * ```ts
 * const opts: RunBatchesOptions<string, number> = {
 *   batchDuration: Seconds(1),
 *   input: [['a'], ['b', 'c']],
 *   operation: (s) => s.count(),
 * };
 * ```
 */
export interface RunBatchesOptions<I, O, X extends readonly unknown[] = []> {
  /** The batch interval, e.g. `Seconds(1)`; batches run at B, 2B, ... in virtual time. */
  readonly batchDuration: Duration;
  /** Batch k's data; `null` = the input has no RDD at batch k. */
  readonly input: InputBatches<I>;
  /** More input streams, for multi-stream operations (`union`, `join`, ...). */
  readonly extraInputs?:
    { readonly [K in keyof X]: InputBatches<X[K]> } | readonly InputBatches<X[number]>[];
  /** Partitions of each input batch RDD (default 2). */
  readonly numInputPartitions?: number;
  /** Shuffle partitions when none are given (default 2, as `local[2]`). */
  readonly defaultParallelism?: number;
  /** Batch intervals to run (default: the longest input). */
  readonly numBatches?: number;
  /** Default: a fresh temporary directory, removed afterwards. */
  readonly checkpointDir?: string;
  /** Build the stream under test from the input streams; `s1.context()` is the context. */
  readonly operation: (s1: DStream<I>, ...others: { [K in keyof X]: DStream<X[K]> }) => DStream<O>;
}

/**
 * Run `operation` over the given batches in virtual time (a ManualClock from 0, batches at B,
 * 2B, ...) and return the output stream's collected RDDs, one entry per batch in which the
 * output had an RDD, partitions flattened in order. Spark's `TestSuiteBase.testOperation`
 * without the sleeps. Rejects with the first error a batch raised. `pprint` output goes to
 * `process.stdout`; `runStream` returns it instead, with each batch's time and the listener's
 * batch infos. Runs are independent: any number may run at once.
 *
 * @example
 * ```ts
 * const out = await runBatches({
 *   batchDuration: Seconds(1),
 *   input: [['a', 'b', 'a'], ['b']],
 *   operation: (s) => s.countByValue(),
 * });
 * // [[['b', 1], ['a', 2]], [['b', 1]]]
 * ```
 */
export async function runBatches<I, O, X extends readonly unknown[] = []>(
  options: RunBatchesOptions<I, O, X>,
): Promise<O[][]> {
  const run = await executeRun(options, process.stdout);
  return run.batches.map((batch) => batch.output);
}
