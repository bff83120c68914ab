/**
 * Hadoop's TextInputFormat as `sc.textFile` uses it: FileInputFormat's splits and
 * LineRecordReader's lines (lines end at `\n`, `\r` or `\r\n`; a line belongs to the split in
 * which it starts).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { InputFile } from './input-paths.js';

/** A byte range of one file: one partition of `textFile`. */
export interface FileSplit {
  readonly path: string;
  readonly start: number;
  readonly length: number;
}

/** Hadoop's `fs.local.block.size` (32 MB): the largest split of a local file. */
const LOCAL_BLOCK_SIZE = 32 * 1024 * 1024;
/** Hadoop's SPLIT_SLOP: the last split may be up to 10% larger than the others. */
const SPLIT_SLOP = 1.1;

/**
 * Cut `files` into splits as Hadoop's `FileInputFormat.getSplits(job, minPartitions)` does:
 * split size `max(1, min(totalSize / minPartitions, blockSize))`; an empty file is one empty
 * split.
 */
export function fileSplits(files: readonly InputFile[], minPartitions: number): FileSplit[] {
  let totalSize = 0;
  for (const file of files) totalSize += file.size;
  const goalSize = Math.floor(totalSize / Math.max(minPartitions, 1));
  const splitSize = Math.max(1, Math.min(goalSize, LOCAL_BLOCK_SIZE));
  const splits: FileSplit[] = [];
  for (const { path, size } of files) {
    if (size === 0) {
      splits.push({ path, start: 0, length: 0 });
      continue;
    }
    let remaining = size;
    while (remaining / splitSize > SPLIT_SLOP) {
      splits.push({ path, start: size - remaining, length: splitSize });
      remaining -= splitSize;
    }
    if (remaining !== 0) splits.push({ path, start: size - remaining, length: remaining });
  }
  return splits;
}

const LF = 10;
const CR = 13;
const CHUNK = 64 * 1024;

/**
 * Push the lines of `split` into `sink`, as Hadoop's LineRecordReader: a split that does not
 * start the file skips its first (partial) line, which the previous split read past its end; a
 * UTF-8 byte-order mark at the start of the file is skipped.
 */
export function readSplitLines(split: FileSplit, sink: (line: string) => void): void {
  const fd = openSync(split.path, 'r');
  try {
    const end = split.start + split.length;
    const reader = new ByteReader(fd, split.start);
    let position = split.start;
    if (split.start !== 0) {
      position += reader.skipLine();
    } else if (reader.startsWithBom()) {
      position += 3;
    }
    const decoder = new TextDecoder('utf-8');
    while (position <= end) {
      const { line, consumed } = reader.readLine();
      if (consumed === 0) break;
      position += consumed;
      sink(decoder.decode(line));
    }
  } finally {
    closeSync(fd);
  }
}

/** Reads a file from a position in chunks, line by line (bytes, terminators dropped). */
class ByteReader {
  readonly #fd: number;
  #buffer = Buffer.alloc(0);
  #offset = 0;
  #filePosition: number;
  #eof = false;

  constructor(fd: number, position: number) {
    this.#fd = fd;
    this.#filePosition = position;
  }

  startsWithBom(): boolean {
    this.#fill(3);
    const b = this.#buffer;
    const o = this.#offset;
    if (b.length - o >= 3 && b[o] === 0xef && b[o + 1] === 0xbb && b[o + 2] === 0xbf) {
      this.#offset += 3;
      return true;
    }
    return false;
  }

  /** Skip up to and including the next line terminator; return the bytes skipped. */
  skipLine(): number {
    return this.readLine().consumed;
  }

  /** Return the next line's bytes and how many bytes it took (0 at the end of the file). */
  readLine(): { line: Buffer; consumed: number } {
    const parts: Buffer[] = [];
    let consumed = 0;
    for (;;) {
      if (this.#offset >= this.#buffer.length && !this.#fill(1)) break;
      const b = this.#buffer;
      let i = this.#offset;
      while (i < b.length && b[i] !== LF && b[i] !== CR) i++;
      parts.push(b.subarray(this.#offset, i));
      consumed += i - this.#offset;
      if (i === b.length) {
        this.#offset = i;
        continue;
      }
      const terminator = b[i];
      this.#offset = i + 1;
      consumed += 1;
      if (terminator === CR) {
        if (this.#offset >= this.#buffer.length) this.#fill(1);
        if (this.#buffer[this.#offset] === LF) {
          this.#offset += 1;
          consumed += 1;
        }
      }
      return { line: joined(parts), consumed };
    }
    return { line: joined(parts), consumed };
  }

  /** Make at least `n` unread bytes available if the file has them; false at the end. */
  #fill(n: number): boolean {
    while (this.#buffer.length - this.#offset < n && !this.#eof) {
      const chunk = Buffer.alloc(CHUNK);
      const read = readSync(this.#fd, chunk, 0, CHUNK, this.#filePosition);
      if (read === 0) {
        this.#eof = true;
        break;
      }
      this.#filePosition += read;
      this.#buffer = Buffer.concat([this.#buffer.subarray(this.#offset), chunk.subarray(0, read)]);
      this.#offset = 0;
    }
    return this.#buffer.length - this.#offset >= n;
  }
}

/** The pieces of a line as one buffer; most lines lie in one chunk, so no copy is made for them. */
function joined(parts: readonly Buffer[]): Buffer {
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}
