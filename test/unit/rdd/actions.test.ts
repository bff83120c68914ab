import { describe, expect, it } from 'vitest';
import { HashPartitioner, SparkContext, UnsupportedOperationError } from '../../../src/index.js';
import type { Pair } from '../../../src/index.js';

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

describe('collect, count, first', () => {
  it('collect returns the elements in partition order', () => {
    const sc = new SparkContext();
    expect(sc.parallelize([5, 3, 9, 1], 3).collect()).toEqual([5, 3, 9, 1]);
    expect(sc.parallelize([], 3).collect()).toEqual([]);
  });

  it('count counts every element', () => {
    const sc = new SparkContext();
    expect(sc.parallelize(range(0, 17), 4).count()).toBe(17);
    expect(
      sc
        .parallelize(range(0, 17), 4)
        .filter((x) => x % 3 === 0)
        .count(),
    ).toBe(6);
    expect(sc.emptyRDD().count()).toBe(0);
  });

  it('first returns the first element, skipping empty partitions', () => {
    const sc = new SparkContext();
    expect(sc.parallelize([3, 1, 2], 2).first()).toBe(3);
    expect(sc.parallelize(['only'], 4).first()).toBe('only');
  });

  it('first of an empty RDD throws UnsupportedOperationError "empty collection"', () => {
    const sc = new SparkContext();
    expect(() => sc.emptyRDD<number>().first()).toThrow(UnsupportedOperationError);
    expect(() => sc.emptyRDD<number>().first()).toThrow(/^empty collection$/);
    expect(() => sc.parallelize([], 3).first()).toThrow('empty collection');
    expect(() =>
      sc
        .parallelize([1, 2], 2)
        .filter(() => false)
        .first(),
    ).toThrow(UnsupportedOperationError);
  });
});

describe('take', () => {
  it('returns the first n elements in partition order', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize(range(1, 9), 4);
    expect(rdd.take(0)).toEqual([]);
    expect(rdd.take(1)).toEqual([1]);
    expect(rdd.take(3)).toEqual([1, 2, 3]);
    expect(rdd.take(8)).toEqual(range(1, 9));
    expect(rdd.take(100)).toEqual(range(1, 9));
    expect(sc.emptyRDD().take(2)).toEqual([]);
  });

  it('computes only the elements it needs from the first partition', () => {
    const sc = new SparkContext();
    let calls = 0;
    const rdd = sc.parallelize(range(1, 9), 4).map((x) => {
      calls++;
      return x * 10;
    });
    expect(rdd.take(1)).toEqual([10]);
    expect(calls).toBe(1);
  });

  it('scans one partition, then as many more as it estimates it needs', () => {
    const sc = new SparkContext();
    let calls = 0;
    const computed: number[] = [];
    const rdd = sc
      .parallelize(range(1, 9), 4) // [[1, 2], [3, 4], [5, 6], [7, 8]]
      .mapPartitionsWithIndex((index, items) => {
        computed.push(index);
        return items;
      })
      .map((x) => {
        calls++;
        return x;
      });
    // Round 1: partition 0 gives 2. Round 2: 1 left, ceil(1.5 * 1 * 1 / 2) = 1 partition.
    expect(rdd.take(3)).toEqual([1, 2, 3]);
    expect(computed).toEqual([0, 1]);
    expect(calls).toBe(3);
  });

  it('quadruples the partitions to scan while nothing was found', () => {
    const sc = new SparkContext();
    const computed: number[] = [];
    let calls = 0;
    // [[], [1], [], [2], [], [3], [], [4]]
    const rdd = sc
      .parallelize([1, 2, 3, 4], 8)
      .mapPartitionsWithIndex((index, items) => {
        computed.push(index);
        return items;
      })
      .map((x) => {
        calls++;
        return x;
      });
    // Round 1: partition 0 (empty). Round 2: 1 * 4 partitions (1-4), each asked for 1 element.
    expect(rdd.take(1)).toEqual([1]);
    expect(computed).toEqual([0, 1, 2, 3, 4]);
    expect(calls).toBe(2);
  });

  it('estimates the partitions still needed from what is left (Spark 3)', () => {
    const sc = new SparkContext();
    const computed: number[] = [];
    let calls = 0;
    const rdd = sc
      .parallelize(range(0, 12), 12) // one element per partition
      .mapPartitionsWithIndex((index, items) => {
        computed.push(index);
        return items;
      })
      .map((x) => {
        calls++;
        return x;
      });
    // Round 1: partition 0 -> 1 found. Round 2: 5 left, min(ceil(1.5 * 5 * 1 / 1), 1 * 4) = 4
    // partitions (1-4) -> 5 found. Round 3: 1 left, min(ceil(1.5 * 1 * 5 / 5), 5 * 4) = 2
    // partitions (5-6). Spark 2's formula (from num, not left) would scan 4 (5-8).
    expect(rdd.take(6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(computed).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(calls).toBe(7);
  });

  it('isEmpty computes at most what take(1) needs', () => {
    const sc = new SparkContext();
    let calls = 0;
    const rdd = sc.parallelize(range(0, 10), 5).map((x) => {
      calls++;
      return x;
    });
    expect(rdd.isEmpty()).toBe(false);
    expect(calls).toBe(1);
    expect(sc.emptyRDD().isEmpty()).toBe(true);
    expect(sc.parallelize([], 3).isEmpty()).toBe(true);
    expect(
      sc
        .parallelize([1, 2], 2)
        .filter(() => false)
        .isEmpty(),
    ).toBe(true);
    expect(sc.parallelize([7], 6).isEmpty()).toBe(false);
  });
});

describe('takeOrdered and top', () => {
  it('takeOrdered returns the n smallest, in ascending order', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([10, 4, 2, 12, 3], 2);
    expect(rdd.takeOrdered(1)).toEqual([2]);
    expect(rdd.takeOrdered(3)).toEqual([2, 3, 4]);
    expect(rdd.takeOrdered(0)).toEqual([]);
    expect(rdd.takeOrdered(9)).toEqual([2, 3, 4, 10, 12]);
    expect(rdd.takeOrdered(2, (a, b) => b - a)).toEqual([12, 10]);
  });

  it('top returns the n largest, largest first', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([2, 3, 4, 5, 6], 3);
    expect(rdd.top(2)).toEqual([6, 5]);
    expect(rdd.top(1, (a, b) => b - a)).toEqual([2]);
    expect(sc.parallelize(['b', 'a', 'c', 'B'], 2).top(2)).toEqual(['c', 'b']);
    expect(sc.parallelize(['b', 'a', 'c', 'B'], 2).takeOrdered(2)).toEqual(['B', 'a']);
  });

  it('orders tuples element by element', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize<Pair<string, number>>(
      [
        ['b', 1],
        ['a', 2],
        ['a', 1],
      ],
      2,
    );
    expect(rdd.takeOrdered(2)).toEqual([
      ['a', 1],
      ['a', 2],
    ]);
    expect(rdd.top(1)).toEqual([['b', 1]]);
  });
});

describe('reduce, fold, aggregate', () => {
  it('reduce merges the partition results in partition order', () => {
    const sc = new SparkContext();
    expect(sc.parallelize([1, 2, 3, 4, 5], 3).reduce((a, b) => a + b)).toBe(15);
    expect(sc.parallelize(['a', 'b', 'c', 'd'], 3).reduce((a, b) => a + b)).toBe('abcd');
    expect(sc.parallelize([4], 5).reduce((a, b) => a + b)).toBe(4);
  });

  it('reduce of an empty RDD throws UnsupportedOperationError "empty collection"', () => {
    const sc = new SparkContext();
    expect(() => sc.emptyRDD<number>().reduce((a, b) => a + b)).toThrow(UnsupportedOperationError);
    expect(() => sc.parallelize<number>([], 2).reduce((a, b) => a + b)).toThrow(
      /^empty collection$/,
    );
  });

  it('fold applies the zero in every partition and once more when merging', () => {
    const sc = new SparkContext();
    // [[1], [2, 3]]: 10 + (10 + 1) + (10 + 2 + 3)
    expect(sc.parallelize([1, 2, 3], 2).fold(10, (a, b) => a + b)).toBe(36);
    // Empty partitions get the zero too: [[], [], [1]].
    expect(sc.parallelize([1], 3).fold(10, (a, b) => a + b)).toBe(41);
    expect(sc.emptyRDD<number>().fold(10, (a, b) => a + b)).toBe(10);
    expect(sc.parallelize([1, 2, 3], 2).fold(0, (a, b) => a + b)).toBe(6);
  });

  it('aggregate gives every partition its own copy of the zero', () => {
    const sc = new SparkContext();
    const zero: number[] = [];
    const result = sc.parallelize([1, 2, 3, 4], 2).aggregate(
      zero,
      (acc, x) => {
        acc.push(x);
        return acc;
      },
      (a, b) => {
        a.push(...b);
        return a;
      },
    );
    expect(result).toEqual([1, 2, 3, 4]);
    expect(zero).toEqual([]);
  });

  it('aggregate computes a different result type', () => {
    const sc = new SparkContext();
    const [sum, n] = sc.parallelize([1, 2, 3, 4, 5], 2).aggregate(
      [0, 0] as [number, number],
      ([s, c], x): [number, number] => [s + x, c + 1],
      ([s1, c1], [s2, c2]): [number, number] => [s1 + s2, c1 + c2],
    );
    expect([sum, n]).toEqual([15, 5]);
  });
});

describe('foreach and foreachPartition', () => {
  it('foreach visits every element in partition order', () => {
    const sc = new SparkContext();
    const seen: string[] = [];
    sc.parallelize(['x', 'y', 'z'], 2).foreach((v) => seen.push(v));
    expect(seen).toEqual(['x', 'y', 'z']);
  });

  it('foreachPartition is called once per partition, empty ones included', () => {
    const sc = new SparkContext();
    const seen: number[][] = [];
    sc.parallelize([1, 2, 3], 4).foreachPartition((items) => seen.push([...items]));
    expect(seen).toEqual([[], [1], [2], [3]]);
  });
});

describe('pair actions', () => {
  const pairs: Pair<string, number>[] = [
    ['a', 1],
    ['b', 2],
    ['a', 3],
    ['c', 4],
    ['a', 5],
  ];

  it('countByKey counts the pairs of each key', () => {
    const sc = new SparkContext();
    const counts = sc.parallelize(pairs, 2).countByKey();
    expect([...counts]).toEqual([
      ['a', 3],
      ['b', 1],
      ['c', 1],
    ]);
  });

  it('countByValue counts equal elements', () => {
    const sc = new SparkContext();
    const counts = sc.parallelize(['x', 'y', 'x', 'z', 'x', 'y'], 3).countByValue();
    expect([...counts]).toEqual([
      ['x', 3],
      ['y', 2],
      ['z', 1],
    ]);
    expect(sc.emptyRDD<string>().countByValue().size).toBe(0);
  });

  it('collectAsMap keeps the last value of a repeated key', () => {
    const sc = new SparkContext();
    const map = sc.parallelize(pairs, 2).collectAsMap();
    expect([...map]).toEqual([
      ['a', 5],
      ['b', 2],
      ['c', 4],
    ]);
  });

  it('lookup returns the values of a key in partition order', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize(pairs, 3);
    expect(rdd.lookup('a')).toEqual([1, 3, 5]);
    expect(rdd.lookup('c')).toEqual([4]);
    expect(rdd.lookup('zz')).toEqual([]);
  });

  it('lookup computes only the key’s partition when the RDD has a partitioner', () => {
    const sc = new SparkContext();
    const partitioned = sc.parallelize(pairs, 2).partitionBy(new HashPartitioner(3));
    let calls = 0;
    const counted = partitioned.mapValues((v) => {
      calls++;
      return v * 10;
    });
    // a -> 1, b -> 2, c -> 0: partition 1 holds a1, a3, a5.
    expect(counted.lookup('a')).toEqual([10, 30, 50]);
    expect(calls).toBe(3);
    expect(counted.lookup('c')).toEqual([40]);
    expect(calls).toBe(4);
    expect(counted.lookup('zz')).toEqual([]);
  });

  it('lookup runs as a job: a failed task adds nothing to accumulators', () => {
    const sc = new SparkContext();
    const seen = sc.longAccumulator();
    const rdd = sc.parallelize(pairs, 1).map((pair) => {
      seen.add(1);
      if (pair[0] === 'c') throw new Error('boom');
      return pair;
    });
    expect(() => rdd.lookup('a')).toThrow('boom');
    expect(seen.value).toBe(0);
  });

  it('lookup scans every partition without a partitioner', () => {
    const sc = new SparkContext();
    let calls = 0;
    const counted = sc.parallelize(pairs, 2).mapValues((v) => {
      calls++;
      return v;
    });
    expect(counted.partitioner).toBeUndefined();
    expect(counted.lookup('b')).toEqual([2]);
    expect(calls).toBe(5);
  });
});
