/** Reading checkpoints back (Spark's CheckpointReader): newest valid file first. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isCheckpointMetadata, type CheckpointMetadata } from './checkpoint.js';
import { decodeCheckpointFile } from './checkpoint-file-format.js';
import { checkpointTimeOf, listCheckpointFiles } from './checkpoint-files.js';
import { jsonSerializer, v8Serializer, type CheckpointSerializer } from './serializer.js';

/** A metadata checkpoint that decoded and validated, with its file name. */
export interface CheckpointCandidate {
  readonly name: string;
  readonly metadata: CheckpointMetadata;
}

/** A checkpoint file that could not be used, and why. */
export interface UnusableFile {
  readonly name: string;
  readonly reason: Error;
}

/**
 * Every metadata checkpoint file of `dir`: the ones that are valid, newest first, and the ones
 * that are not (each also passed to `skipped`).
 */
export async function readCheckpoints(
  dir: string,
  serializers: readonly CheckpointSerializer[],
  skipped: (name: string, reason: Error) => void,
): Promise<{ files: number; valid: CheckpointCandidate[]; unusable: UnusableFile[] }> {
  const names = (await listCheckpointFiles(dir)).reverse();
  const valid: CheckpointCandidate[] = [];
  const unusable: UnusableFile[] = [];
  for (const name of names) {
    try {
      const metadata = await readCheckpointFile(dir, name, serializers);
      if (!isCheckpointMetadata(metadata)) throw new Error('not a metadata checkpoint');
      if (metadata.checkpointTimeMs !== checkpointTimeOf(name)) {
        throw new Error(
          `it holds the checkpoint of ${metadata.checkpointTimeMs} ms, not of the time in its name`,
        );
      }
      valid.push({ name, metadata });
    } catch (error) {
      const reason = error instanceof Error ? error : new Error(String(error));
      unusable.push({ name, reason });
      skipped(name, reason);
    }
  }
  return { files: names.length, valid, unusable };
}

/** Read, verify and deserialize one checkpoint file (metadata or data). */
export async function readCheckpointFile(
  dir: string,
  name: string,
  serializers: readonly CheckpointSerializer[],
): Promise<unknown> {
  return (await readCheckpointFileAndSize(dir, name, serializers)).value;
}

/** Like {@link readCheckpointFile}, with the file's size in bytes. */
export async function readCheckpointFileAndSize(
  dir: string,
  name: string,
  serializers: readonly CheckpointSerializer[],
): Promise<{ value: unknown; bytes: number }> {
  const file = await readFile(join(dir, name));
  const { serializerName, payload } = decodeCheckpointFile(file);
  const serializer = [...serializers, v8Serializer, jsonSerializer].find(
    (s) => s.name === serializerName,
  );
  if (serializer === undefined) {
    throw new Error(
      `written with serializer '${serializerName}', which this context does not have`,
    );
  }
  return { value: serializer.deserialize(payload), bytes: file.length };
}
