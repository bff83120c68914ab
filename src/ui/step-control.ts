/**
 * The live view's step mode: "next batch" runs exactly one batch, so a class can walk through the
 * micro-batches one at a time. On a ManualClock (which moves only when told) a step moves it by one
 * batch interval and waits for that batch; on another clock the batch timer goes through a
 * {@link BatchGate}, which pauses it and lets one tick through per step.
 */
import { IllegalStateError } from '../errors.js';
import type { BatchGate } from '../scheduler/clock/batch-gate.js';
import type { Clock } from '../scheduler/clock/clock.js';
import { ManualClock } from '../scheduler/clock/manual-clock.js';

/** What the page shows of the step mode. */
export interface StepJson {
  /** `manual`: a ManualClock (every batch is a step); `gated`: batches pause when asked. */
  readonly clock: 'manual' | 'gated';
  /** Whether batches run only when stepped. */
  readonly paused: boolean;
}

/** Steps, pauses and resumes the batches of one context. */
export class StepControl {
  /** The context's clock when it is a ManualClock (a step moves it), else its batch timer's gate. */
  readonly #driver: ManualClock | BatchGate;
  readonly #batchMs: number;
  /** Steps run one after the other. */
  #steps: Promise<unknown> = Promise.resolve();
  #running = false;

  /** `gate()` is asked for only when the clock is not a ManualClock. */
  constructor(clock: Clock, batchMs: number, gate: () => BatchGate, paused: boolean) {
    this.#batchMs = batchMs;
    if (clock instanceof ManualClock) {
      this.#driver = clock;
    } else {
      this.#driver = gate();
      if (paused) this.#driver.pause();
    }
  }

  get json(): StepJson {
    return this.#driver instanceof ManualClock
      ? { clock: 'manual', paused: true }
      : { clock: 'gated', paused: this.#driver.paused };
  }

  /** The context started (before, a step has no batch to run). */
  started(): void {
    this.#running = true;
  }

  /** The context stopped. */
  stopped(): void {
    this.#running = false;
  }

  /**
   * Run exactly one batch; resolve with its time (once it has run, on a ManualClock; once it is let
   * through, otherwise).
   *
   * @throws {@link IllegalStateError} when the context is not running, or batches are not paused.
   */
  step(): Promise<number> {
    if (!this.#running) throw new IllegalStateError('Cannot step: the context is not running');
    const driver = this.#driver;
    if (!(driver instanceof ManualClock) && !driver.paused) {
      throw new IllegalStateError('Cannot step: batches are running; pause them first');
    }
    const step = this.#steps.then(async () => {
      if (!(driver instanceof ManualClock)) return driver.step();
      // The next batch time after now: exactly one grid time in (now, now + interval].
      const next = (Math.floor(driver.now() / this.#batchMs) + 1) * this.#batchMs;
      await driver.advance(next - driver.now());
      return next;
    });
    this.#steps = step.catch(() => undefined);
    return step;
  }

  /** Pause the batches (not on a ManualClock, which never runs by itself). */
  pause(): void {
    this.#gate().pause();
  }

  /** Let the batches run again. */
  resume(): void {
    this.#gate().resume();
  }

  #gate(): BatchGate {
    if (this.#driver instanceof ManualClock) {
      throw new IllegalStateError('A ManualClock never runs by itself');
    }
    return this.#driver;
  }
}
