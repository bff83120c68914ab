/**
 * No Spark counterpart: a pause switch on the batch timer, for the live view's step mode. While
 * paused, a batch tick that comes due is held until {@link BatchGate.step} lets exactly one
 * through; the clock itself keeps going (receivers keep cutting blocks, a held batch takes what
 * arrived meanwhile), and batches are never skipped: after a pause they come one per step, or all
 * queued up on resume, as batches that fall behind do.
 */
import type { Clock } from './clock.js';

interface Tick {
  readonly time: number;
  readonly fire: () => void;
}

/** Holds the batch timer's ticks while paused; see the file comment. */
export class BatchGate {
  #paused: boolean;
  #held: Tick | undefined;
  /** Steps asked for before their tick came due, each waiting for one tick. */
  #waiting: ((time: number) => void)[] = [];

  constructor(paused = false) {
    this.#paused = paused;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** The time of the tick held now, if any: the batch the next step runs. */
  get heldTime(): number | undefined {
    return this.#held?.time;
  }

  /** Return `clock` with its scheduled callbacks passing through this gate (the batch timer's clock). */
  wrap(clock: Clock): Clock {
    return {
      now: () => clock.now(),
      schedule: (time, callback) => {
        let cancelled = false;
        const tick: Tick = {
          time,
          fire: () => {
            if (!cancelled) callback();
          },
        };
        const cancel = clock.schedule(time, () => {
          this.#arrive(tick);
        });
        return () => {
          cancelled = true;
          if (this.#held === tick) this.#held = undefined;
          cancel();
        };
      },
    };
  }

  /** Pause: ticks due from now on are held. */
  pause(): void {
    this.#paused = true;
  }

  /** Let every tick through again, the held one first. */
  resume(): void {
    this.#paused = false;
    // Steps still waiting for a tick (never the case while one is held) let nothing through.
    for (const resolve of this.#waiting.splice(0)) resolve(NaN);
    const held = this.#held;
    this.#held = undefined;
    held?.fire();
  }

  /**
   * Let exactly one tick through: the held one now, or else the next one when it comes due.
   * Resolves with the time of the tick it let through.
   */
  step(): Promise<number> {
    const held = this.#held;
    if (held !== undefined) {
      this.#held = undefined;
      held.fire();
      return Promise.resolve(held.time);
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #arrive(tick: Tick): void {
    const waiting = this.#waiting.shift();
    if (!this.#paused || waiting !== undefined) {
      waiting?.(tick.time);
      tick.fire();
      return;
    }
    this.#held = tick;
  }
}
