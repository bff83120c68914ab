/**
 * Which checkpoint files to keep (Spark's newest-10 rule, Checkpoint.scala), made safe: only files
 * this library wrote are counted or deleted, the newest checkpoint that can restore every stream is
 * always kept with its data files, and checkpoints of an abandoned history are removed.
 */
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../scheduler/logger.js';
import { isCheckpointMetadata, isRecoverable, type CheckpointMetadata } from './checkpoint.js';
import { CHECKPOINT_MAGIC } from './checkpoint-file-format.js';
import {
  checkpointTimeOf,
  isDataFileName,
  isTemporaryFileName,
  removeFile,
} from './checkpoint-files.js';
import { readCheckpointFile } from './checkpoint-reader.js';
import { messageOf } from './checkpoint-writer.js';
import type { CheckpointSerializer } from './serializer.js';

// Differs from Spark: Spark counts (and deletes) every file named like a checkpoint, `.bk` backups
// included, so about 5 batch times; here only this library's files, one per batch time, and the
// newest one that restores every stream is kept beyond the 10.
/** Spark keeps the newest 10 checkpoint files. */
const RETAINED_CHECKPOINTS = 10;

/** A metadata checkpoint file this library wrote. */
interface OwnCheckpoint {
  readonly timeMs: number;
  readonly references: ReadonlySet<string>;
  readonly recoverable: boolean;
  /** Order of writing in this process; found files (earlier processes) have -1. */
  readonly sequence: number;
}

/**
 * Keeps the newest 10 metadata checkpoints this library wrote, plus the newest recoverable one,
 * and the data files they refer to. Files it did not write (names that look like checkpoints but
 * do not decode, or whose contents are of another time) are left alone and reported once.
 */
export class CheckpointRetention {
  readonly #dir: string;
  readonly #serializers: readonly CheckpointSerializer[];
  readonly #logger: Logger;
  readonly #own = new Map<string, OwnCheckpoint>();
  readonly #ownData = new Set<string>();
  readonly #foreign = new Set<string>();
  readonly #supersededAfterMs: number | undefined;
  /** Files recovery already reported as unusable: not reported again. */
  readonly #reported: ReadonlySet<string>;
  #sequence = 0;

  /**
   * `found.supersededAfterMs`: found checkpoints of a later time describe batches this context
   * runs again (it recovered from an older checkpoint, or started afresh over unusable ones):
   * they are deleted, since recovery would try them before this context's own.
   * `found.reported`: files recovery already reported as unusable.
   */
  constructor(
    dir: string,
    serializers: readonly CheckpointSerializer[],
    logger: Logger,
    found: { supersededAfterMs?: number | undefined; reported?: ReadonlySet<string> } = {},
  ) {
    this.#dir = dir;
    this.#serializers = serializers;
    this.#logger = logger;
    this.#supersededAfterMs = found.supersededAfterMs;
    this.#reported = found.reported ?? new Set();
  }

  /** This process wrote the metadata checkpoint `name`. */
  wroteCheckpoint(name: string, checkpoint: CheckpointMetadata): void {
    this.#own.delete(name);
    this.#foreign.delete(name);
    this.#own.set(name, describe(checkpoint, this.#sequence++));
  }

  /** This process wrote the data checkpoint file `name`. */
  wroteData(name: string): void {
    this.#ownData.add(name);
    this.#foreign.delete(name);
  }

  /** Delete the files no retained checkpoint needs; never throws (failures are logged). */
  async clean(): Promise<void> {
    let names: string[];
    try {
      const entries = await readdir(this.#dir, { withFileTypes: true });
      names = entries.filter((entry) => !entry.isDirectory()).map((entry) => entry.name);
    } catch (error) {
      this.#logger.warn(`Could not list the checkpoint directory ${this.#dir}: ${String(error)}`);
      return;
    }
    const present = new Set(names);
    for (const name of this.#own.keys()) if (!present.has(name)) this.#own.delete(name);
    for (const name of names) await this.#classify(name);
    const after = this.#supersededAfterMs;
    const stale = [...this.#own]
      .filter(([, c]) => after !== undefined && c.sequence < 0 && c.timeMs > after)
      .map(([name]) => name);
    if (stale.length > 0) {
      this.#logger.warn(
        `Deleting ${stale.join(', ')} from ${this.#dir}: checkpoints this context did not recover from, of batches it runs again (recovery would otherwise try them before the new ones)`,
      );
    }
    const ordered = [...this.#own]
      .filter(([name]) => !stale.includes(name))
      .sort(([nameA, a], [nameB, b]) => compareAge(nameA, a, nameB, b));
    const retained = new Set(ordered.slice(-RETAINED_CHECKPOINTS).map(([name]) => name));
    const newestRecoverable = ordered.findLast(([, c]) => c.recoverable);
    if (newestRecoverable !== undefined) retained.add(newestRecoverable[0]);
    const needed = new Set<string>();
    for (const name of retained) {
      for (const file of this.#own.get(name)?.references ?? []) needed.add(file);
    }
    for (const [name] of ordered) if (!retained.has(name)) await this.#delete(name);
    for (const name of stale) await this.#delete(name);
    for (const name of names) {
      if (isTemporaryFileName(name) || (this.#ownData.has(name) && !needed.has(name))) {
        await this.#delete(name);
      }
    }
  }

  /** Sort out a file found in the directory: this library's, or someone else's (reported once). */
  async #classify(name: string): Promise<void> {
    if (this.#own.has(name) || this.#ownData.has(name) || this.#foreign.has(name)) return;
    const timeMs = checkpointTimeOf(name);
    if (timeMs !== undefined) {
      const reason = await this.#readOwnCheckpoint(name, timeMs);
      if (reason !== undefined) this.#ignore(name, reason);
      return;
    }
    if (!isDataFileName(name)) return;
    if (await startsWithMagic(join(this.#dir, name))) this.#ownData.add(name);
    else this.#ignore(name, 'it is not a dstream-ts checkpoint file');
  }

  /** Read a metadata checkpoint written by an earlier process; return why it is not one. */
  async #readOwnCheckpoint(name: string, timeMs: number): Promise<string | undefined> {
    let value: unknown;
    try {
      value = await readCheckpointFile(this.#dir, name, this.#serializers);
    } catch (error) {
      return messageOf(error);
    }
    if (!isCheckpointMetadata(value)) return 'it is not a metadata checkpoint';
    if (value.checkpointTimeMs !== timeMs) {
      return `it holds the checkpoint of ${value.checkpointTimeMs} ms, not of ${timeMs} ms`;
    }
    this.#own.set(name, describe(value, -1));
    for (const file of this.#own.get(name)?.references ?? []) this.#ownData.add(file);
    return undefined;
  }

  #ignore(name: string, reason: string): void {
    this.#foreign.add(name);
    if (this.#reported.has(name)) return;
    this.#logger.warn(
      `Ignoring ${name} in the checkpoint directory ${this.#dir}: ${reason}. Not written by dstream-ts, or damaged: retention neither counts nor deletes it`,
    );
  }

  async #delete(name: string): Promise<void> {
    try {
      await removeFile(this.#dir, name);
      this.#own.delete(name);
      this.#ownData.delete(name);
    } catch (error) {
      this.#logger.warn(`Could not delete old checkpoint file ${name}: ${String(error)}`);
    }
  }
}

function describe(checkpoint: CheckpointMetadata, sequence: number): OwnCheckpoint {
  return {
    timeMs: checkpoint.checkpointTimeMs,
    references: new Set(checkpoint.streams.flatMap((s) => s.data.map((d) => d.file))),
    recoverable: isRecoverable(checkpoint),
    sequence,
  };
}

/**
 * Oldest first: files of earlier processes by time (a `.bk` before its main file, as Spark sorts
 * them), then the files this process wrote, in the order written.
 */
function compareAge(nameA: string, a: OwnCheckpoint, nameB: string, b: OwnCheckpoint): number {
  if (a.sequence >= 0 || b.sequence >= 0) return a.sequence - b.sequence;
  const byTime = a.timeMs - b.timeMs;
  if (byTime !== 0) return byTime;
  return (nameA.endsWith('.bk') ? 0 : 1) - (nameB.endsWith('.bk') ? 0 : 1);
}

async function startsWithMagic(path: string): Promise<boolean> {
  try {
    const file = await open(path, 'r');
    try {
      const { bytesRead, buffer } = await file.read(Buffer.alloc(4), 0, 4, 0);
      return bytesRead === 4 && buffer.readUInt32BE(0) === CHECKPOINT_MAGIC;
    } finally {
      await file.close();
    }
  } catch {
    return false;
  }
}
