/** Naming and atomic writing of checkpoint files (Spark's Checkpoint.scala file rules). */
import { open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

const CHECKPOINT_NAME = /^checkpoint-(\d+)(\.bk)?$/;

/** Spark's graph checkpoint file name for a checkpoint time. */
export function checkpointFileName(timeMs: number): string {
  return `checkpoint-${timeMs}`;
}

/** The name of the data checkpoint of one stream's RDD at one batch time. */
export function dataFileName(streamId: number, timeMs: number): string {
  return `rdd-${streamId}-${timeMs}`;
}

/**
 * Return the checkpoint files of `dir`, oldest first (a `.bk` before its main file). Directories
 * whose names match are not checkpoint files (Spark's SPARK-28912).
 */
export async function listCheckpointFiles(dir: string): Promise<string[]> {
  return (await listFileNames(dir))
    .map((name) => ({ name, match: CHECKPOINT_NAME.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .sort((a, b) => {
      const byTime = Number(a.match[1]) - Number(b.match[1]);
      if (byTime !== 0) return byTime;
      return (b.match[2] === undefined ? 0 : 1) - (a.match[2] === undefined ? 0 : 1);
    })
    .map((entry) => entry.name);
}

/** The names of the entries of `dir` that are not directories; none if `dir` cannot be read. */
export async function listFileNames(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((entry) => !entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
}

/**
 * Write `bytes` to `dir/name` so that a crash leaves either the old file or the new one: write a
 * temporary file, fsync it, rename it over the target, fsync the directory.
 */
export async function writeFileAtomically(
  dir: string,
  name: string,
  bytes: Uint8Array,
): Promise<void> {
  const temp = join(dir, `.${name}.tmp`);
  const file = await open(temp, 'w');
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, join(dir, name));
  const directory = await open(dir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/** Delete `dir/name` if it exists. */
export async function removeFile(dir: string, name: string): Promise<void> {
  await rm(join(dir, name), { force: true });
}
