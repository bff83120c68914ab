/** Reading checkpoints back (Spark's CheckpointReader): newest valid file first. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isCheckpointMetadata, type CheckpointMetadata } from './checkpoint.js';
import { decodeCheckpointFile } from './checkpoint-file-format.js';
import { listCheckpointFiles } from './checkpoint-files.js';
import { jsonSerializer, v8Serializer, type CheckpointSerializer } from './serializer.js';

/** A metadata checkpoint that decoded and validated, with its file name. */
export interface CheckpointCandidate {
  readonly name: string;
  readonly metadata: CheckpointMetadata;
}

/** Every checkpoint file of `dir` and the ones that are valid, newest first; bad ones are reported. */
export async function readCheckpoints(
  dir: string,
  serializers: readonly CheckpointSerializer[],
  skipped: (name: string, reason: Error) => void,
): Promise<{ files: number; valid: CheckpointCandidate[]; lastError: Error | undefined }> {
  const names = (await listCheckpointFiles(dir)).reverse();
  const valid: CheckpointCandidate[] = [];
  let lastError: Error | undefined;
  for (const name of names) {
    try {
      const metadata = await readCheckpointFile(dir, name, serializers);
      if (!isCheckpointMetadata(metadata)) throw new Error('not a metadata checkpoint');
      valid.push({ name, metadata });
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error));
      skipped(name, lastError);
    }
  }
  return { files: names.length, valid, lastError };
}

/** Read, verify and deserialize one checkpoint file (metadata or data). */
export async function readCheckpointFile(
  dir: string,
  name: string,
  serializers: readonly CheckpointSerializer[],
): Promise<unknown> {
  const { serializerName, payload } = decodeCheckpointFile(await readFile(join(dir, name)));
  const serializer = [...serializers, v8Serializer, jsonSerializer].find(
    (s) => s.name === serializerName,
  );
  if (serializer === undefined) {
    throw new Error(
      `written with serializer '${serializerName}', which this context does not have`,
    );
  }
  return serializer.deserialize(payload);
}
