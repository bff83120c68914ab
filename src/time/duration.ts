/** Port of Spark's Duration (streaming/src/main/scala/org/apache/spark/streaming/Duration.scala). */

/**
 * An immutable span of time in whole milliseconds: a batch interval, a window or a slide.
 *
 * @example
 * ```ts
 * const window = Seconds(30);
 * window.isMultipleOf(Seconds(10)); // true
 * window.toString();                // "30000 ms"
 * ```
 */
export class Duration {
  /** The length in milliseconds. */
  readonly milliseconds: number;

  constructor(milliseconds: number) {
    this.milliseconds = milliseconds;
  }

  /** Whether this is shorter than `that`. */
  less(that: Duration): boolean {
    return this.milliseconds < that.milliseconds;
  }
  /** Whether this is at most `that`. */
  lessEq(that: Duration): boolean {
    return this.milliseconds <= that.milliseconds;
  }
  /** Whether this is longer than `that`. */
  greater(that: Duration): boolean {
    return this.milliseconds > that.milliseconds;
  }
  /** Whether this is at least `that`. */
  greaterEq(that: Duration): boolean {
    return this.milliseconds >= that.milliseconds;
  }
  /** Whether both are the same length. */
  equals(that: Duration): boolean {
    return this.milliseconds === that.milliseconds;
  }
  /** Return the sum of both. */
  plus(that: Duration): Duration {
    return new Duration(this.milliseconds + that.milliseconds);
  }
  /** Return this minus `that`. */
  minus(that: Duration): Duration {
    return new Duration(this.milliseconds - that.milliseconds);
  }
  /** Return this times `factor`. */
  times(factor: number): Duration {
    return new Duration(this.milliseconds * factor);
  }
  /** Return the ratio of the two durations as a floating-point number, as Spark's `/` does. */
  div(that: Duration): number {
    return this.milliseconds / that.milliseconds;
  }
  /** Return whether this duration is a whole multiple of `that` (Spark divides by zero too). */
  isMultipleOf(that: Duration): boolean {
    return this.milliseconds % that.milliseconds === 0;
  }
  /** Return the shorter of both. */
  min(that: Duration): Duration {
    return this.less(that) ? this : that;
  }
  /** Return the longer of both. */
  max(that: Duration): Duration {
    return this.greater(that) ? this : that;
  }
  /** Whether this is 0 ms. */
  isZero(): boolean {
    return this.milliseconds === 0;
  }
  /** Return `"<ms> ms"`, the form every Spark message uses. */
  toString(): string {
    return `${this.milliseconds} ms`;
  }
  /** Return the number of milliseconds as a string, e.g. `'1000'`. */
  toFormattedString(): string {
    return String(this.milliseconds);
  }
  /** Return a short human form: `"500 ms"`, `"1.5 s"`, `"2.0 m"`, `"1.25 h"`. */
  prettyPrint(): string {
    const ms = this.milliseconds;
    if (ms < 1000) return `${ms} ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
    if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} m`;
    return `${(ms / 3_600_000).toFixed(2)} h`;
  }
}

function wholeMilliseconds(value: number, unit: number, name: string): Duration {
  const ms = value * unit;
  if (!Number.isSafeInteger(ms)) {
    throw new RangeError(
      `Expected \`${name}\` to give a whole number of milliseconds, got ${value}`,
    );
  }
  return new Duration(ms);
}

/**
 * Return a Duration of `n` milliseconds.
 *
 * @example
 * ```ts
 * new StreamingContext(Milliseconds(500));
 * ```
 */
export function Milliseconds(n: number): Duration {
  return wholeMilliseconds(n, 1, 'Milliseconds');
}

/**
 * Return a Duration of `n` seconds.
 *
 * @example
 * ```ts
 * new StreamingContext(Seconds(1));
 * ```
 */
export function Seconds(n: number): Duration {
  return wholeMilliseconds(n, 1000, 'Seconds');
}

/**
 * Return a Duration of `n` minutes.
 *
 * @example
 * ```ts
 * pairs.reduceByKeyAndWindow((a, b) => a + b, Minutes(10), Minutes(1));
 * ```
 */
export function Minutes(n: number): Duration {
  return wholeMilliseconds(n, 60_000, 'Minutes');
}

/** Lower-case alias of {@link Milliseconds} (Spark's Java `Durations.milliseconds`). @example `milliseconds(200)` */
export const milliseconds = Milliseconds;
/** Lower-case alias of {@link Seconds} (Spark's Java `Durations.seconds`). @example `seconds(1)` */
export const seconds = Seconds;
/** Lower-case alias of {@link Minutes} (Spark's Java `Durations.minutes`). @example `minutes(5)` */
export const minutes = Minutes;
