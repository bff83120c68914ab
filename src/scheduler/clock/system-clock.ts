import type { Clock } from './clock.js';

/**
 * Wall-clock time (`Date.now()`), with timers that fire when the time is reached; the default.
 *
 * @example
 * ```ts
 * new StreamingContext({ batchDuration: Seconds(1), clock: new SystemClock() });
 * ```
 */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  schedule(time: number, callback: () => void): () => void {
    let timer: NodeJS.Timeout | undefined;
    // Always asynchronous, even when `time` has passed: after a stall the timer catches up one
    // tick per macrotask instead of recursing, and the caller holds the cancel function first.
    const arm = (): void => {
      const wait = time - Date.now();
      timer = setTimeout(wait <= 0 ? callback : arm, Math.max(0, wait));
    };
    arm();
    return () => {
      clearTimeout(timer);
    };
  }
}
