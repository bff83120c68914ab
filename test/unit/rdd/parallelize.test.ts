import { describe, expect, it } from 'vitest';
import { IllegalArgumentError, SparkContext } from '../../../src/index.js';

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

describe('SparkContext.parallelize slicing', () => {
  it.each([
    {
      n: 5,
      k: 2,
      expected: [
        [0, 1],
        [2, 3, 4],
      ],
    },
    {
      n: 7,
      k: 3,
      expected: [
        [0, 1],
        [2, 3],
        [4, 5, 6],
      ],
    },
    {
      n: 10,
      k: 4,
      expected: [
        [0, 1],
        [2, 3, 4],
        [5, 6],
        [7, 8, 9],
      ],
    },
    { n: 6, k: 6, expected: [[0], [1], [2], [3], [4], [5]] },
    { n: 4, k: 1, expected: [[0, 1, 2, 3]] },
    // n < k: Spark's formula leaves the leading slices empty, not the trailing ones.
    { n: 2, k: 5, expected: [[], [], [0], [], [1]] },
    { n: 1, k: 3, expected: [[], [], [0]] },
    { n: 0, k: 3, expected: [[], [], []] },
  ])('puts $n elements into $k slices as Spark does', ({ n, k, expected }) => {
    const sc = new SparkContext();
    const rdd = sc.parallelize(range(n), k);
    expect(rdd.getNumPartitions()).toBe(k);
    expect(rdd.glom().collect()).toEqual(expected);
  });

  it('gives partition i the elements [floor(i*n/k), floor((i+1)*n/k)) for every small n and k', () => {
    const sc = new SparkContext();
    for (let n = 0; n <= 13; n++) {
      for (let k = 1; k <= 9; k++) {
        const data = range(n).map((i) => `x${i}`);
        const expected = range(k).map((i) =>
          data.slice(Math.floor((i * n) / k), Math.floor(((i + 1) * n) / k)),
        );
        expect(sc.parallelize(data, k).glom().collect()).toEqual(expected);
      }
    }
  });

  it('keeps the element order across partitions', () => {
    const sc = new SparkContext();
    expect(sc.parallelize(['c', 'a', 'b', 'a'], 3).collect()).toEqual(['c', 'a', 'b', 'a']);
  });

  it('accepts any iterable, not only arrays', () => {
    const sc = new SparkContext();
    function* letters(): Generator<string> {
      yield 'x';
      yield 'y';
      yield 'z';
    }
    expect(sc.parallelize(letters(), 2).glom().collect()).toEqual([['x'], ['y', 'z']]);
    expect(
      sc
        .parallelize(new Set([3, 1, 3, 2]), 2)
        .glom()
        .collect(),
    ).toEqual([[3], [1, 2]]);
  });

  it('uses 2 slices by default (local[2]) and defaultParallelism when it is set', () => {
    expect(new SparkContext().parallelize([1, 2, 3]).glom().collect()).toEqual([[1], [2, 3]]);
    const sc = new SparkContext({ defaultParallelism: 3 });
    expect(sc.defaultParallelism).toBe(3);
    expect(sc.parallelize([1, 2, 3]).glom().collect()).toEqual([[1], [2], [3]]);
  });

  it('is an alias of makeRDD', () => {
    const sc = new SparkContext();
    expect(sc.makeRDD([1, 2, 3, 4], 3).glom().collect()).toEqual([[1], [2], [3, 4]]);
  });

  it.each([0, -1, -10])(
    'rejects %i slices with IllegalArgumentError "Positive number of partitions required"',
    (numSlices) => {
      const sc = new SparkContext();
      expect(() => sc.parallelize([1, 2], numSlices)).toThrow(IllegalArgumentError);
      expect(() => sc.parallelize([1, 2], numSlices)).toThrow(
        /^Positive number of partitions required$/,
      );
    },
  );

  it.each([1.5, 0.5, Number.NaN])('rejects the non-integer slice count %d', (numSlices) => {
    const sc = new SparkContext();
    expect(() => sc.parallelize([1, 2], numSlices)).toThrow(IllegalArgumentError);
    expect(() => sc.parallelize([1, 2], numSlices)).toThrow(
      `requirement failed: Number of partitions (${numSlices}) must be an integer.`,
    );
  });
});

describe('SparkContext.emptyRDD and union', () => {
  it('emptyRDD has no partitions and no elements', () => {
    const sc = new SparkContext();
    const empty = sc.emptyRDD<number>();
    expect(empty.getNumPartitions()).toBe(0);
    expect(empty.collect()).toEqual([]);
    expect(empty.glom().collect()).toEqual([]);
    expect(empty.count()).toBe(0);
  });

  it('sc.union concatenates the partitions of every RDD, in order, keeping duplicates', () => {
    const sc = new SparkContext();
    const a = sc.parallelize([1, 2, 3], 2);
    const b = sc.parallelize([3], 1);
    const c = sc.parallelize([4, 5], 2);
    const all = sc.union([a, b, c]);
    expect(all.getNumPartitions()).toBe(5);
    expect(all.glom().collect()).toEqual([[1], [2, 3], [3], [4], [5]]);
  });

  it('gives each RDD of a context its own increasing id', () => {
    const sc = new SparkContext();
    const a = sc.parallelize([1]);
    const b = a.map((x) => x + 1);
    const c = sc.emptyRDD<number>();
    expect([a.id, b.id, c.id]).toEqual([0, 1, 2]);
    expect(b.context).toBe(sc);
    expect(b.sparkContext).toBe(sc);
  });
});
