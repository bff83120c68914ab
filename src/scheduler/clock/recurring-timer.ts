/** Port of Spark's RecurringTimer (streaming/.../util/RecurringTimer.scala). */
import type { Clock } from './clock.js';

/**
 * Calls `onTick(t)` at `start`, `start + period`, ... on `clock`, at a fixed rate: a slow tick
 * never delays or skips the next one (batches queue up instead).
 */
export class RecurringTimer {
  readonly #clock: Clock;
  readonly #period: number;
  readonly #onTick: (time: number) => void;
  #cancel: (() => void) | undefined;
  #nextTime = 0;
  #stopped = false;

  constructor(clock: Clock, period: number, onTick: (time: number) => void) {
    this.#clock = clock;
    this.#period = period;
    this.#onTick = onTick;
  }

  /** Spark's start time: the next multiple of the period strictly after now. */
  getStartTime(): number {
    return (Math.floor(this.#clock.now() / this.#period) + 1) * this.#period;
  }

  /** The first tick after now on the grid `zero + k·period` (used on restart from a checkpoint). */
  getRestartTime(zeroTime: number): number {
    return (
      (Math.floor((this.#clock.now() - zeroTime) / this.#period) + 1) * this.#period + zeroTime
    );
  }

  start(startTime: number): void {
    this.#nextTime = startTime;
    this.#arm();
  }

  /** Stop ticking; returns the last time that was ticked. */
  stop(): number {
    this.#stopped = true;
    this.#cancel?.();
    return this.#nextTime - this.#period;
  }

  #arm(): void {
    if (this.#stopped) return;
    const time = this.#nextTime;
    this.#cancel = this.#clock.schedule(time, () => {
      this.#nextTime = time + this.#period;
      this.#onTick(time);
      this.#arm();
    });
  }
}
