/**
 * The files of `saveAsObjectFile`, `sc.objectFile` and `rdd.checkpoint()`: a directory with one
 * `part-NNNNN` file per partition, each the partition's elements as one array in Node's
 * structured-clone format (`v8.serialize`, as the default checkpoint serializer writes), so
 * `Map`, `Set`, `Date`, `bigint`, typed arrays, `undefined` and nested tuples round-trip exactly.
 * Differs from Spark: Spark writes a Hadoop SequenceFile of Java-serialised arrays of 10 elements.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { SparkError } from '../errors.js';
import { prepareOutputDirectory } from './output-directory.js';
import type { RDDNode } from './rdd-node.js';
import { runTask } from './task-context.js';

/** Spark's part file name: `part-00000`. */
export function partFileName(partition: number): string {
  return `part-${String(partition).padStart(5, '0')}`;
}

/** The bytes of one partition. */
export function encodePartition(items: readonly unknown[]): Uint8Array {
  return serialize(items);
}

/** The elements of one partition file. */
export function decodePartition(bytes: Uint8Array, path: string): unknown[] {
  const items = deserialize(bytes) as unknown;
  if (!Array.isArray(items)) throw new SparkError(`Invalid object file: ${path}`);
  return items;
}

/**
 * Write `rdd` to `path` synchronously (a checkpoint is written inside a job), each partition
 * computed by a task; return the partitions.
 */
export function writePartitionsSync<T>(rdd: RDDNode<T>, path: string): (readonly T[])[] {
  mkdirSync(path, { recursive: true });
  const partitions: (readonly T[])[] = [];
  for (let p = 0; p < rdd.numPartitions; p++) {
    const items = runTask((index) => rdd.partition(index), p);
    writeFileSync(join(path, partFileName(p)), encodePartition(items));
    partitions.push(items);
  }
  return partitions;
}

/**
 * Write `rdd` to the directory `path` with a `_SUCCESS` marker (Spark's `saveAsObjectFile`).
 * Fails if `path` exists, unless `overwrite` (streaming outputs re-run after recovery).
 */
export async function saveAsObjectFile(
  rdd: RDDNode<unknown>,
  path: string,
  options: { overwrite?: boolean } = {},
): Promise<void> {
  await prepareOutputDirectory(path, options);
  for (let p = 0; p < rdd.numPartitions; p++) {
    const items = runTask((index) => rdd.partition(index), p);
    await writeFile(join(path, partFileName(p)), encodePartition(items));
  }
  await writeFile(join(path, '_SUCCESS'), '');
}

/** The part files of an object-file directory, in partition order. */
export function listPartFiles(path: string): string[] {
  return readdirSync(path)
    .filter((name) => name.startsWith('part-'))
    .sort()
    .map((name) => join(path, name));
}

/** Read one part file. */
export function readPartFile(file: string): unknown[] {
  return decodePartition(readFileSync(file), file);
}
