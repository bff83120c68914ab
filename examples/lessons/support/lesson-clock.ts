/**
 * How a lesson runs its batches: on the wall clock when a student runs it (`npm run lesson --
 * <name>`), or on a ManualClock when its test runs it, so that the test sees exactly the blocks the
 * student sees, with the lesson's own timestamps.
 */
import { ManualClock, StreamingContext, type Clock, type Duration } from '../../../src/index.js';

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

/**
 * Start `ssc`, run exactly `batches` batch intervals and stop gracefully: the batches at
 * `start, start + B, ..., start + (batches - 1)·B`, where `start` is the first multiple of the batch
 * interval after now (Spark's first batch). On a ManualClock time jumps there; on the wall clock it
 * waits for them.
 */
export async function runBatches(ssc: StreamingContext, batches: number): Promise<void> {
  const clock = ssc.clock;
  const interval = ssc.batchDuration.milliseconds;
  const first = (Math.floor(clock.now() / interval) + 1) * interval;
  const last = first + (batches - 1) * interval;
  ssc.start();
  if (clock instanceof ManualClock) {
    await clock.advance(last - clock.now());
  } else {
    // Half an interval after the last batch's time: it has ticked, the next one has not.
    await ssc.awaitTerminationOrTimeout(last + interval / 2 - clock.now());
  }
  await ssc.stop({ stopGracefully: true });
}
