/**
 * The record readers of the file streams: what Spark gets from Hadoop's `TextInputFormat` and
 * `FixedLengthBinaryInputFormat`, and the whole-file record of `fileStream`.
 */
import { requireArgument } from '../errors.js';
import type { Pair } from '../rdd/pair.js';
import type { FileRecordReader } from './file-records-rdd.js';
import { splitLines } from './line-splitter.js';

/**
 * One record per file: `[path, contents]` (the record of `fileStream`).
 *
 * @example
 * ```ts
 * [...wholeFileReader('/in/a.txt', Buffer.from('hi'))]; // [['/in/a.txt', <Buffer 68 69>]]
 * ```
 */
export const wholeFileReader: FileRecordReader<Pair<string, Buffer>> = (path, contents) => [
  [path, contents],
];

/**
 * The UTF-8 lines of a file, ended by `\n`, `\r` or `\r\n` (Hadoop's `TextInputFormat`).
 *
 * @example
 * ```ts
 * [...lineReader('/in/a.txt', Buffer.from('a\r\nb'))]; // ['a', 'b']
 * ```
 */
export const lineReader: FileRecordReader<string> = (_path, contents) => splitLines(contents);

/**
 * Return a reader cutting a file into records of `recordLength` bytes (Hadoop's
 * `FixedLengthBinaryInputFormat` followed by `binaryRecordsStream`'s length check).
 *
 * @throws {@link IllegalArgumentError} when reading a file whose length is not a multiple of
 * `recordLength`: `"requirement failed: Byte array does not have correct length. <n> did not
 * equal recordLength: <recordLength>"`, `<n>` being the length of the truncated last record.
 * @example
 * ```ts
 * [...fixedLengthReader(2)('/in/a.bin', Buffer.from([1, 2, 3, 4]))]; // [<Buffer 01 02>, <Buffer 03 04>]
 * ```
 */
// Differs from Spark: Hadoop's reader fails on a truncated last record with an EOFException before
// binaryRecordsStream's own length check can; here that check reports it, with Spark's message.
export function fixedLengthReader(recordLength: number): FileRecordReader<Buffer> {
  return function* (_path, contents) {
    for (let start = 0; start < contents.length; start += recordLength) {
      const record = contents.subarray(start, start + recordLength);
      requireArgument(
        record.length === recordLength,
        `Byte array does not have correct length. ${record.length} did not equal recordLength: ${recordLength}`,
      );
      // A copy, as Spark's `copyBytes()`: a record must not keep the whole file's buffer alive.
      yield Buffer.from(record);
    }
  };
}
