import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamingContext } from '../context/streaming-context.js';
import { DStream } from '../dstream/dstream.js';
import { ManualClock } from '../scheduler/clock/manual-clock.js';
import type { Duration } from '../time/duration.js';
import { TestInputDStream } from './test-input-dstream.js';

/**
 * Options of {@link runBatches}.
 *
 * @example
 * ```ts
 * const opts: RunBatchesOptions<string, number> = { batchDuration: Seconds(1), input: [['a']], operation: (s) => s.count() };
 * ```
 */
export interface RunBatchesOptions<I, O> {
  /** The batch interval, e.g. `Seconds(1)`; batches run at B, 2B, ... in virtual time. */
  readonly batchDuration: Duration;
  /** Batch k's data; `null` = the input has no RDD at batch k. */
  readonly input: readonly (readonly I[] | null)[];
  /** More input streams, for multi-stream operations. */
  readonly extraInputs?: readonly (readonly (readonly unknown[] | null)[])[];
  /** Partitions of each input batch RDD (default 2). */
  readonly numInputPartitions?: number;
  /** Shuffle partitions when none are given (default 2, as `local[2]`). */
  readonly defaultParallelism?: number;
  /** Batch intervals to run (default: the longest input). */
  readonly numBatches?: number;
  /** Default: a fresh temporary directory, removed afterwards. */
  readonly checkpointDir?: string;
  /** Build the stream under test from the input streams; `s1.context()` is the context. */
  readonly operation: (s1: DStream<I>, ...others: DStream<any>[]) => DStream<O>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Run `operation` over the given batches in virtual time (a ManualClock from 0, batches at B,
 * 2B, ...) and return the output stream's collected RDDs, one entry per batch in which the
 * output had an RDD, partitions flattened in order. Spark's `TestSuiteBase.testOperation`
 * without the sleeps. Rejects with the first error a batch raised.
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
export async function runBatches<I, O>(options: RunBatchesOptions<I, O>): Promise<O[][]> {
  const clock = new ManualClock();
  const ssc = new StreamingContext({
    batchDuration: options.batchDuration,
    clock,
    // Failures come back as the rejection of runBatches; printing them too would only be noise.
    logger: { warn: () => undefined, error: () => undefined },
    ...(options.defaultParallelism === undefined
      ? {}
      : { defaultParallelism: options.defaultParallelism }),
  });
  const ownsDir = options.checkpointDir === undefined;
  const dir = options.checkpointDir ?? (await mkdtemp(join(tmpdir(), 'dstream-ts-')));
  const outputs: O[][] = [];
  let failure: { error: unknown } | undefined;
  try {
    ssc.checkpoint(dir);
    const partitions = options.numInputPartitions ?? 2;
    const inputs = [options.input, ...(options.extraInputs ?? [])].map(
      (batches) => new DStream(new TestInputDStream<unknown>(ssc, batches, partitions)),
    );
    const [first, ...others] = inputs as [DStream<I>, ...DStream<unknown>[]];
    options.operation(first, ...others).foreachRDD((rdd) => {
      outputs.push(rdd.collect());
    });
    ssc.awaitTermination().catch((error: unknown) => {
      failure ??= { error };
    });
    ssc.start();
    const numBatches =
      options.numBatches ??
      Math.max(options.input.length, ...(options.extraInputs ?? []).map((b) => b.length));
    await clock.advance(options.batchDuration.milliseconds * numBatches);
  } finally {
    await ssc.stop();
    if (ownsDir) await rm(dir, { recursive: true, force: true });
  }
  if (failure !== undefined) throw failure.error;
  return outputs;
}
