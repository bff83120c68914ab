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
    const arm = (): void => {
      const wait = time - Date.now();
      // setTimeout may fire a little early; re-arm until the wall clock really reached `time`.
      timer = wait <= 0 ? undefined : setTimeout(arm, wait);
      if (timer === undefined) callback();
    };
    arm();
    return () => {
      clearTimeout(timer);
    };
  }
}
