/**
 * The metadata checkpoint (Spark's Checkpoint.scala), written after every completed batch. It is
 * pure data: the batch grid, the batches still to run, the graph's shape, and for each stream
 * that checkpoints its RDDs the data files of the RDDs it still remembers. No code: recovery
 * rebuilds the graph by running the application's setup function again.
 */
import type { DStreamGraph } from '../dstream/dstream-graph.js';
import type { DStreamNode } from '../dstream/dstream-node.js';
import type { Duration } from '../time/duration.js';
import { dataFileName } from './checkpoint-files.js';

/** One stream's checkpointed RDDs. */
export interface StreamCheckpoint {
  /** The stream's name, or `ClassName[id]` when it has none. */
  readonly key: string;
  readonly named: boolean;
  readonly className: string;
  readonly data: readonly { readonly timeMs: number; readonly file: string }[];
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

/** Describe `graph` as it is after the batch at `checkpointTimeMs` completed. */
export function buildCheckpoint(
  graph: DStreamGraph,
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
    const times = [...node.checkpointedTimes]
      .filter((t) => node.generatedRDDs.has(t))
      .sort((a, b) => a - b);
    streams.push({
      key: node.checkpointKey,
      named: node.name !== undefined,
      className: node.className,
      data: times.map((timeMs) => ({ timeMs, file: checkpointedFile(node, timeMs) })),
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

/**
 * The data files that restored RDDs were read from, by stream and batch time. After a graph change
 * a stream's id may differ from the one in the file's name, so later checkpoints must refer to the
 * file that exists rather than to `dataFileName(node.id, time)`.
 */
const restoredFiles = new WeakMap<DStreamNode<unknown>, Map<number, string>>();

/** Record that `node`'s RDD at `timeMs` was restored from data file `file`. */
export function recordRestoredFile(node: DStreamNode<unknown>, timeMs: number, file: string): void {
  let files = restoredFiles.get(node);
  if (files === undefined) {
    files = new Map<number, string>();
    restoredFiles.set(node, files);
  }
  files.set(timeMs, file);
}

/** Forget the restored file of `node` at `timeMs` (it was written again), or all of them. */
export function forgetRestoredFile(node: DStreamNode<unknown>, timeMs?: number): void {
  if (timeMs === undefined) restoredFiles.delete(node);
  else restoredFiles.get(node)?.delete(timeMs);
}

/** The data file holding `node`'s checkpointed RDD at `timeMs`. */
function checkpointedFile(node: DStreamNode<unknown>, timeMs: number): string {
  return restoredFiles.get(node)?.get(timeMs) ?? dataFileName(node.id, timeMs);
}

/** Whether `value` has the shape of a metadata checkpoint (guards against foreign files). */
export function isCheckpointMetadata(value: unknown): value is CheckpointMetadata {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'dstream-ts metadata checkpoint'
  );
}
