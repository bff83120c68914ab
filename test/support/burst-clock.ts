import type { Clock } from '../../src/index.js';

/**
 * A clock whose ticks fire synchronously and are not waited for, so batches queue up behind a
 * slow one (the ManualClock waits for each batch, so it never shows a backlog).
 */
export class BurstClock implements Clock {
  #time = 0;
  #timers: { time: number; callback: () => void }[] = [];

  now(): number {
    return this.#time;
  }

  schedule(time: number, callback: () => void): () => void {
    const timer = { time, callback };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Move to `time`, firing every due tick at once without waiting for the batches. */
  fireUntil(time: number): void {
    for (;;) {
      const due = this.#timers.filter((t) => t.time <= time).sort((a, b) => a.time - b.time)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#time = due.time;
      due.callback();
    }
    this.#time = time;
  }
}
