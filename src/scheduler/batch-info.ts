/** Ports of Spark's BatchInfo, OutputOperationInfo and StreamInputInfo (streaming/.../scheduler/). */
import type { StreamInputInfo } from '../dstream/input-info.js';
import type { RDD } from '../rdd/rdd.js';
import type { Time } from '../time/time.js';

export type { StreamInputInfo } from '../dstream/input-info.js';

/**
 * One output operation's job in one batch. Times are wall-clock epoch milliseconds.
 *
 * @example
 * ```ts
 * ssc.addStreamingListener({
 *   onOutputOperationCompleted: ({ outputOperationInfo: o }) => console.log(o.name, o.failureReason),
 * });
 * ```
 */
export class OutputOperationInfo {
  /** The time of the batch. */
  readonly batchTime: Time;
  /** The output operation's index in the batch, in registration order. */
  readonly id: number;
  /** A short name: the call site of the output (e.g. `foreachRDD at app.ts:12`). */
  readonly name: string;
  /** The longer description (Spark: the call stack); here the call site too. */
  readonly description: string;
  /**
   * The id of the output stream that runs this operation, as in `onStreamingStarted`'s `graph`.
   * Differs from Spark: Spark's OutputOperationInfo does not link to the DStream graph.
   */
  readonly streamId: number | undefined;
  /**
   * The RDD the operation runs on, when a listener sets {@link StreamingListener.detailedEvents}
   * (holding the info keeps the RDD's lineage and data in memory). Call `toDebugString()` for its
   * lineage or `take(n)` for its first records (which computes them again). Differs from Spark:
   * Spark's listener events carry no RDDs.
   */
  readonly rdd: RDD<unknown> | undefined;
  /** Wall-clock ms when the job started, `undefined` before. */
  startTime: number | undefined;
  /** Wall-clock ms when the job ended, `undefined` before. */
  endTime: number | undefined;
  /** The failed job's error (its stack), `undefined` when it succeeded. */
  failureReason: string | undefined;
  /** The job group its jobs ran in (`sc.setJobGroup`), once it has run. */
  jobGroup: string | undefined;
  /** Its jobs' description (`sc.setJobDescription` or `setJobGroup`), once it has run. */
  jobDescription: string | undefined;

  constructor(
    batchTime: Time,
    id: number,
    name: string,
    description: string,
    streamId?: number,
    rdd?: RDD<unknown>,
  ) {
    this.batchTime = batchTime;
    this.id = id;
    this.name = name;
    this.description = description;
    this.streamId = streamId;
    this.rdd = rdd;
  }

  /** `endTime - startTime`, once the job ended. */
  get duration(): number | undefined {
    return this.startTime === undefined || this.endTime === undefined
      ? undefined
      : this.endTime - this.startTime;
  }
}

/**
 * The size of one stateful stream's state after a batch (Structured Streaming's
 * `StateOperatorProgress.numRowsTotal`, for `updateStateByKey`, `mapWithState` and windows with an
 * inverse function).
 *
 * @example
 * ```ts
 * ssc.addStreamingListener({
 *   detailedEvents: true,
 *   onBatchCompleted: ({ batchInfo }) => console.log(batchInfo.stateOperators?.map((s) => s.numRowsTotal)),
 * });
 * ```
 */
export interface StateOperatorInfo {
  /** The stateful stream's id, as in `onStreamingStarted`'s `graph`. */
  readonly streamId: number;
  /** Its name (`.name(...)`) or `ClassName[id]`, as checkpoints refer to it. */
  readonly name: string;
  /** Keys held in its state after the batch. */
  readonly numRowsTotal: number;
  /**
   * Read the state after the batch as `[key, state]` pairs (each call reads it again; it holds the
   * batch's state RDD). Differs from Spark: Spark's listener events carry no state.
   */
  readonly entries?: () => Iterable<readonly [unknown, unknown]>;
}

/**
 * Spark's BatchInfo: one batch's inputs, timings and output operations. Times are wall-clock
 * epoch milliseconds; a value not yet known is `undefined` (Spark's `None`).
 *
 * @example
 * ```ts
 * ssc.addStreamingListener({ onBatchCompleted: ({ batchInfo }) => console.log(batchInfo.totalDelay) });
 * ```
 */
export class BatchInfo {
  /** The time of the batch. */
  readonly batchTime: Time;
  /** What each input stream contributed, by input stream id. */
  readonly streamIdToInputInfo: ReadonlyMap<number, StreamInputInfo>;
  /** Wall-clock ms when the batch's jobs were submitted. */
  readonly submissionTime: number;
  /** Wall-clock ms when its first job started, `undefined` before. */
  processingStartTime: number | undefined;
  /** Wall-clock ms when its last job ended, `undefined` before. */
  processingEndTime: number | undefined;
  /** Its output operations, by id. */
  readonly outputOperationInfos: ReadonlyMap<number, OutputOperationInfo>;
  /**
   * The state size of each stateful stream after the batch, on `onBatchCompleted` when a listener
   * sets {@link StreamingListener.detailedEvents} and every job succeeded. Differs from Spark:
   * DStreams report no state sizes (Structured Streaming does, as `stateOperators`).
   */
  stateOperators: readonly StateOperatorInfo[] | undefined;

  constructor(
    batchTime: Time,
    streamIdToInputInfo: ReadonlyMap<number, StreamInputInfo>,
    submissionTime: number,
    outputOperationInfos: ReadonlyMap<number, OutputOperationInfo>,
  ) {
    this.batchTime = batchTime;
    this.streamIdToInputInfo = streamIdToInputInfo;
    this.submissionTime = submissionTime;
    this.outputOperationInfos = outputOperationInfos;
  }

  /** Time from submission until the first job started. */
  get schedulingDelay(): number | undefined {
    return this.processingStartTime === undefined
      ? undefined
      : this.processingStartTime - this.submissionTime;
  }

  /** Time from the first job's start until the last job's end. */
  get processingDelay(): number | undefined {
    return this.processingStartTime === undefined || this.processingEndTime === undefined
      ? undefined
      : this.processingEndTime - this.processingStartTime;
  }

  /** Scheduling plus processing delay. */
  get totalDelay(): number | undefined {
    return this.processingEndTime === undefined
      ? undefined
      : this.processingEndTime - this.submissionTime;
  }

  /** Records received by all inputs for this batch. */
  get numRecords(): number {
    let total = 0;
    for (const info of this.streamIdToInputInfo.values()) total += info.numRecords;
    return total;
  }
}
