/**
 * Port of the writing half of Spark's CheckpointWriter (streaming/.../Checkpoint.scala): each
 * file is written atomically and tried up to 3 times; a checkpoint directory that vanished is
 * created again (Hadoop's `create` makes missing parents, so Spark's writer does the same).
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../scheduler/logger.js';
import { encodeCheckpointFile } from './checkpoint-file-format.js';
import { writeAndSync, writeFileAtomically, type WriteNewFile } from './checkpoint-files.js';
import type { CheckpointSerializer } from './serializer.js';

/** Spark's `CheckpointWriter.MAX_ATTEMPTS`. */
const MAX_ATTEMPTS = 3;

/** Writes checkpoint files into one directory. */
export class CheckpointWriter {
  readonly dir: string;
  readonly #serializer: CheckpointSerializer;
  readonly #logger: Logger;
  readonly #writeNewFile: WriteNewFile;

  constructor(
    dir: string,
    serializer: CheckpointSerializer,
    logger: Logger,
    writeNewFile: WriteNewFile = writeAndSync,
  ) {
    this.dir = dir;
    this.#serializer = serializer;
    this.#logger = logger;
    this.#writeNewFile = writeNewFile;
  }

  /** Serialize `value` into a checkpoint file's bytes (throws if the serializer cannot). */
  encode(value: unknown): Buffer {
    return encodeCheckpointFile(this.#serializer.serialize(value), this.#serializer.name);
  }

  /**
   * Write `bytes` to `name`, trying up to 3 times (each failed attempt is logged); throws the
   * last attempt's error when all failed.
   */
  async write(name: string, bytes: Uint8Array): Promise<void> {
    // Differs from Spark: an existing file of the same name is replaced by the atomic rename, not
    // first moved to `<name>.bk`; files are checksummed and retention keeps older batch times, so
    // recovery falls back to an older checkpoint where Spark would read the backup.
    let lastError: unknown;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        await writeFileAtomically(this.dir, name, bytes, this.#writeNewFile);
        return;
      } catch (error) {
        lastError = error;
        this.#logger.warn(
          `Error in attempt ${attempt} of writing checkpoint to '${join(this.dir, name)}': ${messageOf(error)}`,
        );
        await this.#createDirectoryIfMissing();
      }
    }
    throw lastError;
  }

  async #createDirectoryIfMissing(): Promise<void> {
    try {
      await stat(this.dir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return;
    }
    try {
      await mkdir(this.dir, { recursive: true });
      this.#logger.warn(
        `The checkpoint directory ${this.dir} had vanished and was created again; the checkpoints it held are lost`,
      );
    } catch (error) {
      this.#logger.warn(
        `Could not create the checkpoint directory ${this.dir}: ${messageOf(error)}`,
      );
    }
  }
}

/** An error's message (`String(error)` for non-errors). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
