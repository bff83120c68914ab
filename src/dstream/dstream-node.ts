/** Port of the abstract part of Spark's DStream (streaming/.../dstream/DStream.scala). */
import { IllegalStateError, SparkError, UnsupportedOperationError } from '../errors.js';
import { CallSite } from '../rdd/call-site.js';
import type { RDD } from '../rdd/rdd.js';
import { StorageLevel } from '../rdd/storage-level.js';
import type { Duration } from '../time/duration.js';
import type { Time } from '../time/time.js';
import type { DStreamContext } from './dstream-context.js';

/** One output operation's work for one batch (the scheduler wraps it in a Job). */
export interface OutputJob {
  readonly time: Time;
  /** The output operation's call site, e.g. `"foreachRDD at app.ts:12"`. */
  readonly name?: string;
  readonly run: () => void | Promise<void>;
}

/**
 * A node of the DStream graph: a function from batch time to RDD, memoised per time. Subclasses
 * give their parents (`dependencies`), their `slideDuration` and `compute(time)`.
 */
export abstract class DStreamNode<T> {
  readonly context: DStreamContext;
  readonly creationSite: CallSite;
  readonly id: number;
  name: string | undefined;
  protected zeroTime: Time | undefined;
  rememberDuration: Duration | undefined;
  storageLevel: StorageLevel = StorageLevel.NONE;
  readonly generatedRDDs = new Map<number, RDD<T>>();

  protected constructor(context: DStreamContext, operation: string) {
    checkCanAddStreams(context);
    this.context = context;
    this.creationSite = new CallSite(operation);
    this.id = context.graph.nextStreamId();
  }

  abstract get slideDuration(): Duration;
  abstract get dependencies(): readonly DStreamNode<unknown>[];
  /** Return the RDD for a valid batch time, or `undefined` when this stream has none then. */
  abstract compute(validTime: Time): RDD<T> | undefined;

  /** How long a parent must keep its RDDs for this stream (window streams add their window). */
  get parentRememberDuration(): Duration | undefined {
    return this.rememberDuration;
  }

  get isInitialized(): boolean {
    return this.zeroTime !== undefined;
  }

  /** Set the zero time of this stream and its ancestors (Spark's `initialize`). */
  initialize(zeroTime: Time): void {
    if (this.zeroTime !== undefined && !this.zeroTime.equals(zeroTime)) {
      throw new SparkError(
        `ZeroTime is already initialized to ${this.zeroTime}, cannot initialize it again to ${zeroTime}`,
      );
    }
    this.zeroTime = zeroTime;
    this.rememberDuration ??= this.slideDuration;
    for (const parent of this.dependencies) parent.initialize(zeroTime);
  }

  /** Keep generated RDDs for at least `duration` (Spark's `remember`), and tell the parents. */
  remember(duration: Duration | undefined): void {
    if (
      duration !== undefined &&
      (this.rememberDuration === undefined || duration.greater(this.rememberDuration))
    ) {
      this.rememberDuration = duration;
    }
    for (const parent of this.dependencies) parent.remember(this.parentRememberDuration);
  }

  /** Whether this stream produces an RDD at `time`: after zeroTime, on its slide grid. */
  isTimeValid(time: Time): boolean {
    const zero = this.zeroTime;
    if (zero === undefined) throw new SparkError(`${this.toString()} has not been initialized`);
    if (time.lessEq(zero)) return false;
    return time.minus(zero).isMultipleOf(this.slideDuration);
  }

  /** Return the RDD for `time`: the memoised one, or a newly computed one if the time is valid. */
  getOrCompute(time: Time): RDD<T> | undefined {
    const cached = this.generatedRDDs.get(time.milliseconds);
    if (cached !== undefined) return cached;
    if (!this.isTimeValid(time)) return undefined;
    // RDDs made for this stream show where the stream was created, as in Spark.
    const rdd = this.context.sparkContext.withCallSite(this.creationSite.toString(), () =>
      this.compute(time),
    );
    if (rdd === undefined) return undefined;
    if (this.storageLevel !== StorageLevel.NONE && rdd.getStorageLevel() === StorageLevel.NONE) {
      rdd.persist(this.storageLevel);
    }
    this.generatedRDDs.set(time.milliseconds, rdd);
    return rdd;
  }

  /** Forget RDDs older than the remember duration (Spark's `clearMetadata`), parents too. */
  clearMetadata(time: Time): void {
    const remember = this.rememberDuration;
    if (remember !== undefined) {
      const oldest = time.minus(remember).milliseconds;
      for (const [ms, rdd] of this.generatedRDDs) {
        if (ms <= oldest) {
          this.generatedRDDs.delete(ms);
          rdd.unpersist();
        }
      }
    }
    for (const parent of this.dependencies) parent.clearMetadata(time);
  }

  /** Set how generated RDDs are kept; refused once the context has started. */
  persist(level: StorageLevel): void {
    if (this.context.getState() !== 'INITIALIZED') {
      throw new UnsupportedOperationError(
        'Cannot change storage level of a DStream after streaming context has started',
      );
    }
    this.storageLevel = level;
  }

  /** Spark's `DStream.toString`-like display name, e.g. `"MappedDStream[3]"`. */
  toString(): string {
    return `${this.constructor.name}[${this.id}]`;
  }
}

function checkCanAddStreams(context: DStreamContext): void {
  switch (context.getState()) {
    case 'INITIALIZED':
      return;
    case 'ACTIVE':
      throw new IllegalStateError(
        'Adding new inputs, transformations, and output operations after starting a context is not supported',
      );
    case 'STOPPED':
      throw new IllegalStateError(
        'Adding new inputs, transformations, and output operations after stopping a context is not supported',
      );
  }
}
