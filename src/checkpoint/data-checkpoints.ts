/**
 * Which data checkpoint files are on disk for each stream that checkpoints its RDDs (Spark's
 * `DStreamCheckpointData.currentCheckpointFiles`), and whether a due one is missing. A metadata
 * checkpoint refers only to files recorded here: written completely (fsynced and renamed) or
 * read back on recovery, and found again, with their size, before each metadata write.
 */
import type { DStreamNode } from '../dstream/dstream-node.js';

/** A data checkpoint file and its size in bytes when it was written or read. */
export interface DataFile {
  readonly file: string;
  readonly bytes: number;
}

interface StreamFiles {
  readonly files: Map<number, DataFile>;
  /** The newest batch time whose RDD was due for a data checkpoint. */
  lastDueMs: number | undefined;
}

/** The data checkpoint files of a context's streams. */
export class DataCheckpoints {
  readonly #streams = new Map<DStreamNode<unknown>, StreamFiles>();

  /** `node`'s RDD at `timeMs` was due for a data checkpoint (its interval came round). */
  due(node: DStreamNode<unknown>, timeMs: number): void {
    const entry = this.#entry(node);
    if (entry.lastDueMs === undefined || timeMs > entry.lastDueMs) entry.lastDueMs = timeMs;
  }

  /** `node`'s RDD at `timeMs` is on disk in `file` (written, or read on recovery). */
  stored(node: DStreamNode<unknown>, timeMs: number, file: DataFile): void {
    this.#entry(node).files.set(timeMs, file);
  }

  /** `node`'s file of `timeMs` is gone (deleted or damaged): no checkpoint may refer to it. */
  lost(node: DStreamNode<unknown>, timeMs: number): void {
    this.#streams.get(node)?.files.delete(timeMs);
  }

  /**
   * `node`'s files, oldest first, for the RDDs it still remembers (files of forgotten RDDs are
   * dropped here, as Spark keeps the files of the remembered RDDs only).
   */
  files(node: DStreamNode<unknown>): [timeMs: number, file: DataFile][] {
    const entry = this.#streams.get(node);
    if (entry === undefined) return [];
    for (const timeMs of entry.files.keys()) {
      if (!node.generatedRDDs.has(timeMs)) entry.files.delete(timeMs);
    }
    return [...entry.files].sort((a, b) => a[0] - b[0]);
  }

  /**
   * The batch time of `node`'s newest due data checkpoint when no file at or after it is on
   * disk: the stream's state cannot be restored from what is on disk until one is written.
   */
  overdueSince(node: DStreamNode<unknown>): number | undefined {
    const entry = this.#streams.get(node);
    const due = entry?.lastDueMs;
    if (entry === undefined || due === undefined) return undefined;
    for (const timeMs of entry.files.keys()) if (timeMs >= due) return undefined;
    return due;
  }

  /** Every stream with a due or stored data checkpoint. */
  streams(): DStreamNode<unknown>[] {
    return [...this.#streams.keys()];
  }

  /** Forget everything (a recovery attempt failed; an older checkpoint is tried). */
  clear(): void {
    this.#streams.clear();
  }

  #entry(node: DStreamNode<unknown>): StreamFiles {
    let entry = this.#streams.get(node);
    if (entry === undefined) {
      entry = { files: new Map(), lastDueMs: undefined };
      this.#streams.set(node, entry);
    }
    return entry;
  }
}
