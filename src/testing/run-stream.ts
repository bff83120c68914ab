import type { TextWriter } from '../output/print.js';
import type { BatchInfo } from '../scheduler/batch-info.js';
import type { Time } from '../time/time.js';
import {
  batchTimeMs,
  createKitContext,
  newRecorder,
  numBatchesOf,
  runUntil,
  withTempDir,
  type BatchOutput,
} from './kit-context.js';
import type { RunBatchesOptions } from './run-batches.js';

/**
 * Options of {@link runStream}: those of `runBatches`, and where the virtual clock starts.
 *
 * @example
 * ```ts
 * const opts: RunStreamOptions<string, number> = {
 *   batchDuration: Seconds(1),
 *   input: [['a'], ['b', 'c']],
 *   operation: (s) => s.count(),
 *   clockStart: new Time(1_700_000_000_000),
 * };
 * ```
 */
export interface RunStreamOptions<
  I,
  O,
  X extends readonly unknown[] = [],
> extends RunBatchesOptions<I, O, X> {
  /**
   * Where the ManualClock starts (default 0). The first batch runs at the next multiple of the
   * batch duration after it, e.g. to make `pprint` show a chosen date.
   */
  readonly clockStart?: Time;
}

/**
 * What {@link runStream} observed.
 *
 * @example
 * ```ts
 * const { batches, printed, events } = await runStream({ batchDuration: Seconds(1), input, operation });
 * batches.map((b) => b.time.milliseconds); // [1000, 2000, ...]
 * ```
 */
export interface StreamRun<O> {
  /** Every batch in which the output stream had an RDD, with its batch time, in time order. */
  readonly batches: BatchOutput<O>[];
  /** Everything `pprint`/`print` wrote (captured: nothing reaches `process.stdout`). */
  readonly printed: string;
  /** The `BatchInfo` of every completed batch, as `onBatchCompleted` listeners got them. */
  readonly events: BatchInfo[];
}

/**
 * Run `operation` over the given batches in virtual time and return every output batch with its
 * time, the text `pprint`/`print` wrote, and the listener's batch infos. The context runs on its
 * own ManualClock (from `clockStart`, default 0; batches at B, 2B, ...) with a checkpoint
 * directory (a fresh temporary one unless given), so stateful operations work; inputs are
 * replayable test inputs. Rejects with the first error a batch raised. Runs are independent: any
 * number may run at once (`Promise.all`), even beside a started `StreamingContext`.
 *
 * @example
 * ```ts
 * const run = await runStream({
 *   batchDuration: Seconds(1),
 *   input: batchesFrom('a b a | b'),
 *   operation: (s) => {
 *     const counts = s.countByValue();
 *     counts.pprint();
 *     return counts;
 *   },
 * });
 * run.batches; // [{ time: Time(1000), output: [['a', 2], ['b', 1]] }, { time: Time(2000), output: [['b', 1]] }]
 * run.printed; // "-------------------------------------------\nTime: 1970-01-01 00:00:01\n..."
 * ```
 */
export function runStream<I, O, X extends readonly unknown[] = []>(
  options: RunStreamOptions<I, O, X>,
): Promise<StreamRun<O>> {
  return executeRun(options, undefined);
}

/** runStream, with `pprint` written to `stdout` instead of captured when it is given. */
export function executeRun<I, O, X extends readonly unknown[]>(
  options: RunStreamOptions<I, O, X>,
  stdout: TextWriter | undefined,
): Promise<StreamRun<O>> {
  const run = async (dir: string): Promise<StreamRun<O>> => {
    const recorder = newRecorder<O>();
    const ssc = createKitContext(options, recorder, dir, stdout);
    const untilMs = batchTimeMs(options.batchDuration, options.clockStart, numBatchesOf(options));
    await runUntil(ssc, untilMs, recorder);
    return { batches: recorder.batches, printed: recorder.printed, events: recorder.events };
  };
  return options.checkpointDir === undefined ? withTempDir(run) : run(options.checkpointDir);
}
