/** Port of Spark's NewHadoopRDD (core/.../rdd/NewHadoopRDD.scala), for one local file. */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { RDDContext } from '../rdd/rdd-context.js';
import { RDDNode, type Dependency, type Sink } from '../rdd/rdd-node.js';

/**
 * Turns a file's bytes into records (the part of a Hadoop `InputFormat` that reads records).
 *
 * @example
 * ```ts
 * const csvRows: FileRecordReader<string[]> = (_path, contents) =>
 *   splitLines(contents).map((line) => line.split(','));
 * ```
 */
export type FileRecordReader<T> = (path: string, contents: Buffer) => Iterable<T>;

/**
 * The records of one file, read when a job computes the partition (as Spark's tasks read their
 * splits), never when the batch is generated. The RDD has one partition, or none for a file that
 * was empty when listed, and reads the `length` bytes the file had then: bytes appended later are
 * not part of this batch. An unknown `length` (a file that could not be listed) reads it whole.
 *
 * @example
 * ```ts
 * new RDD(new FileRecordsRDD(sc, '/in/a.txt', 12, lineReader, 'newAPIHadoopFile')).collect();
 * ```
 */
// Differs from Spark: one partition per file; Hadoop cuts files larger than a block into splits.
export class FileRecordsRDD<T> extends RDDNode<T> {
  readonly className = 'NewHadoopRDD';
  readonly dependencies: readonly Dependency[] = [];
  readonly numPartitions: number;
  readonly #path: string;
  readonly #length: number | undefined;
  readonly #reader: FileRecordReader<T>;

  constructor(
    context: RDDContext,
    path: string,
    length: number | undefined,
    reader: FileRecordReader<T>,
    operation: string,
  ) {
    super(context, operation);
    this.#path = path;
    this.#length = length;
    this.#reader = reader;
    this.numPartitions = length === 0 ? 0 : 1;
  }

  protected computeInto(index: number, sink: Sink<T>): void {
    if (index !== 0) return;
    const contents =
      this.#length === undefined ? readFileSync(this.#path) : readPrefix(this.#path, this.#length);
    for (const record of this.#reader(this.#path, contents)) sink(record);
  }
}

/** Read the first `length` bytes of `path` (fewer if it has shrunk since). */
function readPrefix(path: string, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, read);
      if (n === 0) break;
      read += n;
    }
    return read === length ? buffer : buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
