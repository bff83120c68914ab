/**
 * Port of Spark's RateEstimator and PIDRateEstimator
 * (streaming/.../scheduler/rate/{RateEstimator,PIDRateEstimator}.scala).
 */
import { IllegalArgumentError } from '../../errors.js';

/**
 * Estimates how many records per second a stream should ingest, from what the last batches took.
 *
 * @example
 * ```ts
 * const constant: RateEstimator = { compute: () => 1000 };
 * ```
 */
export interface RateEstimator {
  /**
   * The new rate in records per second, or `undefined` to keep the current one.
   * `time` is when the batch ended; delays are in milliseconds.
   */
  compute(
    time: number,
    numElements: number,
    processingDelay: number,
    schedulingDelay: number,
  ): number | undefined;
}

/**
 * The gains of Spark's PID estimator (`spark.streaming.backpressure.pid.*`).
 *
 * @example
 * ```ts
 * const gains: PIDGains = { proportional: 1, integral: 0.2, derivative: 0, minRate: 100 };
 * ```
 */
export interface PIDGains {
  /** How much the correction follows the current error (default 1). */
  readonly proportional?: number;
  /** How much it follows the accumulated error, read from the scheduling delay (default 0.2). */
  readonly integral?: number;
  /** How much it follows the error's rate of change (default 0). */
  readonly derivative?: number;
  /** The least rate it ever estimates, records per second (default 100). */
  readonly minRate?: number;
}

/**
 * Spark's proportional-integral-derivative rate estimator: the error is the gap between the rate
 * it asked for last time and the rate the last batch was actually processed at; the scheduling
 * delay stands for the accumulated error.
 *
 * @example
 * ```ts
 * const pid = new PIDRateEstimator(1000);
 * pid.compute(1000, 500, 1000, 0); // undefined: the first batch only sets the baseline
 * pid.compute(2000, 500, 2000, 0); // 250
 * ```
 */
export class PIDRateEstimator implements RateEstimator {
  readonly #batchIntervalMs: number;
  readonly #proportional: number;
  readonly #integral: number;
  readonly #derivative: number;
  readonly #minRate: number;
  #firstRun = true;
  #latestTime = -1;
  #latestRate = -1;
  #latestError = -1;

  constructor(batchIntervalMs: number, gains: PIDGains = {}) {
    const { proportional = 1, integral = 0.2, derivative = 0, minRate = 100 } = gains;
    const require = (holds: boolean, message: string): void => {
      if (!holds) throw new IllegalArgumentError(`requirement failed: ${message}`);
    };
    require(batchIntervalMs >
      0, `Specified batch interval ${batchIntervalMs} in PIDRateEstimator is invalid.`);
    require(proportional >=
      0, `Proportional term ${proportional} in PIDRateEstimator should be >= 0.`);
    require(integral >= 0, `Integral term ${integral} in PIDRateEstimator should be >= 0.`);
    require(derivative >= 0, `Derivative term ${derivative} in PIDRateEstimator should be >= 0.`);
    require(minRate > 0, 'Minimum rate in PIDRateEstimator should be > 0');
    this.#batchIntervalMs = batchIntervalMs;
    this.#proportional = proportional;
    this.#integral = integral;
    this.#derivative = derivative;
    this.#minRate = minRate;
  }

  compute(
    time: number,
    numElements: number,
    processingDelay: number,
    schedulingDelay: number,
  ): number | undefined {
    if (!(time > this.#latestTime && numElements > 0 && processingDelay > 0)) return undefined;
    // Seconds since the last estimate: about one batch interval.
    const delaySinceUpdate = (time - this.#latestTime) / 1000;
    const processingRate = (numElements / processingDelay) * 1000;
    const error = this.#latestRate - processingRate;
    // A scheduling delay s means s × processingRate records overflowed earlier batches; spread
    // over one batch interval, that is the rate too many that was asked for.
    const historicalError = (schedulingDelay * processingRate) / this.#batchIntervalMs;
    const dError = (error - this.#latestError) / delaySinceUpdate;
    const newRate = Math.max(
      this.#latestRate -
        this.#proportional * error -
        this.#integral * historicalError -
        this.#derivative * dError,
      this.#minRate,
    );
    this.#latestTime = time;
    if (this.#firstRun) {
      this.#latestRate = processingRate;
      this.#latestError = 0;
      this.#firstRun = false;
      return undefined;
    }
    this.#latestRate = newRate;
    this.#latestError = error;
    return newRate;
  }
}

/**
 * Spark's `RateEstimator.create`: the estimator named `name` (only `'pid'` exists).
 *
 * @example
 * ```ts
 * const estimator = createRateEstimator('pid', 1000, { integral: 0 });
 * ```
 */
export function createRateEstimator(
  name: string,
  batchIntervalMs: number,
  gains?: PIDGains,
): RateEstimator {
  if (name === 'pid') return new PIDRateEstimator(batchIntervalMs, gains);
  throw new IllegalArgumentError(`Unknown rate estimator: ${name}`);
}
