/**
 * Port of the line splitting of Hadoop's LineReader and Java's `BufferedReader.readLine`, which
 * Spark's text inputs (socketTextStream, textFileStream) rely on.
 */

/**
 * Cuts UTF-8 bytes, given in chunks, into lines ended by `\n`, `\r` or `\r\n` (the terminator is
 * dropped). A `\r\n` split across two chunks ends one line, and a multi-byte character split
 * across chunks is decoded whole. A byte-order mark at the very start is skipped.
 *
 * @example
 * ```ts
 * const splitter = new LineSplitter();
 * splitter.push(Buffer.from('a\r')); // ['a']
 * splitter.push(Buffer.from('\nb')); // []
 * splitter.end(); // ['b']
 * ```
 */
export class LineSplitter {
  readonly #decoder = new TextDecoder('utf-8');
  #pending = '';
  #afterCR = false;

  /** Return the lines that `chunk` completes. */
  push(chunk: Uint8Array): string[] {
    return this.#split(this.#pending + this.#decoder.decode(chunk, { stream: true }));
  }

  /** Return the last line if it had no terminator (and nothing otherwise). */
  end(): string[] {
    const rest = this.#pending + this.#decoder.decode();
    this.#pending = '';
    this.#afterCR = false;
    return rest === '' ? [] : [rest];
  }

  #split(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 && this.#afterCR && i === start) {
        // The \n of a \r\n split across chunks.
        start = i + 1;
        this.#afterCR = false;
        continue;
      }
      this.#afterCR = false;
      if (c === 10 || c === 13) {
        lines.push(text.slice(start, i));
        if (c === 13) {
          if (i + 1 < text.length && text.charCodeAt(i + 1) === 10) i++;
          else this.#afterCR = i + 1 === text.length;
        }
        start = i + 1;
      }
    }
    this.#pending = text.slice(start);
    return lines;
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
