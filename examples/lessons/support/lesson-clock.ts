/**
 * How a lesson runs its batches: on the wall clock when a student runs it (`npm run lesson --
 * <name>`), or on a ManualClock when its test runs it, so that the test sees exactly the blocks the
 * student sees, with the lesson's own timestamps.
 */
import { parseArgs } from 'node:util';
import { ManualClock, StreamingContext, type Clock, type Duration } from 'dstream-ts';

/**
 * Where a lesson's contexts get their clocks: nothing for the wall clock; tests pass a function
 * that returns a new ManualClock for each context the lesson makes.
 */
export type ClockSource = (() => Clock) | undefined;

/** Return a context of `batchDuration` on the clock `clocks` gives (the wall clock by default). */
export function lessonContext(
  batchDuration: Duration,
  clocks: ClockSource,
  appName?: string,
): StreamingContext {
  return new StreamingContext({
    batchDuration,
    ...(clocks === undefined ? {} : { clock: clocks() }),
    ...(appName === undefined ? {} : { appName }),
  });
}

/** The time of the first batch of `ssc` if it starts now: the next multiple of its interval. */
export function firstBatchTime(ssc: StreamingContext): number {
  const interval = ssc.batchDuration.milliseconds;
  return (Math.floor(ssc.clock.now() / interval) + 1) * interval;
}

/**
 * Let the started `ssc` run up to the batch at `time`: on a ManualClock time jumps there and the
 * batch has run when this resolves; on the wall clock this waits until half an interval after it
 * (the batch has ticked, the next one has not).
 */
export async function passBatch(ssc: StreamingContext, time: number): Promise<void> {
  const clock = ssc.clock;
  if (clock instanceof ManualClock) {
    await clock.advance(Math.max(0, time - clock.now()));
  } else {
    await ssc.awaitTerminationOrTimeout(time + ssc.batchDuration.milliseconds / 2 - clock.now());
  }
}

/**
 * Start `ssc`, run exactly `batches` batch intervals and stop gracefully: the batches at
 * `first, first + B, ..., first + (batches - 1)·B` (Spark's first batch is the next multiple of
 * the interval after the start).
 */
export async function runBatches(ssc: StreamingContext, batches: number): Promise<void> {
  const first = firstBatchTime(ssc);
  ssc.start();
  await passBatch(ssc, first + (batches - 1) * ssc.batchDuration.milliseconds);
  await ssc.stop({ stopGracefully: true });
}

/** For lessons without options: fail with a clear message when given some. */
export function noOptions(args: readonly string[]): void {
  parseArgs({ args: [...args], options: {}, strict: true });
}
