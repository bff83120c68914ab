import { describe, expect, it } from 'vitest';
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
