import { describe, expect, it } from 'vitest';
import { HashPartitioner, IllegalArgumentError, SparkContext } from '../../../src/index.js';
import type { Pair, Partitioner } from '../../../src/index.js';

function sorted<T>(values: readonly T[]): T[] {
  return [...values].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/**
 * The layout our repartition documents: parent partition p starts its round-robin at `p % n`, so
 * its j-th element goes to partition `(p % n + j + 1) % n`; each target partition receives the
 * records in parent-partition order.
 */
function expectedRepartition<T>(parents: readonly (readonly T[])[], n: number): T[][] {
  const out: T[][] = Array.from({ length: n }, () => []);
  parents.forEach((items, p) => {
    items.forEach((item, j) => {
      (out[((p % n) + j + 1) % n] as T[]).push(item);
    });
  });
  return out;
}

describe('repartition', () => {
  it('spreads the elements round-robin from a per-partition start (documented layout)', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1, 2, 3, 4, 5, 6, 7], 3); // [[1, 2], [3, 4], [5, 6, 7]]
    expect(rdd.repartition(4).glom().collect()).toEqual([[6], [1, 7], [2, 3], [4, 5]]);
    expect(sc.parallelize([1, 2, 3, 4], 1).repartition(2).glom().collect()).toEqual([
      [2, 4],
      [1, 3],
    ]);
    expect(sc.parallelize([1, 2, 3, 4, 5, 6], 2).repartition(5).glom().collect()).toEqual([
      [],
      [1],
      [2, 4],
      [3, 5],
      [6],
    ]);
  });

  it('matches the documented layout and keeps every element for many sizes', () => {
    const sc = new SparkContext();
    for (const size of [0, 1, 5, 12, 31]) {
      for (const slices of [1, 2, 3, 7]) {
        for (const n of [1, 2, 3, 4, 8]) {
          const data = Array.from({ length: size }, (_, i) => `e${i}`);
          const rdd = sc.parallelize(data, slices);
          const repartitioned = rdd.repartition(n);
          expect(repartitioned.getNumPartitions()).toBe(n);
          expect(repartitioned.count()).toBe(size);
          expect(sorted(repartitioned.collect())).toEqual(sorted(data));
          expect(repartitioned.glom().collect()).toEqual(
            expectedRepartition(rdd.glom().collect(), n),
          );
        }
      }
    }
  });

  it('is coalesce with shuffle = true, which may grow the partition count', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1, 2, 3, 4, 5, 6, 7], 3);
    const shuffled = rdd.coalesce(4, true);
    expect(shuffled.getNumPartitions()).toBe(4);
    expect(shuffled.glom().collect()).toEqual([[6], [1, 7], [2, 3], [4, 5]]);
    expect(rdd.coalesce(2, true).glom().collect()).toEqual([
      [2, 3, 6],
      [1, 4, 5, 7],
    ]);
  });

  it('has no partitioner', () => {
    const sc = new SparkContext();
    expect(sc.parallelize([1, 2], 2).repartition(3).partitioner).toBeUndefined();
  });

  it.each([0, -1])('rejects %i partitions', (n) => {
    const sc = new SparkContext();
    expect(() => sc.parallelize([1], 1).repartition(n)).toThrow(IllegalArgumentError);
    expect(() => sc.parallelize([1], 1).repartition(n)).toThrow(
      `requirement failed: Number of partitions (${n}) must be positive.`,
    );
  });
});

describe('distinct', () => {
  it('removes duplicates, placing each value by its hash (Int hash = the value)', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([3, 1, 3, 2, 1, 4], 2); // [[3, 1, 3], [2, 1, 4]]
    const distinct = rdd.distinct();
    expect(distinct.getNumPartitions()).toBe(2);
    expect(distinct.glom().collect()).toEqual([
      [2, 4],
      [3, 1],
    ]);
    expect(rdd.distinct(3).glom().collect()).toEqual([[3], [1, 4], [2]]);
  });

  it('keeps one copy of each string', () => {
    const sc = new SparkContext();
    const words = sc.parallelize(['b', 'a', 'b', 'c', 'a'], 3).distinct();
    expect(sorted(words.collect())).toEqual(['a', 'b', 'c']);
  });
});

describe('partitionBy', () => {
  const pairs: Pair<string, number>[] = [
    ['a', 1],
    ['b', 2],
    ['c', 3],
    ['spark', 4],
    ['', 5],
    ['a', 6],
  ];

  it('moves every pair to partition nonNegativeMod(hashCode(key), n), in input order', () => {
    const sc = new SparkContext();
    // hashCode: a = 97, b = 98, c = 99, spark = 109638365, '' = 0.
    const byTwo = sc.parallelize(pairs, 2).partitionBy(new HashPartitioner(2));
    expect(byTwo.glom().collect()).toEqual([
      [
        ['b', 2],
        ['', 5],
      ],
      [
        ['a', 1],
        ['c', 3],
        ['spark', 4],
        ['a', 6],
      ],
    ]);
    const byThree = sc.parallelize(pairs, 2).partitionBy(3);
    expect(byThree.glom().collect()).toEqual([
      [
        ['c', 3],
        ['', 5],
      ],
      [
        ['a', 1],
        ['a', 6],
      ],
      [
        ['b', 2],
        ['spark', 4],
      ],
    ]);
    expect(byThree.partitioner?.equals(new HashPartitioner(3))).toBe(true);
  });

  it('returns the same RDD when it is already partitioned that way', () => {
    const sc = new SparkContext();
    const once = sc.parallelize(pairs, 2).partitionBy(new HashPartitioner(2));
    expect(once.partitionBy(new HashPartitioner(2))).toBe(once);
    expect(once.partitionBy(2)).toBe(once);
    expect(once.partitionBy(3)).not.toBe(once);
  });

  it('accepts a custom partitioner', () => {
    const sc = new SparkContext();
    const byLength: Partitioner = {
      numPartitions: 3,
      getPartition: (key) => String(key).length % 3,
      equals: (other) => other === byLength,
    };
    const rdd = sc.parallelize(pairs, 2).partitionBy(byLength);
    expect(rdd.getNumPartitions()).toBe(3);
    expect(rdd.partitioner).toBe(byLength);
    expect(rdd.glom().collect()).toEqual([
      [['', 5]],
      [
        ['a', 1],
        ['b', 2],
        ['c', 3],
        ['a', 6],
      ],
      [['spark', 4]],
    ]);
  });

  it('rejects a negative partition count', () => {
    const sc = new SparkContext();
    expect(() => sc.parallelize(pairs, 2).partitionBy(-1)).toThrow(
      'requirement failed: Number of partitions (-1) cannot be negative.',
    );
  });
});

describe('sortByKey and sortBy', () => {
  const pairs: Pair<number, string>[] = [
    [3, 'c'],
    [1, 'a'],
    [6, 'f'],
    [2, 'b'],
    [5, 'e'],
    [4, 'd'],
  ];

  it('sorts ascending into contiguous key ranges', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize(pairs, 2).sortByKey(true, 3);
    expect(rdd.getNumPartitions()).toBe(3);
    expect(rdd.glom().collect()).toEqual([
      [
        [1, 'a'],
        [2, 'b'],
      ],
      [
        [3, 'c'],
        [4, 'd'],
      ],
      [
        [5, 'e'],
        [6, 'f'],
      ],
    ]);
  });

  it('sorts descending, largest keys in the first partition', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize(pairs, 2).sortByKey(false, 3);
    expect(rdd.glom().collect()).toEqual([
      [
        [6, 'f'],
        [5, 'e'],
      ],
      [
        [4, 'd'],
        [3, 'c'],
      ],
      [
        [2, 'b'],
        [1, 'a'],
      ],
    ]);
  });

  it('keeps the parent partition count by default', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize(pairs, 2).sortByKey();
    expect(rdd.getNumPartitions()).toBe(2);
    expect(rdd.keys().collect()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sc.parallelize(pairs, 2).sortByKey(false).keys().collect()).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('orders numbers numerically and keeps equal keys in input order', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize<Pair<number, string>>(
      [
        [10, 'x'],
        [9, 'y'],
        [-1, 'z'],
        [2.5, 'w'],
        [9, 'v'],
      ],
      2,
    );
    expect(rdd.sortByKey().collect()).toEqual([
      [-1, 'z'],
      [2.5, 'w'],
      [9, 'y'],
      [9, 'v'],
      [10, 'x'],
    ]);
  });

  it('orders strings by UTF-16 code unit, as Java’s String.compareTo', () => {
    const sc = new SparkContext();
    const words = ['b', 'B', 'a', 'é', '\uff5a', '\u{1f600}', 'Z', '10', '9', 'ab', ''];
    const rdd = sc.parallelize(
      words.map((w): Pair<string, number> => [w, 0]),
      3,
    );
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FF5A by code unit.
    expect(rdd.sortByKey().keys().collect()).toEqual([
      '',
      '10',
      '9',
      'B',
      'Z',
      'a',
      'ab',
      'b',
      'é',
      '\u{1f600}',
      '\uff5a',
    ]);
  });

  it('orders tuple keys element by element, shorter tuples first', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize<Pair<readonly (string | number)[], string>>(
      [
        [['b', 1], 'w'],
        [['a', 2], 'x'],
        [['a', 1, 0], 'y'],
        [['a', 1], 'z'],
        [['a', 10], 'v'],
      ],
      2,
    );
    expect(rdd.sortByKey().values().collect()).toEqual(['z', 'y', 'x', 'v', 'w']);
    expect(rdd.sortByKey(false).values().collect()).toEqual(['w', 'v', 'x', 'y', 'z']);
  });

  it('sortBy sorts the elements by a key function', () => {
    const sc = new SparkContext();
    const words = sc.parallelize(['ccc', 'a', 'bb', 'dddd', 'ee'], 2);
    expect(words.sortBy((w) => w.length).collect()).toEqual(['a', 'bb', 'ee', 'ccc', 'dddd']);
    expect(words.sortBy((w) => w.length, false).collect()).toEqual([
      'dddd',
      'ccc',
      'bb',
      'ee',
      'a',
    ]);
    const three = words.sortBy((w) => w, true, 3);
    expect(three.getNumPartitions()).toBe(3);
    expect(three.collect()).toEqual(['a', 'bb', 'ccc', 'dddd', 'ee']);
  });

  it('rejects zero partitions', () => {
    const sc = new SparkContext();
    expect(() => sc.parallelize(pairs, 2).sortByKey(true, 0)).toThrow(
      'requirement failed: Number of partitions (0) must be positive.',
    );
  });
});

describe('reduceByKey, groupByKey, combineByKey, aggregateByKey, foldByKey', () => {
  const pairs: Pair<string, number>[] = [
    ['a', 1],
    ['b', 2],
    ['a', 3],
    ['c', 4],
    ['a', 5],
    ['b', 6],
  ];

  it('reduceByKey merges the values of each key, partitioned by key hash', () => {
    const sc = new SparkContext();
    const sums = sc.parallelize(pairs, 2).reduceByKey((x, y) => x + y);
    expect(sums.getNumPartitions()).toBe(2);
    // a = 97 and c = 99 are odd, b = 98 is even.
    expect(sums.glom().collect()).toEqual([
      [['b', 8]],
      [
        ['a', 9],
        ['c', 4],
      ],
    ]);
    expect(sums.partitioner?.equals(new HashPartitioner(2))).toBe(true);
  });

  it('reduceByKey takes a partition count or a partitioner', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize(pairs, 2);
    const byThree = rdd.reduceByKey((x, y) => x + y, 3);
    expect(byThree.glom().collect()).toEqual([[['c', 4]], [['a', 9]], [['b', 8]]]);
    const byOne = rdd.reduceByKey((x, y) => x + y, new HashPartitioner(1));
    expect(byOne.glom().collect()).toEqual([
      [
        ['a', 9],
        ['b', 8],
        ['c', 4],
      ],
    ]);
  });

  it('reduceByKey merges within a map partition first, then across partitions in order', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize<Pair<string, string>>(
      [
        ['k', 'a'],
        ['k', 'b'],
        ['k', 'c'],
        ['k', 'd'],
      ],
      2,
    );
    const merges: string[] = [];
    const joined = rdd.reduceByKey((x, y) => {
      merges.push(`${x}+${y}`);
      return x + y;
    }, 1);
    expect(joined.collect()).toEqual([['k', 'abcd']]);
    expect(merges).toEqual(['a+b', 'c+d', 'ab+cd']);
  });

  it('groupByKey gathers the values of each key in partition order', () => {
    const sc = new SparkContext();
    const groups = sc.parallelize(pairs, 2).groupByKey();
    expect(groups.glom().collect()).toEqual([
      [['b', [2, 6]]],
      [
        ['a', [1, 3, 5]],
        ['c', [4]],
      ],
    ]);
    expect(sc.parallelize(pairs, 3).groupByKey(1).collect()).toEqual([
      ['a', [1, 3, 5]],
      ['b', [2, 6]],
      ['c', [4]],
    ]);
  });

  it('combineByKey creates one combiner per key per map partition (map-side combine)', () => {
    const sc = new SparkContext();
    // Partitions: [a1, b2, a3] and [c4, a5, b6].
    const created: number[] = [];
    const mergedValues: string[] = [];
    const mergedCombiners: string[] = [];
    const averages = sc.parallelize(pairs, 2).combineByKey(
      (v): [number, number] => {
        created.push(v);
        return [v, 1];
      },
      ([sum, n], v): [number, number] => {
        mergedValues.push(`${sum}/${n}+${v}`);
        return [sum + v, n + 1];
      },
      ([s1, n1], [s2, n2]): [number, number] => {
        mergedCombiners.push(`${s1}/${n1}+${s2}/${n2}`);
        return [s1 + s2, n1 + n2];
      },
      1,
    );
    expect(created).toEqual([]);
    expect(averages.collect()).toEqual([
      ['a', [9, 3]],
      ['b', [8, 2]],
      ['c', [4, 1]],
    ]);
    expect(created).toEqual([1, 2, 4, 5, 6]);
    expect(mergedValues).toEqual(['1/1+3']);
    expect(mergedCombiners).toEqual(['4/2+5/1', '2/1+6/1']);
  });

  it('combineByKey without map-side combine creates one combiner per key per reduce partition', () => {
    const sc = new SparkContext();
    const created: number[] = [];
    let combinerMerges = 0;
    const lists = sc.parallelize(pairs, 2).combineByKey(
      (v) => {
        created.push(v);
        return [v];
      },
      (list, v) => [...list, v],
      (x, y) => {
        combinerMerges++;
        return [...x, ...y];
      },
      1,
      false,
    );
    expect(lists.collect()).toEqual([
      ['a', [1, 3, 5]],
      ['b', [2, 6]],
      ['c', [4]],
    ]);
    expect(created).toEqual([1, 2, 4]);
    expect(combinerMerges).toBe(0);
  });

  it('aggregateByKey applies the zero once per key per map partition', () => {
    const sc = new SparkContext();
    const sums = sc
      .parallelize(pairs, 2)
      .aggregateByKey(
        100,
        (acc, v) => acc + v,
        (x, y) => x + y,
        1,
      )
      .collect();
    // a: (100 + 1 + 3) + (100 + 5); b: (100 + 2) + (100 + 6); c: 100 + 4.
    expect(sums).toEqual([
      ['a', 209],
      ['b', 208],
      ['c', 104],
    ]);
  });

  it('aggregateByKey copies an array zero for every key, never sharing it', () => {
    const sc = new SparkContext();
    const zero: number[] = [];
    const lists = sc
      .parallelize(pairs, 2)
      .aggregateByKey(
        zero,
        (acc, v) => {
          acc.push(v);
          return acc;
        },
        (x, y) => {
          x.push(...y);
          return x;
        },
        1,
      )
      .collect();
    expect(lists).toEqual([
      ['a', [1, 3, 5]],
      ['b', [2, 6]],
      ['c', [4]],
    ]);
    expect(zero).toEqual([]);
  });

  it('aggregateByKey can change the value type', () => {
    const sc = new SparkContext();
    const sets = sc
      .parallelize(pairs, 3)
      .aggregateByKey(
        '',
        (acc, v) => acc + String(v),
        (x, y) => `${x}|${y}`,
        1,
      )
      .collect();
    // Partitions: [a1, b2], [a3, c4], [a5, b6].
    expect(sets).toEqual([
      ['a', '1|3|5'],
      ['b', '2|6'],
      ['c', '4'],
    ]);
  });

  it('foldByKey starts every key of every map partition from the zero', () => {
    const sc = new SparkContext();
    const sums = sc
      .parallelize(pairs, 2)
      .foldByKey(10, (x, y) => x + y, 1)
      .collect();
    // a: (10 + 1 + 3) + (10 + 5); b: (10 + 2) + (10 + 6); c: 10 + 4.
    expect(sums).toEqual([
      ['a', 29],
      ['b', 28],
      ['c', 14],
    ]);
  });

  it('foldByKey copies an array zero for every key', () => {
    const sc = new SparkContext();
    const zero: string[] = [];
    const rdd = sc.parallelize<Pair<string, string[]>>(
      [
        ['x', ['1']],
        ['y', ['2']],
        ['x', ['3']],
      ],
      1,
    );
    const folded = rdd
      .foldByKey(zero, (acc, v) => {
        acc.push(...v);
        return acc;
      })
      .collect();
    expect(folded).toEqual([
      ['x', ['1', '3']],
      ['y', ['2']],
    ]);
    expect(zero).toEqual([]);
  });

  it('shuffles of an empty RDD give empty partitions', () => {
    const sc = new SparkContext();
    const empty = sc.parallelize<Pair<string, number>>([], 3);
    expect(
      empty
        .reduceByKey((x, y) => x + y)
        .glom()
        .collect(),
    ).toEqual([[], [], []]);
    expect(empty.groupByKey().collect()).toEqual([]);
    expect(
      sc
        .emptyRDD<Pair<string, number>>()
        .reduceByKey((x, y) => x + y)
        .collect(),
    ).toEqual([]);
  });

  it('reuses an existing partitioner: no new shuffle', () => {
    const sc = new SparkContext();
    const partitioned = sc.parallelize(pairs, 3).partitionBy(new HashPartitioner(2));
    const sums = partitioned.reduceByKey((x, y) => x + y);
    expect(sums.partitioner?.equals(new HashPartitioner(2))).toBe(true);
    expect(sums.glom().collect()).toEqual([
      [['b', 8]],
      [
        ['a', 9],
        ['c', 4],
      ],
    ]);
    expect(sums.toDebugString().split('\n')[0]).toMatch(
      /^\(2\) MapPartitionsRDD\[\d+\] at reduceByKey/,
    );
  });
});
