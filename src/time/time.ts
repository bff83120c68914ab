/** Port of Spark's Time (streaming/src/main/scala/org/apache/spark/streaming/Time.scala). */
import { IllegalArgumentError } from '../errors.js';
import { Duration } from './duration.js';

/**
 * An immutable instant in epoch milliseconds: the time of a batch.
 *
 * @example
 * ```ts
 * stream.foreachRDD((rdd, time) => console.log(time.toString())); // "1636884054000 ms"
 * ```
 */
export class Time {
  /** Milliseconds since the epoch (or since 0 on a ManualClock). */
  readonly milliseconds: number;

  constructor(milliseconds: number) {
    this.milliseconds = milliseconds;
  }

  /** Whether this is before `that`. */
  less(that: Time): boolean {
    return this.milliseconds < that.milliseconds;
  }
  /** Whether this is not after `that`. */
  lessEq(that: Time): boolean {
    return this.milliseconds <= that.milliseconds;
  }
  /** Whether this is after `that`. */
  greater(that: Time): boolean {
    return this.milliseconds > that.milliseconds;
  }
  /** Whether this is not before `that`. */
  greaterEq(that: Time): boolean {
    return this.milliseconds >= that.milliseconds;
  }
  /** Whether both are the same time. */
  equals(that: Time): boolean {
    return this.milliseconds === that.milliseconds;
  }
  /** Return the time `duration` later. */
  plus(duration: Duration): Time {
    return new Time(this.milliseconds + duration.milliseconds);
  }
  /** `Time - Duration` is a Time; `Time - Time` is the Duration between them. */
  minus(that: Duration): Time;
  minus(that: Time): Duration;
  minus(that: Duration | Time): Time | Duration {
    return that instanceof Time
      ? new Duration(this.milliseconds - that.milliseconds)
      : new Time(this.milliseconds - that.milliseconds);
  }
  /** Return whether this time is a multiple of `duration` (epoch-aligned). */
  isMultipleOf(duration: Duration): boolean {
    return this.milliseconds % duration.milliseconds === 0;
  }
  /** Round down to a multiple of `duration`, counted from `zeroTime` (epoch when omitted). */
  floor(duration: Duration, zeroTime?: Time): Time {
    const zero = zeroTime?.milliseconds ?? 0;
    const d = duration.milliseconds;
    return new Time(Math.floor((this.milliseconds - zero) / d) * d + zero);
  }
  /** Return the times from this one (inclusive) to `end` (exclusive), `step` apart. */
  until(end: Time, step: Duration): Time[] {
    const times: Time[] = [];
    for (let t = this.milliseconds; t < end.milliseconds; t += step.milliseconds) {
      times.push(new Time(t));
    }
    return times;
  }
  /** Return the times from this one to `end`, both inclusive, `step` apart. */
  to(end: Time, step: Duration): Time[] {
    const times: Time[] = [];
    for (let t = this.milliseconds; t <= end.milliseconds; t += step.milliseconds) {
      times.push(new Time(t));
    }
    return times;
  }
  /** Return `"<ms> ms"`, as Spark's `Time.toString`. */
  toString(): string {
    return `${this.milliseconds} ms`;
  }
}

/**
 * The RDD members that ported code calls on the batch Time when it keeps PySpark's `(time, rdd)`
 * order in `foreachRDD` or `transform` (ours is `(rdd, time)`). On a Time each of them throws an
 * error that says so, instead of "rdd.map is not a function" or a silent `undefined`.
 */
const RDD_MEMBERS = [
  ...['aggregate', 'aggregateByKey', 'cache', 'cartesian', 'checkpoint', 'coalesce', 'cogroup'],
  ...['collect', 'collectAsMap', 'combineByKey', 'count', 'countApproxDistinct', 'countByKey'],
  ...['countByValue', 'distinct', 'filter', 'filterByRange', 'first', 'flatMap', 'flatMapValues'],
  ...['fold', 'foldByKey', 'foreach', 'foreachPartition', 'fullOuterJoin', 'getCheckpointFile'],
  ...['getNumPartitions', 'getStorageLevel', 'glom', 'groupBy', 'groupByKey', 'groupWith'],
  ...['histogram', 'intersection', 'isEmpty', 'join', 'keyBy', 'keys', 'leftOuterJoin'],
  ...['localCheckpoint', 'lookup', 'map', 'mapPartitions', 'mapPartitionsWithIndex', 'mapToPair'],
  ...['mapValues', 'max', 'mean', 'min', 'partitionBy', 'persist', 'pipe', 'popStdev'],
  ...['popVariance', 'randomSplit', 'reduce', 'reduceByKey', 'reduceByKeyLocally', 'repartition'],
  ...['repartitionAndSortWithinPartitions', 'rightOuterJoin', 'sample', 'sampleByKey'],
  ...['sampleStdev', 'sampleVariance', 'saveAsObjectFile', 'saveAsTextFile', 'setName', 'sortBy'],
  ...['sortByKey', 'stats', 'stdev', 'subtract', 'subtractByKey', 'sum', 'take', 'takeOrdered'],
  ...['takeSample', 'toDebugString', 'toLocalIterator', 'top', 'treeAggregate', 'treeReduce'],
  ...['union', 'unpersist', 'values', 'variance', 'zip', 'zipPartitions', 'zipWithIndex'],
  ...['zipWithUniqueId', 'context', 'sparkContext', 'partitioner', 'isCheckpointed'],
  ...['isLocallyCheckpointed'],
];

for (const name of RDD_MEMBERS) {
  Object.defineProperty(Time.prototype, name, {
    configurable: true,
    enumerable: false,
    get(): never {
      throw new IllegalArgumentError(
        `Time has no member '${name}': this Time was used as an RDD. foreachRDD and transform pass (rdd, time), the RDD first; PySpark passes (time, rdd), so swap the parameters`,
      );
    },
  });
}
