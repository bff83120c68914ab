/** Port of Spark's BlockGenerator and RateLimiter (streaming/.../receiver/). */
import type { Clock } from '../../scheduler/clock/clock.js';

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  const settle: { resolve?: () => void; reject?: (error: unknown) => void } = {};
  const promise = new Promise<void>((resolve, reject) => {
    settle.resolve = resolve;
    settle.reject = reject;
  });
  return {
    promise,
    resolve: () => settle.resolve?.(),
    reject: (error) => settle.reject?.(error),
  };
}

/**
 * Groups single stored items into a block every block interval, on the context's clock (so a
 * ManualClock drives it in tests). With a rate limit, a block takes at most
 * `maxRate × interval` items and the rest wait for the next interval; backpressure can lower the
 * rate with `updateRate`, never above `maxRate`. All items buffered together
 * share one promise (never one per item), resolved when the last of them is stored.
 */
export class BlockGenerator<T> {
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #maxRate: number;
  #maxPerBlock: number;
  readonly #pushBlock: (items: readonly T[]) => Promise<void>;
  #buffer: T[] = [];
  #pending: Deferred | undefined;
  #cancel: (() => void) | undefined;
  #nextTime = 0;

  constructor(
    clock: Clock,
    intervalMs: number,
    maxRate: number,
    pushBlock: (items: readonly T[]) => Promise<void>,
  ) {
    this.#clock = clock;
    this.#intervalMs = intervalMs;
    this.#maxRate = maxRate;
    this.#maxPerBlock = this.#perBlock(maxRate);
    this.#pushBlock = pushBlock;
  }

  /** Spark's `RateLimiter.updateRate`: rates ≤ 0 are ignored, others capped at `maxRate`. */
  updateRate(rate: number): void {
    if (rate > 0) this.#maxPerBlock = this.#perBlock(Math.min(rate, this.#maxRate));
  }

  #perBlock(rate: number): number {
    return Number.isFinite(rate)
      ? Math.max(1, Math.floor((rate * this.#intervalMs) / 1000))
      : Infinity;
  }

  start(): void {
    this.#nextTime = (Math.floor(this.#clock.now() / this.#intervalMs) + 1) * this.#intervalMs;
    this.#arm();
  }

  add(item: T): Promise<void> {
    this.#buffer.push(item);
    this.#pending ??= deferred();
    return this.#pending.promise;
  }

  /** Stop the timer and push what is buffered as a last block (rate limit or not). */
  async stop(): Promise<void> {
    this.#cancel?.();
    this.#cancel = undefined;
    await this.#cut(Infinity);
  }

  #arm(): void {
    const time = this.#nextTime;
    this.#cancel = this.#clock.schedule(time, () => {
      this.#nextTime = time + this.#intervalMs;
      void this.#cut(this.#maxPerBlock);
      this.#arm();
    });
  }

  async #cut(limit: number): Promise<void> {
    if (this.#buffer.length === 0) return;
    const items = this.#buffer.length <= limit ? this.#buffer : this.#buffer.slice(0, limit);
    this.#buffer = this.#buffer.length <= limit ? [] : this.#buffer.slice(limit);
    const done = this.#buffer.length === 0 ? this.#pending : undefined;
    if (done !== undefined) this.#pending = undefined;
    try {
      await this.#pushBlock(items);
      done?.resolve();
    } catch (error) {
      done?.reject(error);
    }
  }
}
