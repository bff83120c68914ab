/**
 * The metadata checkpoint (Spark's Checkpoint.scala), written after every completed batch. It is
 * pure data: the batch grid, the batches still to run, the graph's shape, and for each stream
 * that checkpoints its RDDs the data files of the RDDs it still remembers. No code: recovery
 * rebuilds the graph by running the application's setup function again.
 */
import type { DStreamGraph } from '../dstream/dstream-graph.js';
import type { Duration } from '../time/duration.js';
import type { DataCheckpoints } from './data-checkpoints.js';

/** One stream's checkpointed RDDs. */
export interface StreamCheckpoint {
  /** The stream's name, or `ClassName[id]` when it has none. */
  readonly key: string;
  readonly named: boolean;
  readonly className: string;
  readonly data: readonly { readonly timeMs: number; readonly file: string }[];
  /**
   * Present when the stream's data checkpoint due at this batch time is not on disk (its write
   * failed, or the file vanished): a recovered context writes one at its first batch.
   */
  readonly overdueDataMs?: number;
  /**
   * Present when this checkpoint cannot restore the stream's state: a data checkpoint is overdue
   * and the batches since its newest data file (or since zero time) are more than the stream
   * remembers, so its state cannot be computed again. Recovery then uses an older checkpoint.
   */
  readonly unrestorable?: true;
}

/** The contents of a metadata checkpoint file. */
export interface CheckpointMetadata {
  readonly kind: 'dstream-ts metadata checkpoint';
  readonly appName: string;
  readonly batchDurationMs: number;
  readonly zeroTimeMs: number;
  readonly checkpointTimeMs: number;
  /** Batches generated but not completed (failed ones included): re-run on recovery. */
  readonly pendingTimesMs: readonly number[];
  readonly fingerprint: readonly string[];
  readonly streams: readonly StreamCheckpoint[];
  /** Each input's position (receiver streams: the blocks of each batch), when it has one. */
  readonly inputs: readonly { readonly inputId: number; readonly position: unknown }[];
}

/**
 * Describe `graph` as it is after the batch at `checkpointTimeMs` completed. Each checkpointing
 * stream refers to the data files `data` holds for it, which exist on disk.
 */
export function buildCheckpoint(
  graph: DStreamGraph,
  data: DataCheckpoints,
  details: {
    appName: string;
    batchDuration: Duration;
    checkpointTimeMs: number;
    pendingTimesMs: readonly number[];
  },
): CheckpointMetadata {
  const streams: StreamCheckpoint[] = [];
  for (const node of graph.reachableStreams()) {
    if (node.checkpointDuration === undefined) continue;
    const files = data.files(node);
    const overdue = data.overdueSince(node);
    // Between data checkpoints a stream's state is computed again from the batches it (and so its
    // inputs) remember, back to its newest data file; a missing one is fine while that reaches.
    const newestMs = files.at(-1)?.[0] ?? graph.zeroTime?.milliseconds ?? 0;
    const rememberMs = node.rememberDuration?.milliseconds ?? 0;
    const restorable = overdue === undefined || newestMs >= details.checkpointTimeMs - rememberMs;
    streams.push({
      key: node.checkpointKey,
      named: node.name !== undefined,
      className: node.className,
      data: files.map(([timeMs, { file }]) => ({ timeMs, file })),
      ...(overdue === undefined ? {} : { overdueDataMs: overdue }),
      ...(restorable ? {} : { unrestorable: true as const }),
    });
  }
  return {
    kind: 'dstream-ts metadata checkpoint',
    appName: details.appName,
    batchDurationMs: details.batchDuration.milliseconds,
    zeroTimeMs: graph.zeroTime?.milliseconds ?? 0,
    checkpointTimeMs: details.checkpointTimeMs,
    pendingTimesMs: details.pendingTimesMs.filter((t) => t !== details.checkpointTimeMs),
    fingerprint: graph.fingerprint(),
    streams,
    inputs: graph.inputs.map((input) => ({ inputId: input.inputId, position: input.position?.() })),
  };
}

/** Whether `checkpoint` can restore every stream's state (see `unrestorable`). */
export function isRecoverable(checkpoint: CheckpointMetadata): boolean {
  return checkpoint.streams.every((stream) => stream.unrestorable !== true);
}

/** Whether `value` has the shape of a metadata checkpoint (guards against foreign files). */
export function isCheckpointMetadata(value: unknown): value is CheckpointMetadata {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'dstream-ts metadata checkpoint'
  );
}
