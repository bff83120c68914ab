import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineTooLongError } from '../../../src/index.js';
import { LineSplitter, splitLines } from '../../../src/input/line-splitter.js';

describe('splitLines', () => {
  it.each([
    ['', []],
    ['a', ['a']],
    ['a\n', ['a']],
    ['a\r\nb\rc\n', ['a', 'b', 'c']],
    ['a\n\nb', ['a', '', 'b']],
    ['\r', ['']],
    ['\r\r\n', ['', '']],
    ['\uFEFFhéllo wörld\n', ['héllo wörld']],
  ])('splits %j into %j', (text, lines) => {
    expect(splitLines(Buffer.from(text, 'utf8'))).toEqual(lines);
  });
});

describe('LineSplitter', () => {
  it('joins a \\r\\n and a multi-byte character split across chunks', () => {
    const splitter = new LineSplitter();
    const euro = Buffer.from('€', 'utf8');
    expect(splitter.push(Buffer.from('a\r'))).toEqual(['a']);
    expect(splitter.push(Buffer.from('\nb'))).toEqual([]);
    expect(splitter.push(euro.subarray(0, 1))).toEqual([]);
    expect(splitter.push(Buffer.concat([euro.subarray(1), Buffer.from('\n')]))).toEqual(['b€']);
    expect(splitter.end()).toEqual([]);
  });
});

describe('LineSplitter work is linear in the input (issue 12, observation 5)', () => {
  /** Push `text` in chunks of `chunkBytes` bytes; return the lines and the characters scanned. */
  function split(text: string, chunkBytes: number): { lines: string[]; scanned: number } {
    const bytes = Buffer.from(text, 'utf8');
    const splitter = new LineSplitter();
    const lines: string[] = [];
    for (let at = 0; at < bytes.length; at += chunkBytes) {
      lines.push(...splitter.push(bytes.subarray(at, at + chunkBytes)));
    }
    lines.push(...splitter.end());
    return { lines, scanned: splitter.scannedCharacters };
  }

  it('a 50 MB line without a newline, in 64 KiB chunks, is scanned at most twice', () => {
    const length = 50 * 1024 * 1024;
    const { lines, scanned } = split('x'.repeat(length), 64 * 1024);
    expect(lines.map((line) => line.length)).toEqual([length]);
    expect(scanned).toBeLessThanOrEqual(2 * length);
  });

  it('any text in any chunking: at most two scans per character, and the same lines', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.constantFrom('\n', '\r', '\r\n', '')),
          {
            maxLength: 8,
          },
        ),
        fc.integer({ min: 1, max: 4096 }),
        (parts, chunkBytes) => {
          const text = parts.map(([n, end]) => 'ab'.repeat(n) + end).join('');
          const { lines, scanned } = split(text, chunkBytes);
          expect(lines).toEqual(splitLines(Buffer.from(text, 'utf8')));
          expect(scanned).toBeLessThanOrEqual(2 * text.length);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('LineSplitter maxLineLength', () => {
  const message =
    'A line is longer than 10 characters (maxLineLength) and has no line terminator (\\n, \\r or \\r\\n) yet; raise maxLineLength or check that the sender ends its lines';

  it('accepts lines of exactly maxLineLength characters, whatever the chunking', () => {
    const splitter = new LineSplitter({ maxLineLength: 10 });
    expect(splitter.push(Buffer.from('0123456'))).toEqual([]);
    expect(splitter.push(Buffer.from('789\r\nabcdefghij'))).toEqual(['0123456789']);
    expect(splitter.end()).toEqual(['abcdefghij']);
  });

  it('throws LineTooLongError as soon as the line without terminator is longer', () => {
    const splitter = new LineSplitter({ maxLineLength: 10 });
    expect(splitter.push(Buffer.from('ok\n0123456'))).toEqual(['ok']);
    const error = (() => {
      try {
        splitter.push(Buffer.from('7890'));
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(LineTooLongError);
    expect(error).toMatchObject({ name: 'LineTooLongError', message, maxLineLength: 10 });
  });

  it('throws for a longer line that ends within one chunk too', () => {
    const splitter = new LineSplitter({ maxLineLength: 10 });
    expect(() => splitter.push(Buffer.from('0123456789a\nb'))).toThrow(new LineTooLongError(10));
  });
});
