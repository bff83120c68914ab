/** Naming and atomic writing of checkpoint files (Spark's Checkpoint.scala file rules). */
import { open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

const CHECKPOINT_NAME = /^checkpoint-(\d+)(\.bk)?$/;
const DATA_NAME = /^rdd-(\d+)-(\d+)$/;
const TEMP_NAME = /^\.(?:checkpoint-\d+(?:\.bk)?|rdd-\d+-\d+)\.tmp$/;

/** Spark's graph checkpoint file name for a checkpoint time. */
export function checkpointFileName(timeMs: number): string {
  return `checkpoint-${timeMs}`;
}

/** The name of the data checkpoint of one stream's RDD at one batch time. */
export function dataFileName(streamId: number, timeMs: number): string {
  return `rdd-${streamId}-${timeMs}`;
}

/** The batch time in a metadata checkpoint file's name, or `undefined` for other names. */
export function checkpointTimeOf(name: string): number | undefined {
  const match = CHECKPOINT_NAME.exec(name);
  return match === null ? undefined : Number(match[1]);
}

/** Whether `name` is a data checkpoint file's name (`rdd-<streamId>-<ms>`). */
export function isDataFileName(name: string): boolean {
  return DATA_NAME.test(name);
}

/** Whether `name` is the temporary name a checkpoint file is written under before its rename. */
export function isTemporaryFileName(name: string): boolean {
  return TEMP_NAME.test(name);
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
 * Write `bytes` to a new file at `path` and flush it to disk. The one place checkpoint files are
 * written; a context can be given another (internal) to inject faults a local disk cannot produce
 * on demand, such as ENOSPC.
 */
export type WriteNewFile = (path: string, bytes: Uint8Array) => Promise<void>;

/** Write and fsync `path` through Node's file system. */
export const writeAndSync: WriteNewFile = async (path, bytes) => {
  const file = await open(path, 'w');
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
};

/**
 * Write `bytes` to `dir/name` so that a crash leaves either the old file or the new one: write a
 * temporary file, fsync it, rename it over the target, fsync the directory.
 */
export async function writeFileAtomically(
  dir: string,
  name: string,
  bytes: Uint8Array,
  writeNewFile: WriteNewFile = writeAndSync,
): Promise<void> {
  const temp = join(dir, `.${name}.tmp`);
  try {
    await writeNewFile(temp, bytes);
    await rename(temp, join(dir, name));
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
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
