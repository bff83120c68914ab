/** batchesFrom: the marble grammar (one batch per `|`, empty batches, `null` for no RDD, values). */
import { describe, expect, it } from 'vitest';
import { IllegalArgumentError, type Pair } from '../../../src/index.js';
import { batchesFrom } from '../../../src/testing/index.js';

describe('batchesFrom', () => {
  it('reads one batch per |-separated segment, records split on whitespace', () => {
    expect(batchesFrom('a b | c | | d e')).toEqual([['a', 'b'], ['c'], [], ['d', 'e']]);
    expect(batchesFrom('a\tb|c')).toEqual([['a', 'b'], ['c']]);
  });

  it('makes empty segments empty batches, at either end too', () => {
    expect(batchesFrom('')).toEqual([[]]);
    expect(batchesFrom('|')).toEqual([[], []]);
    expect(batchesFrom(' a | ')).toEqual([['a'], []]);
    expect(batchesFrom('| a')).toEqual([[], ['a']]);
  });

  it('reads a segment that is only null as a batch with no RDD', () => {
    expect(batchesFrom('a | null | | null')).toEqual([['a'], null, [], null]);
  });

  it('rejects null beside records', () => {
    expect(() => batchesFrom('a | null b')).toThrow(
      new IllegalArgumentError(
        "Batch 2 of the marble 'a | null b' mixes 'null' (no RDD) with records; write 'null' alone between bars",
      ),
    );
  });

  it('maps tokens with a function', () => {
    expect(batchesFrom('1 2 | null | -3.5', Number)).toEqual([[1, 2], null, [-3.5]]);
  });

  it('maps tokens with a dictionary, as RxJS marbles do, and rejects unknown tokens', () => {
    const visits = { w: ['Web', 1], s: ['Store', 2] } as const;
    const batches = batchesFrom('w s w | s', visits);
    expect(batches).toEqual([
      [
        ['Web', 1],
        ['Store', 2],
        ['Web', 1],
      ],
      [['Store', 2]],
    ]);
    const typed: (Pair<string, number>[] | null)[] = batches.map((b) =>
      b === null ? null : [...b],
    );
    expect(typed).toHaveLength(2);
    expect(() => batchesFrom('w x', visits)).toThrow(
      new IllegalArgumentError(
        "The marble 'w x' uses 'x', which its values do not define (defined: w, s)",
      ),
    );
    // Only own keys count: 'toString' is not a value.
    expect(() => batchesFrom('toString', visits)).toThrow(IllegalArgumentError);
  });
});
