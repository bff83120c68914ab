/** Port of Spark's CheckpointWriter (streaming/.../Checkpoint.scala): atomic files, newest 10 kept. */
import type { DStreamNode } from '../dstream/dstream-node.js';
import { forgetRestoredFile, type CheckpointMetadata } from './checkpoint.js';
import { encodeCheckpointFile } from './checkpoint-file-format.js';
import {
  checkpointFileName,
  dataFileName,
  listCheckpointFiles,
  listFileNames,
  removeFile,
  writeFileAtomically,
} from './checkpoint-files.js';
import type { CheckpointSerializer } from './serializer.js';

/** Spark keeps the newest 10 checkpoint files. */
const RETAINED_CHECKPOINTS = 10;

/**
 * Writes data checkpoints (one file per checkpointed RDD) and metadata checkpoints into one
 * directory, and deletes what no retained checkpoint refers to any more.
 */
export class CheckpointWriter {
  readonly #dir: string;
  readonly #serializer: CheckpointSerializer;
  /** For each checkpoint file this process knows: the data files it refers to. */
  readonly #references = new Map<string, ReadonlySet<string>>();

  constructor(dir: string, serializer: CheckpointSerializer) {
    this.#dir = dir;
    this.#serializer = serializer;
  }

  /** Write the data of `node`'s RDD at `timeMs` (already materialised). */
  async writeData(node: DStreamNode<unknown>, timeMs: number): Promise<void> {
    const rdd = node.generatedRDDs.get(timeMs);
    if (rdd === undefined) return;
    const bytes = this.#serializer.serialize(node.encodeCheckpoint(rdd));
    await writeFileAtomically(
      this.#dir,
      dataFileName(node.id, timeMs),
      encodeCheckpointFile(bytes, this.#serializer.name),
    );
    forgetRestoredFile(node, timeMs);
  }

  /** Write a metadata checkpoint, then delete files no retained checkpoint needs. */
  async writeMetadata(checkpoint: CheckpointMetadata): Promise<void> {
    const name = checkpointFileName(checkpoint.checkpointTimeMs);
    const bytes = this.#serializer.serialize(checkpoint);
    await writeFileAtomically(this.#dir, name, encodeCheckpointFile(bytes, this.#serializer.name));
    this.remember(name, checkpoint);
    await this.#deleteOldFiles();
  }

  /** Record which data files a checkpoint (written or recovered) refers to. */
  remember(name: string, checkpoint: CheckpointMetadata): void {
    this.#references.set(
      name,
      new Set(checkpoint.streams.flatMap((s) => s.data.map((d) => d.file))),
    );
  }

  async #deleteOldFiles(): Promise<void> {
    const files = await listCheckpointFiles(this.#dir);
    const retained = files.slice(-RETAINED_CHECKPOINTS);
    for (const old of files.slice(0, -RETAINED_CHECKPOINTS)) {
      await removeFile(this.#dir, old);
      this.#references.delete(old);
    }
    // Delete data files only when every retained checkpoint's references are known (after a
    // restart, older retained checkpoints are unknown until they roll out of the newest 10).
    if (!retained.every((name) => this.#references.has(name))) return;
    const needed = new Set<string>();
    for (const name of retained)
      for (const file of this.#references.get(name) ?? []) needed.add(file);
    for (const entry of await listFileNames(this.#dir)) {
      if (entry.startsWith('rdd-') && !needed.has(entry)) await removeFile(this.#dir, entry);
    }
  }
}
