/**
 * bytesToLines (spec §5.4): the converter of socketTextStream decodes UTF-8 and splits lines as
 * Java's `BufferedReader.readLine` does — `\n`, `\r` or `\r\n` end a line, the terminator is
 * dropped, a last line without terminator is emitted at the end — whatever the chunking of the
 * bytes on the wire.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToLines } from '../../../src/index.js';

async function* chunksOf(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) {
    await Promise.resolve();
    yield chunk;
  }
}

async function linesOf(chunks: readonly (string | Buffer)[]): Promise<string[]> {
  const lines: string[] = [];
  const buffers = chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c));
  for await (const line of bytesToLines(chunksOf(buffers))) lines.push(line);
  return lines;
}

/** The bytes of `text`, cut before each offset in `cuts`. */
function cutBytes(text: string, cuts: readonly number[]): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const offsets = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const offset of offsets) {
    chunks.push(bytes.subarray(start, offset));
    start = offset;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/**
 * The reference: split the whole text at every terminator and drop the empty string after a
 * final terminator (readLine returns no line after it). A byte-order mark at the very start is
 * dropped, as the shared LineSplitter documents (Java's reader would keep it as U+FEFF).
 */
function referenceLines(text: string): string[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

describe('bytesToLines', () => {
  it('splits at \\n, \\r and \\r\\n within one chunk and drops the terminators', async () => {
    expect(await linesOf(['a\nb\rc\r\nd\n'])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('joins a line split across chunks', async () => {
    expect(await linesOf(['hel', 'lo wor', 'ld\nsec', 'ond\n'])).toEqual(['hello world', 'second']);
  });

  it('treats a \\r\\n split across two chunks as one terminator', async () => {
    expect(await linesOf(['one\r', '\ntwo\r', '\n'])).toEqual(['one', 'two']);
  });

  it('treats a \\r\\n split across chunks with an empty chunk between as one terminator', async () => {
    expect(await linesOf(['one\r', '', '\ntwo\n'])).toEqual(['one', 'two']);
  });

  it('ends a line at a \\r alone, at the end of a chunk or not', async () => {
    expect(await linesOf(['a\rb\r', 'c\r'])).toEqual(['a', 'b', 'c']);
  });

  it('ends a line at a \\n alone, also at the start of a chunk', async () => {
    expect(await linesOf(['a', '\nb', '\n'])).toEqual(['a', 'b']);
  });

  it('keeps empty lines: \\n\\n, \\r\\r, \\r\\r\\n and a leading terminator', async () => {
    expect(await linesOf(['\na\n\nb\r\rc\r\r\nd\n'])).toEqual(['', 'a', '', 'b', '', 'c', '', 'd']);
    expect(await linesOf(['\r', '\r', '\n', '\n'])).toEqual(['', '', '']);
  });

  it('decodes a multi-byte UTF-8 character split across chunks', async () => {
    const bytes = Buffer.from('café 😀\nü\n', 'utf8');
    // 'é' is 2 bytes (offsets 3-4), '😀' 4 bytes (offsets 6-9): cut inside both, byte by byte.
    const chunks = [bytes.subarray(0, 4), bytes.subarray(4, 7), bytes.subarray(7, 8)];
    chunks.push(bytes.subarray(8, 9), bytes.subarray(9, 12), bytes.subarray(12));
    expect(await linesOf(chunks)).toEqual(['café 😀', 'ü']);
  });

  it('emits a last line without terminator at the end of the stream', async () => {
    expect(await linesOf(['a\nlast'])).toEqual(['a', 'last']);
    expect(await linesOf(['a\nla', 'st'])).toEqual(['a', 'last']);
  });

  it('emits no extra line after a final terminator, and none for no bytes', async () => {
    expect(await linesOf(['a\r'])).toEqual(['a']);
    expect(await linesOf(['a\r\n'])).toEqual(['a']);
    expect(await linesOf([])).toEqual([]);
    expect(await linesOf(['', ''])).toEqual([]);
  });

  it('replaces a truncated character at the end of the stream with U+FFFD', async () => {
    const euro = Buffer.from('€', 'utf8');
    expect(await linesOf([Buffer.from('x\n'), euro.subarray(0, 2)])).toEqual(['x', '\uFFFD']);
  });

  it('property: for any text and any chunking, the lines equal a reference split', async () => {
    const piece = fc.oneof(
      fc.constantFrom('\n', '\r', '\r\n', '\r\r', '\n\r', 'é', '€', '😀', ' '),
      fc.string({ unit: 'binary', maxLength: 6 }),
    );
    const text = fc.array(piece, { maxLength: 20 }).map((pieces) => pieces.join(''));
    const cuts = fc.array(fc.nat(), { maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(text, cuts, async (t, c) => {
        expect(await linesOf(cutBytes(t, c))).toEqual(referenceLines(t));
      }),
      { numRuns: 300 },
    );
  });
});
