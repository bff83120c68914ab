/**
 * The time source of a StreamingContext (Spark's `spark.streaming.clock`). Batches are scheduled
 * through it, so a `ManualClock` makes a whole job run in virtual time.
 *
 * @example
 * ```ts
 * const ssc = new StreamingContext({ batchDuration: Seconds(1), clock: new ManualClock() });
 * ```
 */
export interface Clock {
  /** Return the current time in epoch milliseconds. */
  now(): number;
  /** Call `callback` once the clock reaches `time`; return a function that cancels the call. */
  schedule(time: number, callback: () => void): () => void;
}

/**
 * A clock that can wait for the work its callbacks started: the ManualClock, structurally (its
 * `addSettler` is tagged internal, so the published ManualClock says only `implements Clock`).
 */
export interface SettlingClock extends Clock {
  addSettler(settle: () => Promise<void>): () => void;
}
