/** The recovery law: a job stopped after any batch and recovered from its checkpoint outputs the same. */
import { StreamingContext } from '../context/streaming-context.js';
import { IllegalArgumentError } from '../errors.js';
import { BatchAssertionError } from './expect-batches.js';
import {
  batchTimeMs,
  createKitContext,
  newRecorder,
  numBatchesOf,
  runUntil,
  SILENT_LOGGER,
  withTempDir,
  type BatchOutput,
  type RunRecorder,
} from './kit-context.js';
import { expectLawHolds } from './law-support.js';
import type { RunBatchesOptions } from './run-batches.js';

/**
 * Options of `checkRecovery`: those of `runBatches` (without `checkpointDir`: each run gets
 * a fresh one), which batches to crash after, and how to compare.
 *
 * @example
 * ```ts
 * const options: CheckRecoveryOptions<string, number> = {
 *   batchDuration: Seconds(1), input: [['a'], ['b'], ['c']], operation: (s) => s.count(), crashAfter: 2,
 * };
 * ```
 */
export interface CheckRecoveryOptions<I, O, X extends readonly unknown[] = []> extends Omit<
  RunBatchesOptions<I, O, X>,
  'checkpointDir'
> {
  /**
   * The batches k after which the job "crashes" (default: every batch but the last). Each gets
   * its own pair of runs.
   */
  readonly crashAfter?: number | readonly number[];
  /** Compare records in order (default `false`: each batch as a multiset, as Spark's suites do). */
  readonly ordered?: boolean;
}

/**
 * Check that the job survives a restart: run it once uninterrupted over all batches; then, for
 * each k in `crashAfter`, run it in a fresh checkpoint directory, stop it after batch k (a crash
 * between batches: batch k completed and checkpointed), recover with
 * `StreamingContext.getOrCreate(dir, setup)` using the very setup function of the first run
 * (new context, inputs, `operation`), and run it to the end. Recovery re-runs batch k (outputs are
 * at-least-once, as in Spark), so the law asserts that the crashed run's outputs for batches 1..k
 * and the recovered run's for k..n equal the uninterrupted run's.
 *
 * The inputs are the kit's replayable test inputs: each batch is computed from its batch time, so
 * a recovered context reads exactly what the crashed one did. (Spark cannot recover a
 * `queueStream`; recovering a graph that creates one fails with a `CheckpointError`.) A job fails
 * the law when it keeps state outside the DStream graph (a variable in a closure, a module-level
 * Map, a counter): recovery rebuilds the graph by calling the setup function again, so that state
 * restarts from scratch, or keeps what batch k already added.
 *
 * @throws {@link BatchAssertionError} naming the crash point and, per batch, the uninterrupted and
 * the recovered outputs.
 * @example
 * ```ts
 * await laws.checkRecovery({
 *   batchDuration: Seconds(1),
 *   input: batchesFrom('a b | a | c | a'),
 *   operation: (words) =>
 *     words.mapToPair((w) => [w, 1]).updateStateByKey((ones: number[], n?: number) => ones.length + (n ?? 0)),
 * });
 * ```
 */
export async function checkRecovery<I, O, X extends readonly unknown[] = []>(
  options: CheckRecoveryOptions<I, O, X>,
): Promise<void> {
  const numBatches = numBatchesOf(options);
  const crashPoints = crashPointsOf(options.crashAfter, numBatches);
  const full = await runOnce(options, numBatches);
  for (const k of crashPoints) {
    const { beforeCrash, afterRecovery } = await runWithCrash(options, k, numBatches);
    const crashMs = batchTimeMs(options.batchDuration, undefined, k);
    expectSame(
      options,
      k,
      'before the crash',
      beforeCrash,
      full.filter((b) => b.time.milliseconds <= crashMs),
    );
    expectSame(
      options,
      k,
      'after recovery',
      afterRecovery,
      full.filter((b) => b.time.milliseconds >= crashMs),
    );
  }
}

function crashPointsOf(
  crashAfter: number | readonly number[] | undefined,
  numBatches: number,
): number[] {
  if (crashAfter === undefined)
    return Array.from({ length: Math.max(0, numBatches - 1) }, (_, i) => i + 1);
  const points = typeof crashAfter === 'number' ? [crashAfter] : [...crashAfter];
  for (const k of points) {
    if (!Number.isInteger(k) || k < 1 || k >= numBatches) {
      throw new IllegalArgumentError(
        `Expected \`crashAfter\` to be batch numbers from 1 to ${numBatches - 1} (the run has ${numBatches} batches), got ${k}`,
      );
    }
  }
  return points;
}

function runOnce<I, O, X extends readonly unknown[]>(
  options: CheckRecoveryOptions<I, O, X>,
  numBatches: number,
): Promise<BatchOutput<O>[]> {
  return withTempDir(async (dir) => {
    const recorder = newRecorder<O>();
    const ssc = createKitContext(options, recorder, dir);
    await runUntil(ssc, batchTimeMs(options.batchDuration, undefined, numBatches), recorder);
    return recorder.batches;
  });
}

/** Run to batch k and stop; recover from the directory with the same setup; run to the end. */
function runWithCrash<I, O, X extends readonly unknown[]>(
  options: CheckRecoveryOptions<I, O, X>,
  k: number,
  numBatches: number,
): Promise<{ beforeCrash: BatchOutput<O>[]; afterRecovery: BatchOutput<O>[] }> {
  return withTempDir(async (dir) => {
    let recorder: RunRecorder<O> = newRecorder<O>();
    // The application's setup function: getOrCreate calls it for the first run and on recovery.
    const setup = (): StreamingContext => createKitContext(options, recorder, dir);
    const first = await StreamingContext.getOrCreate(dir, setup, { logger: SILENT_LOGGER });
    await runUntil(first, batchTimeMs(options.batchDuration, undefined, k), recorder);
    const beforeCrash = recorder.batches;
    recorder = newRecorder<O>();
    let recovered: StreamingContext;
    try {
      recovered = await StreamingContext.getOrCreate(dir, setup, { logger: SILENT_LOGGER });
    } catch (error) {
      throw new BatchAssertionError(
        `checkRecovery: recovering from the checkpoint written after batch ${k} failed: ${String(error)}`,
        { cause: error },
      );
    }
    await runUntil(recovered, batchTimeMs(options.batchDuration, undefined, numBatches), recorder);
    return { beforeCrash, afterRecovery: recorder.batches };
  });
}

function expectSame<O>(
  options: Pick<CheckRecoveryOptions<unknown, O>, 'batchDuration' | 'input' | 'ordered'>,
  k: number,
  phase: string,
  actual: readonly BatchOutput<O>[],
  expected: readonly BatchOutput<O>[],
): void {
  const crashTime = batchTimeMs(options.batchDuration, undefined, k);
  expectLawHolds(actual, expected, options.ordered ?? false, options.input, {
    law: 'checkRecovery',
    claim: `with a crash after batch ${k} (time ${crashTime} ms), the outputs ${phase} differ from the uninterrupted run's (actual: the crashed or recovered run; expected: the uninterrupted one)`,
    hint: 'Recovery rebuilds the graph by calling the setup function again and restores only what the DStream graph keeps (state, windows, input positions). A job that keeps data elsewhere (a variable in a closure, a module-level Map, a counter) loses it or counts batch k twice: keep it in updateStateByKey or mapWithState.',
  });
}
