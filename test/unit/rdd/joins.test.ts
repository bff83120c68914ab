import { describe, expect, it } from 'vitest';
import { HashPartitioner, SparkContext } from '../../../src/index.js';
import type { Pair, RDD } from '../../../src/index.js';

/**
 * left: [[a1, b2], [a3, d4]] (2 partitions); right: [[ax], [cy], [az, bw]] (3 partitions).
 * The default partitioner is HashPartitioner(3): a (97) -> 1, b (98) -> 2, c (99) -> 0, d (100) -> 1.
 */
function fixture(): { left: RDD<Pair<string, number>>; right: RDD<Pair<string, string>> } {
  const sc = new SparkContext();
  const left = sc.parallelize<Pair<string, number>>(
    [
      ['a', 1],
      ['b', 2],
      ['a', 3],
      ['d', 4],
    ],
    2,
  );
  const right = sc.parallelize<Pair<string, string>>(
    [
      ['a', 'x'],
      ['c', 'y'],
      ['a', 'z'],
      ['b', 'w'],
    ],
    3,
  );
  return { left, right };
}

describe('cogroup', () => {
  it('groups the values of both sides for every key of either side', () => {
    const { left, right } = fixture();
    const grouped = left.cogroup(right);
    expect(grouped.getNumPartitions()).toBe(3);
    expect(grouped.glom().collect()).toEqual([
      [['c', [[], ['y']]]],
      [
        [
          'a',
          [
            [1, 3],
            ['x', 'z'],
          ],
        ],
        ['d', [[4], []]],
      ],
      [['b', [[2], ['w']]]],
    ]);
    expect(grouped.partitioner?.equals(new HashPartitioner(3))).toBe(true);
  });

  it('takes a partition count', () => {
    const { left, right } = fixture();
    expect(left.cogroup(right, 1).collect()).toEqual([
      [
        'a',
        [
          [1, 3],
          ['x', 'z'],
        ],
      ],
      ['b', [[2], ['w']]],
      ['d', [[4], []]],
      ['c', [[], ['y']]],
    ]);
  });
});

describe('join', () => {
  it('emits one pair per matching value pair, left values outermost', () => {
    const { left, right } = fixture();
    const joined = left.join(right);
    expect(joined.getNumPartitions()).toBe(3);
    expect(joined.glom().collect()).toEqual([
      [],
      [
        ['a', [1, 'x']],
        ['a', [1, 'z']],
        ['a', [3, 'x']],
        ['a', [3, 'z']],
      ],
      [['b', [2, 'w']]],
    ]);
    expect(joined.partitioner?.equals(new HashPartitioner(3))).toBe(true);
  });

  it('takes a partition count or a partitioner', () => {
    const { left, right } = fixture();
    expect(left.join(right, 1).collect()).toEqual([
      ['a', [1, 'x']],
      ['a', [1, 'z']],
      ['a', [3, 'x']],
      ['a', [3, 'z']],
      ['b', [2, 'w']],
    ]);
    const byTwo = left.join(right, new HashPartitioner(2));
    expect(byTwo.getNumPartitions()).toBe(2);
    expect(byTwo.glom().collect()).toEqual([
      [['b', [2, 'w']]],
      [
        ['a', [1, 'x']],
        ['a', [1, 'z']],
        ['a', [3, 'x']],
        ['a', [3, 'z']],
      ],
    ]);
  });

  it('gives nothing when no key matches', () => {
    const { left } = fixture();
    const other = left.context.parallelize<Pair<string, boolean>>([['zz', true]], 1);
    expect(left.join(other).collect()).toEqual([]);
  });
});

describe('outer joins', () => {
  it('leftOuterJoin keeps left keys without a match, with undefined (None)', () => {
    const { left, right } = fixture();
    expect(left.leftOuterJoin(right).glom().collect()).toEqual([
      [],
      [
        ['a', [1, 'x']],
        ['a', [1, 'z']],
        ['a', [3, 'x']],
        ['a', [3, 'z']],
        ['d', [4, undefined]],
      ],
      [['b', [2, 'w']]],
    ]);
  });

  it('rightOuterJoin keeps right keys without a match, with undefined (None)', () => {
    const { left, right } = fixture();
    expect(left.rightOuterJoin(right).glom().collect()).toEqual([
      [['c', [undefined, 'y']]],
      [
        ['a', [1, 'x']],
        ['a', [1, 'z']],
        ['a', [3, 'x']],
        ['a', [3, 'z']],
      ],
      [['b', [2, 'w']]],
    ]);
  });

  it('fullOuterJoin keeps unmatched keys of both sides', () => {
    const { left, right } = fixture();
    expect(left.fullOuterJoin(right).glom().collect()).toEqual([
      [['c', [undefined, 'y']]],
      [
        ['a', [1, 'x']],
        ['a', [1, 'z']],
        ['a', [3, 'x']],
        ['a', [3, 'z']],
        ['d', [4, undefined]],
      ],
      [['b', [2, 'w']]],
    ]);
  });

  it('outer joins with an empty side', () => {
    const { left } = fixture();
    const none = left.context.parallelize<Pair<string, string>>([], 2);
    expect(left.leftOuterJoin(none, 1).collect()).toEqual([
      ['a', [1, undefined]],
      ['a', [3, undefined]],
      ['b', [2, undefined]],
      ['d', [4, undefined]],
    ]);
    expect(left.rightOuterJoin(none).collect()).toEqual([]);
    expect(none.fullOuterJoin(left, 1).collect()).toEqual([
      ['a', [undefined, 1]],
      ['a', [undefined, 3]],
      ['b', [undefined, 2]],
      ['d', [undefined, 4]],
    ]);
  });
});

describe('subtractByKey', () => {
  it('keeps the pairs whose key is absent from the other RDD, in this RDD’s partition count', () => {
    const { left, right } = fixture();
    const rest = left.subtractByKey(right);
    // Default: HashPartitioner(left's 2 partitions): b, d (100) -> 0; a, c -> 1.
    expect(rest.getNumPartitions()).toBe(2);
    expect(rest.glom().collect()).toEqual([[['d', 4]], []]);
  });

  it('keeps every value of a kept key', () => {
    const sc = new SparkContext();
    const all = sc.parallelize<Pair<string, number>>(
      [
        ['e', 1],
        ['f', 2],
        ['e', 3],
      ],
      2,
    );
    const seen = sc.parallelize<Pair<string, null>>([['f', null]], 1);
    expect(all.subtractByKey(seen, 1).collect()).toEqual([
      ['e', 1],
      ['e', 3],
    ]);
    expect(all.subtractByKey(sc.emptyRDD(), 1).collect()).toEqual([
      ['e', 1],
      ['e', 3],
      ['f', 2],
    ]);
  });
});
