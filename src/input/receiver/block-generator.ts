/** Port of Spark's BlockGenerator and RateLimiter (streaming/.../receiver/). */
import { IllegalArgumentError } from '../../errors.js';
import type { Clock } from '../../scheduler/clock/clock.js';

/** Spark's `spark.streaming.blockQueueSize` (default 10), checked. */
export function blockQueueSize(size = 10): number {
  if (!Number.isInteger(size) || size < 1) {
    throw new IllegalArgumentError(
      `requirement failed: 'spark.streaming.blockQueueSize' should be a positive integer, got ${size}`,
    );
  }
  return size;
}

/**
 * The items stored together that share one promise: at most one block's worth (the rate limit ×
 * the block interval), so a group is stored with one block, or two when the rate changes.
 */
interface Group {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
  /** Items added to the group (no more are added once it holds a block's worth, or is closed). */
  added: number;
  closed: boolean;
  /** Items still in the buffer, and items cut into a block that is not stored yet. */
  inBuffer: number;
  inFlight: number;
  failed: boolean;
  error: unknown;
}

function newGroup(): Group {
  const settle: { resolve?: () => void; reject?: (error: unknown) => void } = {};
  const promise = new Promise<void>((resolve, reject) => {
    settle.resolve = resolve;
    settle.reject = reject;
  });
  return {
    promise,
    resolve: () => settle.resolve?.(),
    reject: (error) => settle.reject?.(error),
    added: 0,
    closed: false,
    inBuffer: 0,
    inFlight: 0,
    failed: false,
    error: undefined,
  };
}

/**
 * Groups single stored items into a block every block interval, on the context's clock (so a
 * ManualClock drives it in tests). With a rate limit, a block takes at most
 * `maxRate × interval` items and the rest wait for the next interval; backpressure can lower the
 * rate with `updateRate`, never above `maxRate`. At most `blockQueueSize` blocks may be on their
 * way to storage (the write-ahead log) at once; while that many are, no block is cut and the
 * items wait (Spark's bounded `blocksForPushing` queue). Items share one promise per block's
 * worth (never one per item), resolved when the last of them is stored; so a promise that stays
 * pending tells a receiver that its items are held back, and awaiting it is backpressure.
 */
export class BlockGenerator<T> {
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #maxRate: number;
  readonly #blockQueueSize: number;
  #maxPerBlock: number;
  readonly #pushBlock: (items: readonly T[]) => Promise<void>;
  #buffer: T[] = [];
  /** Groups with items in the buffer, oldest first; their `inBuffer` add up to its length. */
  #groups: Group[] = [];
  #blocksInFlight = 0;
  #cancel: (() => void) | undefined;
  #nextTime = 0;

  constructor(
    clock: Clock,
    options: { intervalMs: number; maxRate: number; blockQueueSize: number },
    pushBlock: (items: readonly T[]) => Promise<void>,
  ) {
    this.#clock = clock;
    this.#intervalMs = options.intervalMs;
    this.#maxRate = options.maxRate;
    this.#blockQueueSize = options.blockQueueSize;
    this.#maxPerBlock = this.#perBlock(options.maxRate);
    this.#pushBlock = pushBlock;
  }

  /** Spark's `RateLimiter.updateRate`: rates ≤ 0 are ignored, others capped at `maxRate`. */
  updateRate(rate: number): void {
    if (rate > 0) this.#maxPerBlock = this.#perBlock(Math.min(rate, this.#maxRate));
  }

  // Differs from Spark: Spark's RateLimiter (Guava's) spaces single items at `rate` per second;
  // here a block takes at most rate × block interval items (at least one, so a rate under one item
  // per block interval is exceeded) and the rest wait for later blocks.
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
    let group = this.#groups[this.#groups.length - 1];
    if (group === undefined || group.closed || group.added >= this.#maxPerBlock) {
      group = newGroup();
      this.#groups.push(group);
    }
    group.added++;
    group.inBuffer++;
    return group.promise;
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
      if (this.#blocksInFlight < this.#blockQueueSize) {
        void this.#cut(this.#maxPerBlock);
      } else {
        // The queue of blocks to store is full: this interval's items wait, as a group of their
        // own, so a receiver awaiting its promises sees one more block held back.
        const last = this.#groups[this.#groups.length - 1];
        if (last !== undefined) last.closed = true;
      }
      this.#arm();
    });
  }

  async #cut(limit: number): Promise<void> {
    const count = Math.min(limit, this.#buffer.length);
    if (count === 0) return;
    const items = count === this.#buffer.length ? this.#buffer : this.#buffer.slice(0, count);
    this.#buffer = count === this.#buffer.length ? [] : this.#buffer.slice(count);
    // The groups (or parts of groups) in this block: whole groups leave the queue.
    const parts: [Group, number][] = [];
    let left = count;
    while (left > 0) {
      const group = this.#groups[0] as Group;
      const taken = Math.min(group.inBuffer, left);
      group.inBuffer -= taken;
      group.inFlight += taken;
      left -= taken;
      parts.push([group, taken]);
      if (group.inBuffer === 0) this.#groups.shift();
    }
    this.#blocksInFlight++;
    let error: unknown;
    let failed = false;
    try {
      await this.#pushBlock(items);
    } catch (thrown) {
      failed = true;
      error = thrown;
    }
    this.#blocksInFlight--;
    for (const [group, taken] of parts) {
      group.inFlight -= taken;
      if (failed && !group.failed) {
        group.failed = true;
        group.error = error;
      }
      if (group.inBuffer > 0 || group.inFlight > 0) continue;
      if (!group.failed) group.resolve();
      else group.reject(group.error);
    }
  }
}
