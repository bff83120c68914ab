/**
 * The JSON the live web view serves, made from listener events only (Spark's streaming UI keeps
 * the same per-batch facts in its StreamingJobProgressListener). Times are epoch milliseconds,
 * durations milliseconds; `null` is a value not known (yet).
 */
import type { OutputOperationInfo } from '../scheduler/batch-info.js';
import type { DStreamGraphInfo } from '../scheduler/dstream-graph-info.js';
import type { StepJson } from './step-control.js';

/** A batch submitted and not completed yet: Spark's "Active Batches". */
export interface ActiveBatchJson {
  readonly batchTime: number;
  /** `queued` behind earlier batches, or `processing`. */
  readonly status: 'queued' | 'processing';
  readonly numRecords: number;
  readonly submissionTime: number;
  readonly processingStartTime: number | null;
}

/** The application: what the page's header shows. */
export interface AppJson {
  readonly appName: string;
  readonly batchDuration: number;
  /** `waiting` until the context starts, `stopped` once it has stopped. */
  readonly status: 'waiting' | 'running' | 'stopped';
  readonly startTime: number | null;
  /** The graph's zero time: batch times are zeroTime + k·batchDuration (known once started). */
  readonly zeroTime: number | null;
  readonly completedBatches: number;
  readonly retainedBatches: number;
  /** Batches submitted and not completed, oldest first (tracked while a page is open). */
  readonly activeBatches: readonly ActiveBatchJson[];
  /** The step mode: how batches are stepped, and whether they are paused. */
  readonly step: StepJson;
}

/** One stream of the DStream graph. */
export interface StreamJson {
  readonly id: number;
  readonly className: string;
  readonly name: string | null;
  readonly creationSite: string;
  readonly kind: 'input' | 'transformation' | 'output';
  readonly inputStreamId: number | null;
  readonly displayName: string | null;
  readonly parentIds: readonly number[];
  readonly slideDuration: number;
  readonly windowDuration: number | null;
  readonly stateful: boolean;
  readonly checkpointInterval: number | null;
}

/** One completed batch: a row of the batch table and a point of each timeline. */
export interface BatchSummaryJson {
  readonly batchTime: number;
  /** `failed` when an output operation failed. */
  readonly status: 'completed' | 'failed';
  readonly numRecords: number;
  readonly submissionTime: number;
  readonly processingStartTime: number | null;
  readonly processingEndTime: number | null;
  readonly schedulingDelay: number | null;
  readonly processingTime: number | null;
  readonly totalDelay: number | null;
  readonly outputOperations: {
    readonly total: number;
    readonly succeeded: number;
    readonly failed: number;
  };
  /** The first failed output operation's failure reason. */
  readonly failureReason: string | null;
  /** State size of each stateful stream after the batch (completed batches only). */
  readonly stateSizes: readonly { readonly streamId: number; readonly numRowsTotal: number }[];
  /** Records of each input stream in the batch (the page's per-input rates). */
  readonly inputs: readonly { readonly inputStreamId: number; readonly numRecords: number }[];
}

/** A stateful stream's state after a chosen batch: first entries, and keys added and removed. */
export interface StateDetailJson {
  readonly streamId: number;
  readonly name: string;
  readonly numRowsTotal: number;
  /** The first entries as `[key, state]`, each printed as `pprint` prints it. */
  readonly entries: readonly (readonly [key: string, state: string])[];
  /** Whether the state holds more entries than `entries`. */
  readonly hasMoreEntries: boolean;
  /** Keys added and removed since the stream's previous batch: counts, and the first keys. */
  readonly added: { readonly count: number; readonly keys: readonly string[] } | null;
  readonly removed: { readonly count: number; readonly keys: readonly string[] } | null;
  /** Why `added`/`removed` are missing (the previous state is no longer kept). */
  readonly note: string | null;
}

/** One output operation of a chosen batch, with its RDD's lineage and first records. */
export interface OutputOperationJson {
  readonly id: number;
  readonly streamId: number | null;
  readonly name: string;
  readonly status: 'queued' | 'running' | 'succeeded' | 'failed';
  readonly startTime: number | null;
  readonly endTime: number | null;
  readonly duration: number | null;
  readonly failureReason: string | null;
  /** The job group and description set with `sc.setJobGroup` / `setJobDescription`. */
  readonly jobGroup: string | null;
  readonly jobDescription: string | null;
  /** `rdd.toDebugString()`, once the operation has run. */
  readonly lineage: string | null;
  /** The first records as `pprint` prints them, once the operation has succeeded. */
  readonly firstRecords: readonly string[] | null;
  /** Whether the RDD holds more records than `firstRecords`. */
  readonly hasMoreRecords: boolean;
  /** Why lineage or records are missing. */
  readonly note: string | null;
}

/** A chosen batch: its summary, its output operations and its states. */
export interface BatchDetailJson extends BatchSummaryJson {
  /** `null` when the batch's details are no longer kept (see `note`). */
  readonly outputOperationDetails: readonly OutputOperationJson[] | null;
  /** Each stateful stream's state after the batch; `null` when no longer kept. */
  readonly states: readonly StateDetailJson[] | null;
  readonly note: string | null;
}

/** Return the graph's streams as JSON. */
export function graphToJson(graph: DStreamGraphInfo): StreamJson[] {
  return graph.streams.map((s) => ({
    id: s.id,
    className: s.className,
    name: s.name ?? null,
    creationSite: s.creationSite,
    kind: s.kind,
    inputStreamId: s.input?.inputStreamId ?? null,
    displayName: s.input?.displayName ?? null,
    parentIds: s.parentIds,
    slideDuration: s.slideDuration.milliseconds,
    windowDuration: s.windowDuration?.milliseconds ?? null,
    stateful: s.stateful,
    checkpointInterval: s.checkpointInterval?.milliseconds ?? null,
  }));
}

/** Return an output operation's status. */
export function outputStatus(info: OutputOperationInfo): OutputOperationJson['status'] {
  if (info.failureReason !== undefined) return 'failed';
  if (info.endTime !== undefined) return 'succeeded';
  return info.startTime === undefined ? 'queued' : 'running';
}
