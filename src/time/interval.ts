/** Port of Spark's Interval (streaming/src/main/scala/org/apache/spark/streaming/Interval.scala). */
import type { Duration } from './duration.js';
import type { Time } from './time.js';

/**
 * A span of batch times; `DStream.slice(interval)` includes both ends.
 *
 * @example
 * ```ts
 * stream.slice(new Interval(new Time(1000), new Time(3000)));
 * ```
 */
export class Interval {
  /** The start (exclusive, as a batch interval is `(beginTime, endTime]`). */
  readonly beginTime: Time;
  /** The end (inclusive). */
  readonly endTime: Time;

  constructor(beginTime: Time, endTime: Time) {
    this.beginTime = beginTime;
    this.endTime = endTime;
  }

  /** Return `endTime - beginTime`. */
  get duration(): Duration {
    return this.endTime.minus(this.beginTime);
  }

  /** Shift both ends forward by `duration`. */
  plus(duration: Duration): Interval {
    return new Interval(this.beginTime.plus(duration), this.endTime.plus(duration));
  }

  /** Shift both ends back by `duration`. */
  minus(duration: Duration): Interval {
    return new Interval(this.beginTime.minus(duration), this.endTime.minus(duration));
  }

  /** Return `"[<begin> ms, <end> ms]"`. */
  toString(): string {
    return `[${this.beginTime}, ${this.endTime}]`;
  }
}
