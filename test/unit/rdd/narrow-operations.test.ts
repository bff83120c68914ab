import { describe, expect, it } from 'vitest';
import { HashPartitioner, IllegalArgumentError, SparkContext } from '../../../src/index.js';
import type { Pair } from '../../../src/index.js';

describe('element-wise transformations', () => {
  it('map applies the function to every element and keeps the partitions', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1, 2, 3, 4, 5], 2).map((x) => x * 10);
    expect(rdd.glom().collect()).toEqual([
      [10, 20],
      [30, 40, 50],
    ]);
  });

  it('flatMap flattens arrays, strings, sets and generators, dropping empty results', () => {
    const sc = new SparkContext();
    const lines = sc.parallelize(['a b', '', 'c'], 2);
    expect(
      lines
        .flatMap((line) => line.split(' ').filter((w) => w !== ''))
        .glom()
        .collect(),
    ).toEqual([['a', 'b'], ['c']]);
    const nums = sc.parallelize([1, 2, 3], 3);
    expect(
      nums
        .flatMap(function* (n) {
          for (let i = 0; i < n; i++) yield n;
        })
        .collect(),
    ).toEqual([1, 2, 2, 3, 3, 3]);
    expect(nums.flatMap((n) => new Set([n, n, -n])).collect()).toEqual([1, -1, 2, -2, 3, -3]);
    expect(
      sc
        .parallelize(['ab', 'c'], 1)
        .flatMap((s) => s)
        .collect(),
    ).toEqual(['a', 'b', 'c']);
  });

  it('filter keeps the elements that satisfy the predicate, partition by partition', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1, 2, 3, 4, 5, 6], 3).filter((x) => x % 2 === 0);
    expect(rdd.glom().collect()).toEqual([[2], [4], [6]]);
    expect(
      sc
        .parallelize([1, 3], 2)
        .filter((x) => x % 2 === 0)
        .glom()
        .collect(),
    ).toEqual([[], []]);
  });

  it('keyBy pairs each element with its key first', () => {
    const sc = new SparkContext();
    expect(
      sc
        .parallelize(['spark', 'rdd', 'go'], 2)
        .keyBy((w) => w.length)
        .collect(),
    ).toEqual([
      [5, 'spark'],
      [3, 'rdd'],
      [2, 'go'],
    ]);
  });

  it('mapToPair builds pairs', () => {
    const sc = new SparkContext();
    expect(
      sc
        .parallelize(['a', 'b'], 1)
        .mapToPair((w) => [w, w.length])
        .collect(),
    ).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });
});

describe('partition-wise transformations', () => {
  it('mapPartitions calls the function once per partition, empty ones included', () => {
    const sc = new SparkContext();
    const calls: number[][] = [];
    const sums = sc.parallelize([1, 2, 3, 4, 5], 3).mapPartitions((items) => {
      const values = [...items];
      calls.push(values);
      return [values.reduce((a, b) => a + b, 0)];
    });
    expect(calls).toEqual([]);
    expect(sums.glom().collect()).toEqual([[1], [5], [9]]);
    expect(calls).toEqual([[1], [2, 3], [4, 5]]);
    expect(
      sc
        .parallelize([7], 3)
        .mapPartitions((items) => [[...items].length])
        .collect(),
    ).toEqual([0, 0, 1]);
  });

  it('mapPartitions accepts a generator function', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1, 2, 3, 4], 2).mapPartitions(function* (items) {
      let running = 0;
      for (const x of items) {
        running += x;
        yield running;
      }
    });
    expect(rdd.glom().collect()).toEqual([
      [1, 3],
      [3, 7],
    ]);
  });

  it('mapPartitionsWithIndex passes the partition index', () => {
    const sc = new SparkContext();
    const rdd = sc
      .parallelize(['a', 'b', 'c'], 2)
      .mapPartitionsWithIndex((index, items) => [...items].map((x) => `${index}:${x}`));
    expect(rdd.glom().collect()).toEqual([['0:a'], ['1:b', '1:c']]);
  });

  it('mapPartitions keeps the partitioner only when asked to', () => {
    const sc = new SparkContext();
    const partitioned = sc.parallelize<Pair<string, number>>([['a', 1]], 1).partitionBy(2);
    expect(partitioned.mapPartitions((items) => items).partitioner).toBeUndefined();
    expect(partitioned.mapPartitions((items) => items, true).partitioner).toBe(
      partitioned.partitioner,
    );
    expect(partitioned.mapPartitionsWithIndex((_, items) => items, true).partitioner).toBe(
      partitioned.partitioner,
    );
    expect(partitioned.mapPartitionsWithIndex((_, items) => items).partitioner).toBeUndefined();
  });

  it('glom gives one array per partition', () => {
    const sc = new SparkContext();
    const glommed = sc.parallelize([1, 2, 3], 4).glom();
    expect(glommed.getNumPartitions()).toBe(4);
    expect(glommed.collect()).toEqual([[], [1], [2], [3]]);
  });
});

describe('union and zipWithIndex', () => {
  it('union appends the other RDD’s partitions and keeps duplicates', () => {
    const sc = new SparkContext();
    const a = sc.parallelize([1, 2, 3], 2);
    const b = sc.parallelize([3, 4], 1);
    const both = a.union(b);
    expect(both.getNumPartitions()).toBe(3);
    expect(both.glom().collect()).toEqual([[1], [2, 3], [3, 4]]);
    expect(a.union(a).collect()).toEqual([1, 2, 3, 1, 2, 3]);
    expect(a.union(sc.emptyRDD()).glom().collect()).toEqual([[1], [2, 3]]);
  });

  it('zipWithIndex numbers the elements in partition order, across empty partitions', () => {
    const sc = new SparkContext();
    const zipped = sc.parallelize(['a', 'b', 'c', 'd'], 6).zipWithIndex();
    expect(zipped.glom().collect()).toEqual([
      [],
      [['a', 0]],
      [['b', 1]],
      [],
      [['c', 2]],
      [['d', 3]],
    ]);
  });

  it('zipWithIndex counts after a filter', () => {
    const sc = new SparkContext();
    const zipped = sc
      .parallelize([5, 6, 7, 8, 9], 2)
      .filter((x) => x !== 6)
      .zipWithIndex();
    expect(zipped.collect()).toEqual([
      [5, 0],
      [7, 1],
      [8, 2],
      [9, 3],
    ]);
  });
});

describe('coalesce without shuffle', () => {
  it.each([
    // Spark's coalescer without locality: partition i takes [floor(i*p/n), floor((i+1)*p/n)).
    {
      parent: 5,
      n: 2,
      expected: [
        [0, 1],
        [2, 3, 4],
      ],
    },
    { parent: 4, n: 3, expected: [[0], [1], [2, 3]] },
    { parent: 6, n: 4, expected: [[0], [1, 2], [3], [4, 5]] },
    {
      parent: 7,
      n: 3,
      expected: [
        [0, 1],
        [2, 3],
        [4, 5, 6],
      ],
    },
    { parent: 3, n: 1, expected: [[0, 1, 2]] },
  ])('merges $parent neighbouring partitions into $n', ({ parent, n, expected }) => {
    const sc = new SparkContext();
    // One element per parent partition, equal to its index.
    const rdd = sc.parallelize(
      Array.from({ length: parent }, (_, i) => i),
      parent,
    );
    const coalesced = rdd.coalesce(n);
    expect(coalesced.getNumPartitions()).toBe(n);
    expect(coalesced.glom().collect()).toEqual(expected);
  });

  it('never grows the partition count', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1, 2, 3, 4], 3);
    expect(rdd.coalesce(10).getNumPartitions()).toBe(3);
    expect(rdd.coalesce(10).glom().collect()).toEqual([[1], [2], [3, 4]]);
    expect(rdd.coalesce(3).glom().collect()).toEqual([[1], [2], [3, 4]]);
  });

  it('keeps the element order', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize(['f', 'e', 'd', 'c', 'b', 'a'], 6);
    expect(rdd.coalesce(2).glom().collect()).toEqual([
      ['f', 'e', 'd'],
      ['c', 'b', 'a'],
    ]);
  });

  it.each([0, -2])('rejects %i partitions', (n) => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1, 2], 2);
    expect(() => rdd.coalesce(n)).toThrow(IllegalArgumentError);
    expect(() => rdd.coalesce(n)).toThrow(
      `requirement failed: Number of partitions (${n}) must be positive.`,
    );
  });

  it('rejects a fractional partition count', () => {
    const sc = new SparkContext();
    expect(() => sc.parallelize([1], 1).coalesce(1.5)).toThrow(
      'requirement failed: Number of partitions (1.5) must be an integer.',
    );
  });
});

describe('pair transformations without a shuffle', () => {
  const data: Pair<string, number>[] = [
    ['a', 1],
    ['b', 2],
    ['a', 3],
  ];

  it('mapValues changes only the values and keeps the partitioner', () => {
    const sc = new SparkContext();
    const pairs = sc.parallelize(data, 2);
    expect(
      pairs
        .mapValues((v) => v * 10)
        .glom()
        .collect(),
    ).toEqual([
      [['a', 10]],
      [
        ['b', 20],
        ['a', 30],
      ],
    ]);
    const partitioned = pairs.partitionBy(new HashPartitioner(2));
    expect(partitioned.mapValues((v) => v + 1).partitioner).toBe(partitioned.partitioner);
    expect(partitioned.map((pair) => pair).partitioner).toBeUndefined();
  });

  it('flatMapValues emits one pair per produced value and keeps the partitioner', () => {
    const sc = new SparkContext();
    const pairs = sc.parallelize(data, 2);
    const expanded = pairs.flatMapValues((v) => Array.from({ length: v - 1 }, (_, i) => i));
    expect(expanded.glom().collect()).toEqual([
      [],
      [
        ['b', 0],
        ['a', 0],
        ['a', 1],
      ],
    ]);
    const partitioned = pairs.partitionBy(3);
    expect(partitioned.flatMapValues((v) => [v]).partitioner).toBe(partitioned.partitioner);
  });

  it('keys and values project the pairs', () => {
    const sc = new SparkContext();
    const pairs = sc.parallelize(data, 2);
    expect(pairs.keys().collect()).toEqual(['a', 'b', 'a']);
    expect(pairs.values().collect()).toEqual([1, 2, 3]);
    expect(pairs.keys().getNumPartitions()).toBe(2);
  });

  it('filter keeps the partitioner, as Spark’s filter preserves partitioning', () => {
    const sc = new SparkContext();
    const partitioned = sc.parallelize(data, 2).partitionBy(new HashPartitioner(2));
    const filtered = partitioned.filter(([, v]) => v > 1);
    expect(filtered.partitioner).toBe(partitioned.partitioner);
  });
});
