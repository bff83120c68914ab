/**
 * Port of the line splitting of Hadoop's LineReader and Java's `BufferedReader.readLine`, which
 * Spark's text inputs (socketTextStream, textFileStream) rely on.
 */
import { LineTooLongError } from '../errors.js';

/** Options of a {@link LineSplitter}. */
export interface LineSplitterOptions {
  /**
   * The longest line accepted, in characters (UTF-16 code units), terminator excluded; a longer
   * line throws {@link LineTooLongError} as soon as it is longer (default: no limit).
   */
  readonly maxLineLength?: number;
}

/**
 * Cuts UTF-8 bytes, given in chunks, into lines ended by `\n`, `\r` or `\r\n` (the terminator is
 * dropped). A `\r\n` split across two chunks ends one line, and a multi-byte character split
 * across chunks is decoded whole. A byte-order mark at the very start is skipped. Each character
 * is examined once: the text of a line that spans chunks is kept in pieces and joined once, when
 * the line ends, so the work is linear in the input however the line is chunked.
 *
 * @throws {@link LineTooLongError} from `push` or `end` when a line is longer than
 * `maxLineLength`; the splitter must not be used after that.
 * @example
 * ```ts
 * const splitter = new LineSplitter();
 * splitter.push(Buffer.from('a\r')); // ['a']
 * splitter.push(Buffer.from('\nb')); // []
 * splitter.end(); // ['b']
 * ```
 */
export class LineSplitter {
  // Differs from Spark: a leading byte-order mark is dropped for sockets too, where Spark's
  // socketTextStream (Java's InputStreamReader) keeps it as U+FEFF; Hadoop's LineRecordReader,
  // behind textFileStream, drops it, and one splitter serves both.
  readonly #decoder = new TextDecoder('utf-8');
  readonly #maxLineLength: number;
  /** The pieces of the line not ended yet, and their total length. */
  #pending: string[] = [];
  #pendingLength = 0;
  #afterCR = false;
  #scanned = 0;

  constructor(options: LineSplitterOptions = {}) {
    this.#maxLineLength = options.maxLineLength ?? Infinity;
  }

  /** @internal Characters examined so far (the work a test can bound). */
  get scannedCharacters(): number {
    return this.#scanned;
  }

  /**
   * Return the lines that `chunk` completes, appended to `into`. When a line is too long, the
   * lines the chunk completed before it are in `into` when the error is thrown.
   */
  push(chunk: Uint8Array, into: string[] = []): string[] {
    return this.#split(this.#decoder.decode(chunk, { stream: true }), into);
  }

  /** Return the last line if it had no terminator (and nothing otherwise), appended to `into`. */
  end(into: string[] = []): string[] {
    const lines = this.#split(this.#decoder.decode(), into);
    const rest = this.#takePending('');
    this.#afterCR = false;
    if (rest !== '') lines.push(rest);
    return lines;
  }

  #split(text: string, lines: string[]): string[] {
    const length = text.length;
    this.#scanned += length;
    let start = 0;
    // The \n of a \r\n split across chunks (an empty text, e.g. half a character, changes nothing).
    if (this.#afterCR && length > 0) {
      if (text.charCodeAt(0) === 10) start = 1;
      this.#afterCR = false;
    }
    for (let i = start; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.#checkLength(this.#pendingLength + i - start);
      lines.push(this.#takePending(text.slice(start, i)));
      if (c === 13) {
        if (i + 1 === length) this.#afterCR = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    if (start < length) {
      this.#checkLength(this.#pendingLength + length - start);
      this.#pending.push(start === 0 ? text : text.slice(start));
      this.#pendingLength += length - start;
    }
    return lines;
  }

  /** Return the pending pieces followed by `last` as one line, and forget them. */
  #takePending(last: string): string {
    if (this.#pending.length === 0) return last;
    this.#pending.push(last);
    const line = this.#pending.join('');
    this.#pending = [];
    this.#pendingLength = 0;
    return line;
  }

  #checkLength(lineLength: number): void {
    if (lineLength > this.#maxLineLength) throw new LineTooLongError(this.#maxLineLength);
  }
}

/**
 * Return the lines of a whole UTF-8 text (Hadoop's `TextInputFormat` values): ended by `\n`, `\r`
 * or `\r\n`, the last line kept even without a terminator, no line for an empty text.
 *
 * @example
 * ```ts
 * splitLines(Buffer.from('a\r\nb\rc\n')); // ['a', 'b', 'c']
 * ```
 */
export function splitLines(bytes: Uint8Array): string[] {
  const splitter = new LineSplitter();
  const lines = splitter.push(bytes);
  for (const last of splitter.end()) lines.push(last);
  return lines;
}
