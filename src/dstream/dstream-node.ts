/** Port of the abstract part of Spark's DStream (streaming/.../dstream/DStream.scala). */
import {
  IllegalStateError,
  requireArgument,
  SparkError,
  UnsupportedOperationError,
} from '../errors.js';
import { CallSite } from '../rdd/call-site.js';
import { CheckpointRDD, checkpointRDD } from '../rdd/checkpoint-rdd.js';
import type { Partitioner } from '../rdd/partitioner.js';
import { RDD } from '../rdd/rdd.js';
import { StorageLevel } from '../rdd/storage-level.js';
import type { Duration } from '../time/duration.js';
import { Seconds } from '../time/duration.js';
import type { Time } from '../time/time.js';
import { requirePositiveDuration } from '../time/duration-argument.js';
import type { DStreamContext } from './dstream-context.js';

/** One output operation's work for one batch (the scheduler wraps it in a Job). */
export interface OutputJob {
  readonly time: Time;
  /** The output operation's call site, e.g. `"foreachRDD at app.ts:12"`. */
  readonly name?: string;
  /** The id of the output stream that made the job. */
  readonly streamId?: number;
  /** The RDD the output operation runs on (listeners may ask for it). */
  readonly rdd?: RDD<unknown>;
  readonly run: () => void | Promise<void>;
  /** The job group and description in force when the job ended (`sc.setJobGroup`), once run. */
  readonly jobProperties?: () => { group?: string; description?: string };
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
  /** Whether this stream needs periodic data checkpoints (stateful streams, inverse windows). */
  protected mustCheckpoint = false;
  checkpointDuration: Duration | undefined;
  readonly generatedRDDs = new Map<number, RDD<T>>();
  /** Batch times whose RDD was marked for checkpointing and is not yet checkpointed. */
  readonly #markedForCheckpoint = new Set<number>();
  #lastCheckpointPass = -1;

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

  /**
   * Whether computing this stream runs user code on its parents' data while the batch's jobs are
   * generated (`transform`), so asynchronous sources must be loaded before generation.
   */
  readonly readsParentsAtGeneration: boolean = false;

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
    const slide = this.slideDuration;
    // Spark's default: the smallest multiple of the slide that is at least 10 seconds.
    if (this.mustCheckpoint && this.checkpointDuration === undefined) {
      this.checkpointDuration = slide.times(Math.ceil(Seconds(10).div(slide)));
    }
    let minRemember = slide;
    // Twice the checkpoint interval, so the newest checkpointed RDD is never forgotten.
    if (this.checkpointDuration !== undefined && minRemember.lessEq(this.checkpointDuration)) {
      minRemember = this.checkpointDuration.times(2);
    }
    if (this.rememberDuration === undefined || this.rememberDuration.less(minRemember)) {
      this.rememberDuration = minRemember;
    }
    for (const parent of this.dependencies) parent.initialize(zeroTime);
  }

  /**
   * Whether this stream carries state from batch to batch (`updateStateByKey`, `mapWithState`,
   * windows with an inverse function): the streams that must checkpoint.
   */
  get isStateful(): boolean {
    return this.mustCheckpoint;
  }

  /** The window this stream computes over, for window streams. */
  get windowDuration(): Duration | undefined {
    return undefined;
  }

  /**
   * Return how many entries this stream's state holds after the batch at `time` (its RDD's
   * records), or `undefined` for a stream without state or without an RDD at `time`. State RDDs
   * are persisted, so this reads the partitions the batch computed.
   */
  stateSize(time: Time): number | undefined {
    const rdd = this.isStateful ? this.generatedRDDs.get(time.milliseconds) : undefined;
    if (rdd === undefined) return undefined;
    let size = 0;
    for (let p = 0; p < rdd.node.numPartitions; p++) size += rdd.node.partition(p).length;
    return size;
  }

  /**
   * Return a reader of this stream's state after the batch at `time`, as `[key, state]` pairs
   * (its RDD's records), or `undefined` for a stream without state or without an RDD at `time`.
   * The reader holds the RDD, so it reads that batch's state even once the stream forgot it.
   */
  stateEntries(time: Time): (() => Iterable<readonly [unknown, unknown]>) | undefined {
    const rdd = this.isStateful ? this.generatedRDDs.get(time.milliseconds) : undefined;
    if (rdd === undefined) return undefined;
    const node = rdd.node;
    return function* () {
      for (let p = 0; p < node.numPartitions; p++) {
        yield* node.partition(p) as unknown as (readonly [unknown, unknown])[];
      }
    };
  }

  /** Spark's simple class name, used in its messages (e.g. `"StateDStream"`). */
  get className(): string {
    return this.constructor.name;
  }

  /** Spark's `validateAtStart`: the checkpoint settings must be usable. */
  validateAtStart(): void {
    const name = this.className;
    const interval = this.checkpointDuration;
    const slide = this.slideDuration;
    requireArgument(this.rememberDuration !== undefined, 'Remember duration is set to null');
    requireArgument(
      !this.mustCheckpoint || interval !== undefined,
      `The checkpoint interval for ${name} has not been set. Please use DStream.checkpoint() to set the interval.`,
    );
    if (interval !== undefined) {
      requireArgument(
        this.context.checkpointDir !== undefined,
        'The checkpoint directory has not been set. Please set it by StreamingContext.checkpoint().',
      );
      requireArgument(
        interval.greaterEq(slide),
        `The checkpoint interval for ${name} has been set to ${interval} which is lower than its slide time (${slide}). Please set it to at least ${slide}.`,
      );
      requireArgument(
        interval.isMultipleOf(slide),
        `The checkpoint interval for ${name} has been set to  ${interval} which not a multiple of its slide time (${slide}). Please set it to a multiple of ${slide}.`,
      );
      requireArgument(
        this.storageLevel !== StorageLevel.NONE,
        `${name} has been marked for checkpointing but the storage level has not been set to enable persisting. Please use DStream.persist() to set the storage level to use memory for better checkpointing performance.`,
      );
      requireArgument(
        this.rememberDuration.greater(interval),
        `The remember duration for ${name} has been set to  ${this.rememberDuration} which is not more than the checkpoint interval (${interval}). Please set it to a value higher than ${interval}.`,
      );
    }
    for (const parent of this.dependencies) parent.validateAtStart();
  }

  /**
   * Checkpoint this stream's RDDs every `interval` (Spark's `DStream.checkpoint`); also persists.
   */
  checkpoint(interval: Duration): void {
    if (this.isInitialized) {
      throw new UnsupportedOperationError(
        'Cannot change checkpoint interval of a DStream after streaming context has started',
      );
    }
    const duration = requirePositiveDuration(interval, 'interval');
    this.persist(StorageLevel.MEMORY_ONLY_SER);
    this.checkpointDuration = duration;
  }

  /**
   * After the batch at `time` ran, replace each RDD marked for checkpointing at that time by its
   * materialised data, cutting its lineage (Spark writes it to the checkpoint directory; the
   * point here is that state and inverse windows never chain RDDs back to the first batch).
   */
  checkpointData(
    time: Time,
    checkpointed?: (node: DStreamNode<unknown>, timeMs: number) => void,
  ): void {
    if (this.#lastCheckpointPass === time.milliseconds) return;
    this.#lastCheckpointPass = time.milliseconds;
    for (const [ms, rdd] of this.generatedRDDs) {
      if (ms > time.milliseconds || !this.#markedForCheckpoint.delete(ms)) continue;
      this.generatedRDDs.set(ms, checkpointRDD(rdd));
      this.checkpointedTimes.add(ms);
      checkpointed?.(this, ms);
    }
    for (const parent of this.dependencies) parent.checkpointData(time, checkpointed);
  }

  /** Batch times whose remembered RDD is checkpointed data (written to, or read from, disk). */
  readonly checkpointedTimes = new Set<number>();

  /** Name this stream, so its checkpointed state is matched by name after the graph changes. */
  setName(name: string): void {
    this.name = name;
  }

  /** How checkpoints refer to this stream: its name, or its class and creation index. */
  get checkpointKey(): string {
    return this.name ?? `${this.className}[${this.id}]`;
  }

  /** The partitioner of this stream's RDDs, restored with checkpointed data. */
  get checkpointPartitioner(): Partitioner | undefined {
    return undefined;
  }

  /** Turn a checkpointed RDD into plain data for the checkpoint serializer. */
  encodeCheckpoint(rdd: RDD<T>): unknown {
    const partitions: (readonly T[])[] = [];
    for (let p = 0; p < rdd.node.numPartitions; p++) partitions.push(rdd.node.partition(p));
    return partitions;
  }

  /** Restore the RDD at `timeMs` from data written by `encodeCheckpoint`. */
  restoreCheckpoint(timeMs: number, data: unknown): void {
    const rdd = new RDD(
      new CheckpointRDD(
        this.context.sparkContext,
        this.decodePartitions(data),
        this.checkpointPartitioner,
      ),
    );
    if (this.storageLevel !== StorageLevel.NONE) rdd.persist(this.storageLevel);
    this.generatedRDDs.set(timeMs, rdd);
    this.checkpointedTimes.add(timeMs);
  }

  /** Decode the partitions written by `encodeCheckpoint` (overridden by mapWithState's stream). */
  protected decodePartitions(data: unknown): readonly (readonly T[])[] {
    return data as readonly (readonly T[])[];
  }

  /**
   * Return the RDDs of every grid time from `from` to `to`, both inclusive, each floored to this
   * stream's slide grid (Spark's `slice`); computes RDDs that are not remembered.
   *
   * @throws {@link SparkError} before the context has started.
   */
  slice(from: Time, to: Time): RDD<T>[] {
    const zero = this.zeroTime;
    if (zero === undefined) throw new SparkError(`${this.toString()} has not been initialized`);
    const slide = this.slideDuration;
    const alignedTo = to.minus(zero).isMultipleOf(slide) ? to : to.floor(slide, zero);
    const alignedFrom = from.minus(zero).isMultipleOf(slide) ? from : from.floor(slide, zero);
    const rdds: RDD<T>[] = [];
    for (const time of alignedFrom.to(alignedTo, slide)) {
      if (time.less(zero)) continue;
      const rdd = this.getOrCompute(time);
      if (rdd !== undefined) rdds.push(rdd);
    }
    return rdds;
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
    // As Spark: a different level already on the RDD fails the batch (RDD.persist refuses it).
    if (this.storageLevel !== StorageLevel.NONE) rdd.persist(this.storageLevel);
    const interval = this.checkpointDuration;
    if (interval !== undefined && time.minus(this.zeroTime as Time).isMultipleOf(interval)) {
      rdd.node.markForCheckpoint();
      this.#markedForCheckpoint.add(time.milliseconds);
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
          this.#markedForCheckpoint.delete(ms);
          this.checkpointedTimes.delete(ms);
          rdd.unpersist();
        }
      }
    }
    for (const parent of this.dependencies) parent.clearMetadata(time);
  }

  /** Set how generated RDDs are kept; refused once the context has started. */
  persist(level: StorageLevel): void {
    if (this.isInitialized) {
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
