/** Spark's `spark.streaming.backpressure.*` settings, as a StreamingContext option. */
import { IllegalArgumentError } from '../../errors.js';
import { createRateEstimator, type PIDGains, type RateEstimator } from './rate-estimator.js';

/**
 * Backpressure: input streams (the Kafka direct stream, receivers) adapt how much they read per
 * batch to how fast batches are processed (Spark's `spark.streaming.backpressure.*` keys).
 *
 * @example
 * ```ts
 * const ssc = new StreamingContext({
 *   batchDuration: Seconds(1),
 *   backpressure: { enabled: true, initialRate: 1000 },
 * });
 * ```
 */
export interface BackpressureOptions {
  /** `spark.streaming.backpressure.enabled` (default false). */
  readonly enabled: boolean;
  /**
   * Records per second read before the first estimate exists
   * (`spark.streaming.backpressure.initialRate`; default: no limit but `maxRatePerPartition`).
   */
  readonly initialRate?: number;
  /**
   * `spark.streaming.backpressure.rateEstimator`: `'pid'` (the default and Spark's only one).
   * Differs from Spark: a factory of a custom {@link RateEstimator} is accepted too.
   */
  readonly rateEstimator?: string | ((batchIntervalMs: number) => RateEstimator);
  /** `spark.streaming.backpressure.pid.*`. */
  readonly pid?: PIDGains;
}

/** What an input stream needs to apply backpressure: the initial rate and fresh estimators. */
export interface Backpressure {
  /** Records per second before the first estimate; 0 means none. */
  readonly initialRate: number;
  newEstimator(): RateEstimator;
}

/** Check `options` at context creation (as Spark does when it builds the estimator). */
export function resolveBackpressure(
  options: BackpressureOptions | undefined,
  batchIntervalMs: number,
): Backpressure | undefined {
  if (!options?.enabled) return undefined;
  const { initialRate = 0, rateEstimator = 'pid', pid } = options;
  if (!(initialRate >= 0)) {
    throw new IllegalArgumentError(`Invalid backpressure initialRate ${initialRate}`);
  }
  const newEstimator =
    typeof rateEstimator === 'function'
      ? () => rateEstimator(batchIntervalMs)
      : () => createRateEstimator(rateEstimator, batchIntervalMs, pid);
  newEstimator(); // fail now on a bad name or gains, not at the first batch
  return { initialRate, newEstimator };
}
