/**
 * Restoring a context from a metadata checkpoint: the graph was rebuilt by the application's
 * setup function; this checks it is the graph that wrote the checkpoint (or that every stateful
 * operator can be matched by name) and loads the checkpointed RDDs into their streams.
 */
import type { CheckpointMetadata, StreamCheckpoint } from '../checkpoint/checkpoint.js';
import {
  readCheckpointFileAndSize,
  type CheckpointCandidate,
  type UnusableFile,
} from '../checkpoint/checkpoint-reader.js';
import { checkpointTimeOf } from '../checkpoint/checkpoint-files.js';
import { messageOf } from '../checkpoint/checkpoint-writer.js';
import type { DataCheckpoints } from '../checkpoint/data-checkpoints.js';
import type { CheckpointSerializer } from '../checkpoint/serializer.js';
import type { DStreamGraph } from '../dstream/dstream-graph.js';
import type { DStreamNode } from '../dstream/dstream-node.js';
import { CheckpointError } from '../errors.js';
import type { Logger } from '../scheduler/logger.js';
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

/** A checkpoint file recovery could not use: what is wrong with it, and what it held. */
export interface DamagedFile {
  readonly name: string;
  readonly problem: string;
  readonly held: string;
}

/** What {@link restoreNewest} needs of the context being recovered. */
export interface RecoveryOptions {
  readonly dir: string;
  readonly graph: DStreamGraph;
  readonly batchDuration: Duration;
  readonly serializers: readonly CheckpointSerializer[];
  readonly data: DataCheckpoints;
  readonly logger: Logger;
  /** Give the inputs their positions from `metadata`; throws if that is not possible. */
  readonly restoreInputs: (metadata: CheckpointMetadata) => Promise<void>;
}

/**
 * Restore the newest of `candidates` (newest first) whose every stream's state can be restored:
 * written with no data checkpoint missing, and every data file it refers to read and verified.
 * Each checkpoint passed over is logged with the reason; `unreadable` (the metadata files that did
 * not decode) only counts in the message. Returns the checkpoint restored (`undefined` if none
 * could be), and why each newer one could not be (damaged data files, missing data checkpoints).
 *
 * @throws {@link CheckpointError} when the graph does not match the checkpoints.
 */
export async function restoreNewest(
  candidates: readonly CheckpointCandidate[],
  unreadable: readonly UnusableFile[],
  options: RecoveryOptions,
): Promise<{ restored: CheckpointCandidate | undefined; unusable: DamagedFile[] }> {
  const { logger } = options;
  const damagedData = new Map<string, DamagedFile>();
  const unrestorable: DamagedFile[] = [];
  for (const candidate of candidates) {
    const { name, metadata } = candidate;
    const skip = (problem: string): void => {
      logger.warn(`Skipping checkpoint file ${name}: ${problem}`);
      unrestorable.push({
        name,
        held: `the checkpoint of ${metadata.checkpointTimeMs} ms`,
        problem,
      });
    };
    const matched = matchGraph(options.graph, options.batchDuration, metadata);
    const overdue = metadata.streams.find((stream) => stream.unrestorable === true);
    if (overdue !== undefined) {
      skip(
        `it cannot restore the state of ${label(overdue)}: its data checkpoint due at ${String(overdue.overdueDataMs)} ms had not been written, and the batches since its last one are no longer remembered`,
      );
      continue;
    }
    try {
      await restoreData(options.dir, matched, options.serializers, options.data);
      await options.restoreInputs(metadata);
    } catch (error) {
      forgetRestoredData(options.graph, options.data);
      if (!(error instanceof DamagedDataFiles)) {
        skip(`its data could not be restored (${String(error)})`);
        continue;
      }
      const [one, ...more] = error.files;
      logger.warn(
        more.length === 0 && one !== undefined
          ? `Skipping checkpoint file ${name}: its data file ${one.name} (${one.held}) could not be read: ${one.problem}`
          : `Skipping checkpoint file ${name}: its data files could not be read: ${error.files.map((f) => `${f.name} (${f.held}): ${f.problem}`).join('; ')}`,
      );
      for (const file of error.files) damagedData.set(file.name, file);
      continue;
    }
    const newest = candidates[0]?.name ?? name;
    if (name !== newest || unreadable.some((u) => isNewer(u.name, metadata))) {
      logger.warn(
        `Recovering from ${name}, the newest checkpoint that restores every stream, in place of the newer files skipped above: batches from ${metadata.checkpointTimeMs} ms on run again`,
      );
    }
    return { restored: candidate, unusable: [...unrestorable, ...damagedData.values()] };
  }
  return { restored: undefined, unusable: [...unrestorable, ...damagedData.values()] };
}

function isNewer(name: string, than: CheckpointMetadata): boolean {
  return (checkpointTimeOf(name) ?? 0) > than.checkpointTimeMs;
}

/** The metadata checkpoint files that did not decode, as damaged files. */
export function damagedMetadataFiles(unreadable: readonly UnusableFile[]): DamagedFile[] {
  return unreadable.map(({ name, reason }) => ({
    name,
    problem: reason.message,
    held: `the checkpoint of ${String(checkpointTimeOf(name))} ms`,
  }));
}

/** The error message of a recovery that found no checkpoint to restore. */
export function describeDamage(dir: string, unusable: readonly DamagedFile[]): string {
  const base = `Failed to read checkpoint from directory ${dir}`;
  if (unusable.length === 0) return base;
  const files = unusable.map((d) => `${d.name} (${d.held}): ${d.problem}`).join('; ');
  return `${base}: no checkpoint in it can be restored. ${files}`;
}

/** A data file that could not be read while restoring a checkpoint. */
class DamagedDataFiles extends Error {
  readonly files: readonly DamagedFile[];

  constructor(files: readonly DamagedFile[]) {
    super(files.map((f) => `${f.name}: ${f.problem}`).join('; '));
    this.files = files;
  }
}

/**
 * Load every checkpointed RDD of `matched` streams; throws DamagedDataFiles naming every data file
 * that could not be read (all are read, so that each damaged one is reported).
 */
async function restoreData(
  dir: string,
  matched: ReadonlyMap<StreamCheckpoint, DStreamNode<unknown>>,
  serializers: readonly CheckpointSerializer[],
  data: DataCheckpoints,
): Promise<void> {
  const damaged: DamagedFile[] = [];
  for (const [entry, node] of matched) {
    for (const { timeMs, file } of entry.data) {
      let read: { value: unknown; bytes: number };
      try {
        read = await readCheckpointFileAndSize(dir, file, serializers);
      } catch (error) {
        const held = `the state of ${label(entry)} at ${timeMs} ms`;
        damaged.push({ name: file, held, problem: messageOf(error) });
        continue;
      }
      node.restoreCheckpoint(timeMs, read.value);
      data.due(node, timeMs);
      data.stored(node, timeMs, { file, bytes: read.bytes });
    }
    // Still missing: the recovered context writes it with its first batch.
    if (entry.overdueDataMs !== undefined) data.due(node, entry.overdueDataMs);
  }
  if (damaged.length > 0) throw new DamagedDataFiles(damaged);
}

/** Forget restored RDDs after a failed attempt, before trying an older checkpoint. */
function forgetRestoredData(graph: DStreamGraph, data: DataCheckpoints): void {
  for (const node of graph.reachableStreams()) {
    for (const time of node.checkpointedTimes) node.generatedRDDs.delete(time);
    node.checkpointedTimes.clear();
  }
  data.clear();
}

/** How messages name a checkpointed stream: `'totals' (StateDStream)` or `StateDStream[2]`. */
function label(entry: StreamCheckpoint): string {
  return entry.named ? `'${entry.key}' (${entry.className})` : entry.key;
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
