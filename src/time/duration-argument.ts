/** The one check of every Duration a public API takes (batch, window, slide, checkpoint, ...). */
import { IllegalArgumentError } from '../errors.js';
import { Duration } from './duration.js';

/**
 * Return `value` as a Duration, or throw an {@link IllegalArgumentError} naming the parameter:
 * a number (PySpark's durations are numbers of seconds) gets a hint to write `Seconds(n)`;
 * `missing` replaces the message for `null`/`undefined` where Spark has its own text.
 */
export function requireDuration(value: unknown, name: string, missing?: string): Duration {
  if (value instanceof Duration) return value;
  if (typeof value === 'number') {
    throw new IllegalArgumentError(
      `Expected \`${name}\` to be a Duration, got the number ${value}: write Seconds(${value}) (PySpark's durations are numbers of seconds)`,
    );
  }
  if ((value === null || value === undefined) && missing !== undefined) {
    throw new IllegalArgumentError(missing);
  }
  throw new IllegalArgumentError(
    `Expected \`${name}\` to be a Duration such as Seconds(1), got ${String(value)}`,
  );
}

/**
 * {@link requireDuration}, and the duration must be positive. Differs from Spark: Spark accepts
 * zero or negative batch, window, slide, checkpoint and remember durations, and then never runs
 * a batch (or never returns from a ManualClock's advance, or never emits a window).
 */
export function requirePositiveDuration(value: unknown, name: string, missing?: string): Duration {
  const duration = requireDuration(value, name, missing);
  if (!(duration.milliseconds > 0)) {
    throw new IllegalArgumentError(
      `Expected \`${name}\` to be a positive Duration, got ${duration}`,
    );
  }
  return duration;
}
