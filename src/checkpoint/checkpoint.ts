/**
 * The metadata checkpoint (Spark's Checkpoint.scala), written after every completed batch. It is
 * pure data: the batch grid, the batches still to run, the graph's shape, and for each stream
 * that checkpoints its RDDs the data files of the RDDs it still remembers. No code: recovery
 * rebuilds the graph by running the application's setup function again.
 */
import type { DStreamGraph } from '../dstream/dstream-graph.js';
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
      data: times.map((timeMs) => ({ timeMs, file: dataFileName(node.id, timeMs) })),
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
  };
}

/** Whether `value` has the shape of a metadata checkpoint (guards against foreign files). */
export function isCheckpointMetadata(value: unknown): value is CheckpointMetadata {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'dstream-ts metadata checkpoint'
  );
}
