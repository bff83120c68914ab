/** Port of Spark's ManualClock (core/src/main/scala/org/apache/spark/util/ManualClock.scala). */
import { IllegalArgumentError } from '../../errors.js';
import type { Duration } from '../../time/duration.js';
import type { Clock } from './clock.js';

interface Timer {
  readonly time: number;
  readonly sequence: number;
  readonly callback: () => void;
}

/**
 * A clock that starts at 0 (or `startTime`) and moves only when told. `advance` steps through
 * every timer due on the way and resolves only after the batches they started, async work
 * included, have finished: a stream test is exact and needs no sleeps.
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const ssc = new StreamingContext({ batchDuration: Seconds(1), clock });
 * ssc.queueStream([[1, 2]]).pprint();
 * ssc.start();
 * await clock.advance(Seconds(1)); // the batch at 1000 ms has run and printed
 * ```
 */
export class ManualClock implements Clock {
  #time: number;
  #timers: Timer[] = [];
  #sequence = 0;
  readonly #settlers = new Set<() => Promise<void>>();

  constructor(startTime = 0) {
    this.#time = startTime;
  }

  now(): number {
    return this.#time;
  }

  schedule(time: number, callback: () => void): () => void {
    const timer: Timer = { time, sequence: this.#sequence++, callback };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** @internal Register work to wait for after each step (the context's running batches). */
  addSettler(settle: () => Promise<void>): () => void {
    this.#settlers.add(settle);
    return () => this.#settlers.delete(settle);
  }

  /**
   * Move time forward by `by` (a Duration or milliseconds), firing due timers in time order and
   * waiting after each one for the work it started.
   */
  async advance(by: Duration | number): Promise<void> {
    const ms = typeof by === 'number' ? by : by.milliseconds;
    if (ms < 0)
      throw new IllegalArgumentError(`Cannot advance a ManualClock by a negative time (${ms} ms)`);
    await this.setTime(this.#time + ms);
  }

  /** Move time to `time` (not backwards), like `advance`. */
  async setTime(time: number): Promise<void> {
    for (;;) {
      const next = this.#nextDue(time);
      if (next === undefined) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#time = Math.max(this.#time, next.time);
      next.callback();
      await this.#settle();
    }
    this.#time = Math.max(this.#time, time);
    await this.#settle();
  }

  #nextDue(limit: number): Timer | undefined {
    let next: Timer | undefined;
    for (const timer of this.#timers) {
      if (timer.time > limit) continue;
      if (
        next === undefined ||
        timer.time < next.time ||
        (timer.time === next.time && timer.sequence < next.sequence)
      ) {
        next = timer;
      }
    }
    return next;
  }

  async #settle(): Promise<void> {
    for (const settle of [...this.#settlers]) await settle();
  }
}
