/**
 * Restoring a context from a metadata checkpoint: the graph was rebuilt by the application's
 * setup function; this checks it is the graph that wrote the checkpoint (or that every stateful
 * operator can be matched by name) and loads the checkpointed RDDs into their streams.
 */
import {
  forgetRestoredFile,
  recordRestoredFile,
  type CheckpointMetadata,
  type StreamCheckpoint,
} from '../checkpoint/checkpoint.js';
import { readCheckpointFile } from '../checkpoint/checkpoint-reader.js';
import type { CheckpointSerializer } from '../checkpoint/serializer.js';
import type { DStreamGraph } from '../dstream/dstream-graph.js';
import type { DStreamNode } from '../dstream/dstream-node.js';
import { CheckpointError } from '../errors.js';
import type { Duration } from '../time/duration.js';

/** Spark's NotSerializableException text for a queue stream in a recovered graph. */
const QUEUE_STREAM_MESSAGE =
  "queueStream doesn't support checkpointing. Please don't use queueStream when checkpointing is enabled.";

/**
 * Check that `graph` can take over `checkpoint`'s state. Throws a CheckpointError naming what
 * does not match (a later, older checkpoint would not match either).
 */
export function matchGraph(
  graph: DStreamGraph,
  batchDuration: Duration,
  checkpoint: CheckpointMetadata,
): Map<StreamCheckpoint, DStreamNode<unknown>> {
  if (checkpoint.batchDurationMs !== batchDuration.milliseconds) {
    throw new CheckpointError(
      `The checkpoint was written with a batch duration of ${checkpoint.batchDurationMs} ms, but the context created now has ${batchDuration}. Use the same batch duration, or a new checkpoint directory.`,
    );
  }
  if (graph.inputs.some((input) => !input.replayable))
    throw new CheckpointError(QUEUE_STREAM_MESSAGE);
  const streams = graph.reachableStreams();
  const sameGraph = sameStrings(graph.fingerprint(), checkpoint.fingerprint);
  const matched = new Map<StreamCheckpoint, DStreamNode<unknown>>();
  for (const entry of checkpoint.streams) {
    const node = sameGraph
      ? streams.find((s) => s.checkpointKey === entry.key)
      : entry.named
        ? findNamed(streams, entry)
        : undefined;
    if (node === undefined) {
      throw new CheckpointError(
        entry.named
          ? `The checkpoint holds the state of the operator named '${entry.key}' (${entry.className}), but the DStream graph built now has no stateful operator with that name. Keep the name, or start from a new checkpoint directory.`
          : `The DStream graph has changed since the checkpoint was written, and the stateful operator ${entry.key} has no name, so its state cannot be matched. Name stateful operators with .name(...) to keep their state across graph changes, or start from a new checkpoint directory.`,
      );
    }
    if (node.className !== entry.className) {
      throw new CheckpointError(
        `The operator '${entry.key}' was a ${entry.className} when the checkpoint was written and is now a ${node.className}; its state cannot be restored.`,
      );
    }
    matched.set(entry, node);
  }
  return matched;
}

/** Load every checkpointed RDD of `matched` streams; throws if a data file is unreadable. */
export async function restoreData(
  dir: string,
  matched: ReadonlyMap<StreamCheckpoint, DStreamNode<unknown>>,
  serializers: readonly CheckpointSerializer[],
): Promise<void> {
  for (const [entry, node] of matched) {
    for (const { timeMs, file } of entry.data) {
      node.restoreCheckpoint(timeMs, await readCheckpointFile(dir, file, serializers));
      recordRestoredFile(node, timeMs, file);
    }
  }
}

/** Forget restored RDDs after a failed attempt, before trying an older checkpoint. */
export function forgetRestoredData(graph: DStreamGraph): void {
  for (const node of graph.reachableStreams()) {
    for (const time of node.checkpointedTimes) node.generatedRDDs.delete(time);
    node.checkpointedTimes.clear();
    forgetRestoredFile(node);
  }
}

/**
 * The stream named like the checkpoint's `entry`, preferring one of the same class (a mapWithState
 * stream shares its name with its state stream). Not filtered on `checkpointDuration`: before
 * start, a stateful operator with the default interval has none yet.
 */
function findNamed(
  streams: readonly DStreamNode<unknown>[],
  entry: StreamCheckpoint,
): DStreamNode<unknown> | undefined {
  const named = streams.filter((s) => s.name === entry.key);
  return named.find((s) => s.className === entry.className) ?? named[0];
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
