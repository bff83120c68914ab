/**
 * Conformance: the cases of Spark's `RDDSuite` (apache/spark
 * core/src/test/scala/org/apache/spark/rdd/RDDSuite.scala) and `PipedRDDSuite`
 * (core/src/test/scala/org/apache/spark/rdd/PipedRDDSuite.scala) for the RDD members a
 * streaming program reaches through `transform` and `foreachRDD`. Inputs and assertions are
 * Spark's; where Spark's test is statistical (sampling, approximate counts), so is this one.
 * `takeSample` uses 1e5 elements instead of 1e6 to keep the suite fast.
 */
import { describe, expect, it } from 'vitest';
import {
  HashPartitioner,
  IllegalArgumentError,
  IllegalStateError,
  type Pair,
  type Partitioner,
  RDD,
  SparkContext,
  SparkError,
  UnsupportedOperationError,
} from '../../src/index.js';
import { PartitionPruningRDD } from '../../src/rdd/partition-pruning-rdd.js';
import { PartitionerAwareUnionRDD } from '../../src/rdd/partitioner-aware-union-rdd.js';

/** Scala's `a until b` / `a to b`. */
function range(from: number, until: number, step = 1): number[] {
  const out: number[] = [];
  for (let x = from; x < until; x += step) out.push(x);
  return out;
}

const numeric = (a: number, b: number): number => a - b;

describe('RDDSuite', () => {
  const sc = new SparkContext({ master: 'local[2]', appName: 'RDDSuite' });

  it('RDDSuite › basic operations', () => {
    const nums = sc.makeRDD([1, 2, 3, 4], 2);
    expect(nums.getNumPartitions()).toBe(2);
    expect(nums.collect()).toEqual([1, 2, 3, 4]);
    expect([...nums.toLocalIterator()]).toEqual([1, 2, 3, 4]);
    const dups = sc.makeRDD([1, 1, 2, 2, 3, 3, 4, 4], 2);
    expect(dups.distinct().count()).toBe(4);
    expect(dups.distinct(2).collect()).toEqual(dups.distinct().collect());
    expect(nums.reduce((a, b) => a + b)).toBe(10);
    expect(nums.fold(0, (a, b) => a + b)).toBe(10);
    expect(nums.union(nums).collect()).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    expect(nums.keyBy(String).collect()).toEqual([
      ['1', 1],
      ['2', 2],
      ['3', 3],
      ['4', 4],
    ]);
    expect(nums.isEmpty()).toBe(false);
    expect(nums.max()).toBe(4);
    expect(nums.min()).toBe(1);
    const partitionSumsWithSplit = nums.mapPartitionsWithIndex((split, items) => [
      [split, [...items].reduce((a, b) => a + b, 0)],
    ]);
    expect(partitionSumsWithSplit.collect()).toEqual([
      [0, 3],
      [1, 7],
    ]);
    expect(() => nums.filter((x) => x > 5).reduce((a, b) => a + b)).toThrow(
      UnsupportedOperationError,
    );
  });

  it('RDDSuite › countApproxDistinct', () => {
    const error = (est: number, size: number): number => Math.abs(est - size) / size;
    const size = 1000;
    const uniformDistro = range(1, 5001).map((i) => i % size);
    const simpleRdd = sc.makeRDD(uniformDistro, 10);
    expect(error(simpleRdd.countApproxDistinct(8, 0), size)).toBeLessThan(0.2);
    expect(error(simpleRdd.countApproxDistinct(12, 0), size)).toBeLessThan(0.1);
    expect(error(simpleRdd.countApproxDistinct(0.02), size)).toBeLessThan(0.1);
    expect(error(simpleRdd.countApproxDistinct(0.5), size)).toBeLessThan(0.22);
  });

  it("countApproxDistinct checks its arguments with Spark's texts", () => {
    const rdd = sc.makeRDD([1, 2, 3]);
    expect(() => rdd.countApproxDistinct(0.000001)).toThrow(
      'requirement failed: accuracy (1.0E-6) must be greater than 0.000017',
    );
    expect(() => rdd.countApproxDistinct(3, 0)).toThrow('requirement failed: p (3) must be >= 4');
    expect(() => rdd.countApproxDistinct(4, 33)).toThrow(
      'requirement failed: sp (33) must be <= 32',
    );
    expect(() => rdd.countApproxDistinct(12, 8)).toThrow(
      'requirement failed: p (12) cannot be greater than sp (8)',
    );
    expect(sc.emptyRDD<number>().countApproxDistinct()).toBe(0);
  });

  it('RDDSuite › SparkContext.union', () => {
    const nums = sc.makeRDD([1, 2, 3, 4], 2);
    expect(sc.union([nums]).collect()).toEqual([1, 2, 3, 4]);
    expect(sc.union([nums, nums]).collect()).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
  });

  const withPartitioner = (): RDD<Pair<number, boolean>> =>
    sc.parallelize<Pair<number, boolean>>([[1, true]]).partitionBy(new HashPartitioner(1));

  it('RDDSuite › SparkContext.union creates UnionRDD if at least one RDD has no partitioner', () => {
    const union = sc.union([sc.parallelize<Pair<number, boolean>>([[2, true]]), withPartitioner()]);
    expect(union.node.className).toBe('UnionRDD');
  });

  it('RDDSuite › SparkContext.union creates PartitionAwareUnionRDD if all RDDs have partitioners', () => {
    const rdd = withPartitioner();
    expect(sc.union([rdd, rdd]).node.className).toBe('PartitionerAwareUnionRDD');
    expect(rdd.union(rdd).node.className).toBe('PartitionerAwareUnionRDD');
  });

  it('RDDSuite › PartitionAwareUnionRDD raises exception if at least one RDD has no partitioner', () => {
    const noPartitioner = sc.parallelize<Pair<number, boolean>>([[2, true]]);
    expect(
      () => new PartitionerAwareUnionRDD(sc, [noPartitioner.node, withPartitioner().node]),
    ).toThrow(IllegalArgumentError);
  });

  it('RDDSuite › SPARK-23778: empty RDD in union should not produce a UnionRDD', () => {
    const empty = sc.emptyRDD<Pair<number, boolean>>();
    expect(sc.union([empty, withPartitioner()]).node.className).toBe('PartitionerAwareUnionRDD');
    const allEmpty = sc.union([empty, empty]);
    expect(allEmpty.node.className).toBe('UnionRDD');
    expect(allEmpty.collect()).toEqual([]);
  });

  it('RDDSuite › partitioner aware union', () => {
    const makeRDDWithPartitioner = (seq: number[]): RDD<number> =>
      sc
        .makeRDD(seq, 1)
        .map((x): Pair<number, null> => [x, null])
        .partitionBy(new HashPartitioner(2))
        .mapPartitions((items) => [...items].map((pair) => pair[0]), true);
    const nums1 = makeRDDWithPartitioner([1, 2, 3, 4]);
    const nums2 = makeRDDWithPartitioner([5, 6, 7, 8]);
    expect(nums1.partitioner?.equals(nums2.partitioner as Partitioner)).toBe(true);
    expect(new RDD(new PartitionerAwareUnionRDD(sc, [nums1.node])).collect().sort()).toEqual([
      1, 2, 3, 4,
    ]);
    const union = new RDD(new PartitionerAwareUnionRDD(sc, [nums1.node, nums2.node]));
    expect(union.collect().sort(numeric)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const nums1Parts = nums1.glom().collect();
    const nums2Parts = nums2.glom().collect();
    const unionParts = union.glom().collect();
    expect(unionParts).toHaveLength(2);
    expect(unionParts[0]).toEqual([...(nums1Parts[0] ?? []), ...(nums2Parts[0] ?? [])]);
    expect(unionParts[1]).toEqual([...(nums1Parts[1] ?? []), ...(nums2Parts[1] ?? [])]);
    expect(union.partitioner).toBe(nums1.partitioner);
  });

  it('RDDSuite › treeAggregate', () => {
    const rdd = sc.makeRDD(range(-1000, 1000), 10);
    for (let depth = 1; depth < 10; depth++) {
      expect(
        rdd.treeAggregate(
          0,
          (c, x) => c + x,
          (a, b) => a + b,
          depth,
        ),
      ).toBe(-1000);
    }
  });

  it('RDDSuite › treeAggregate with ops modifying first args', () => {
    const rdd = sc.makeRDD(range(-1000, 1000), 10).map((x) => [x]);
    const op = (c: number[], x: number[]): number[] => {
      c[0] = (c[0] as number) + (x[0] as number);
      return c;
    };
    for (let depth = 1; depth < 10; depth++) {
      expect(rdd.treeAggregate([0], op, op, depth)[0]).toBe(-1000);
    }
  });

  it('RDDSuite › treeReduce', () => {
    const rdd = sc.makeRDD(range(-1000, 1000), 10);
    for (let depth = 1; depth < 10; depth++) {
      expect(rdd.treeReduce((a, b) => a + b, depth)).toBe(-1000);
    }
  });

  it("treeAggregate and treeReduce check the depth with Spark's text; treeReduce of nothing fails", () => {
    const rdd = sc.makeRDD([1, 2]);
    expect(() => rdd.treeReduce((a, b) => a + b, 0)).toThrow(
      'requirement failed: Depth must be greater than or equal to 1 but got 0.',
    );
    expect(() =>
      rdd.treeAggregate(
        0,
        (a, b) => a + b,
        (a, b) => a + b,
        0,
      ),
    ).toThrow('requirement failed: Depth must be greater than or equal to 1 but got 0.');
    expect(() => sc.makeRDD<number>([], 3).treeReduce((a, b) => a + b)).toThrow(
      /^empty collection$/,
    );
    expect(
      sc.emptyRDD<number>().treeAggregate(
        7,
        (a, b) => a + b,
        (a, b) => a + b,
      ),
    ).toBe(7);
  });

  it('RDDSuite › zipped RDDs', () => {
    const nums = sc.makeRDD([1, 2, 3, 4], 2);
    const zipped = nums.zip(nums.map((x) => x + 1.5));
    expect(zipped.glom().collect()).toEqual([
      [
        [1, 2.5],
        [2, 3.5],
      ],
      [
        [3, 4.5],
        [4, 5.5],
      ],
    ]);
    expect(() => nums.zip(sc.parallelize(range(1, 5), 1)).collect()).toThrow(IllegalArgumentError);
    expect(() => nums.zip(sc.parallelize(range(1, 5), 1)).collect()).toThrow(
      "Can't zip RDDs with unequal numbers of partitions: List(2, 1)",
    );
    expect(() => nums.zip(sc.parallelize(range(1, 6), 2)).collect()).toThrow(SparkError);
    expect(() => nums.zip(sc.parallelize(range(1, 6), 2)).collect()).toThrow(
      'Can only zip RDDs with same number of elements in each partition',
    );
  });

  it('zipPartitions zips partitions of two, three and four RDDs', () => {
    const a = sc.makeRDD([1, 2, 3, 4], 2);
    const b = sc.makeRDD(['a', 'b', 'c'], 2);
    const sizes = a.zipPartitions(b, (xs, ys) => [[...xs].length + [...ys].length]);
    expect(sizes.collect()).toEqual([3, 4]);
    const three = a.zipPartitions(b, a, (xs, ys, zs) => [[...xs, ...ys, ...zs].length]);
    expect(three.collect()).toEqual([5, 6]);
    const four = a.zipPartitions(b, a, b, true, (w, x, y, z) => [[...w, ...x, ...y, ...z].length]);
    expect(four.collect()).toEqual([6, 8]);
  });

  it('RDDSuite › partition pruning', () => {
    const data = sc.parallelize(range(1, 11), 10);
    const pruned = new RDD(new PartitionPruningRDD(data.node, (split) => split > 8, 'prune'));
    expect(pruned.getNumPartitions()).toBe(1);
    expect(pruned.collect()).toEqual([10]);
  });

  it('RDDSuite › top with predefined ordering', () => {
    const nums = range(1, 100000);
    const shuffled = [...nums].sort((a, b) => ((a * 7919) % 100003) - ((b * 7919) % 100003));
    const topK = sc.makeRDD(shuffled, 2).top(5);
    expect(topK).toEqual(nums.reverse().slice(0, 5));
  });

  it('RDDSuite › top with custom ordering', () => {
    const reverse = (a: string, b: string): number => (a < b ? 1 : a > b ? -1 : 0);
    const topK = sc.makeRDD(['a', 'b', 'c', 'd'], 2).top(2, reverse);
    expect(topK.sort()).toEqual(['a', 'b']);
  });

  it('RDDSuite › takeOrdered with predefined ordering', () => {
    expect(sc.makeRDD(range(1, 11), 2).takeOrdered(5)).toEqual([1, 2, 3, 4, 5]);
  });

  it('RDDSuite › takeOrdered with limit 0', () => {
    expect(sc.makeRDD(range(1, 11), 2).takeOrdered(0)).toEqual([]);
  });

  it('RDDSuite › SPARK-40276: takeOrdered with empty RDDs', () => {
    expect(sc.emptyRDD<number>().takeOrdered(5)).toEqual([]);
    expect(
      sc
        .range(0, 10, 1, 3)
        .filter((x) => x < 0)
        .takeOrdered(5),
    ).toEqual([]);
  });

  it('RDDSuite › takeOrdered with custom ordering', () => {
    const reverse = (a: number, b: number): number => b - a;
    expect(sc.makeRDD(range(1, 11), 2).takeOrdered(5, reverse)).toEqual([10, 9, 8, 7, 6]);
  });

  it('RDDSuite › sample preserves partitioner', () => {
    const partitioner = new HashPartitioner(2);
    const rdd = sc
      .parallelize<Pair<number, number>>([
        [0, 1],
        [2, 3],
      ])
      .partitionBy(partitioner);
    for (const withReplacement of [true, false]) {
      expect(rdd.sample(withReplacement, 1.0).partitioner).toBe(rdd.partitioner);
    }
  });

  it('RDDSuite › takeSample', () => {
    const n = 100000;
    const data = sc.parallelize(range(1, n + 1), 2);
    const inRange = (xs: number[]): boolean => xs.every((x) => x >= 1 && x <= n);
    for (const num of [5, 20, 100]) {
      const sample = data.takeSample(false, num);
      expect(sample).toHaveLength(num);
      expect(new Set(sample).size).toBe(num);
      expect(inRange(sample)).toBe(true);
    }
    for (let seed = 1; seed <= 5; seed++) {
      for (const num of [20, 100]) {
        const sample = data.takeSample(false, num, seed);
        expect(sample).toHaveLength(num);
        expect(new Set(sample).size).toBe(num);
        expect(inRange(sample)).toBe(true);
      }
      const withReplacement = data.takeSample(true, 20, seed);
      expect(withReplacement).toHaveLength(20);
      expect(inRange(withReplacement)).toBe(true);
    }
    const all = data.takeSample(true, n, 1);
    expect(all).toHaveLength(n);
    // The chance of every element being distinct is astronomically low.
    expect(new Set(all).size).toBeLessThan(n);
    const twice = data.takeSample(true, 2 * n, 2);
    expect(twice).toHaveLength(2 * n);
    expect(new Set(twice).size).toBeLessThan(n);
  });

  it('RDDSuite › takeSample from an empty rdd', () => {
    expect(sc.parallelize<number>([], 2).takeSample(false, 20, 1)).toEqual([]);
  });

  it("takeSample: the same seed gives the same sample; Spark's argument checks", () => {
    const data = sc.parallelize(range(0, 100), 4);
    expect(data.takeSample(false, 10, 42)).toEqual(data.takeSample(false, 10, 42));
    expect(() => data.takeSample(false, -1)).toThrow(
      'requirement failed: Negative number of elements requested',
    );
    expect(() => data.takeSample(false, 2 ** 31)).toThrow(
      'requirement failed: Cannot support a sample size > Int.MaxValue - 10.0 * math.sqrt(Int.MaxValue)',
    );
  });

  it('RDDSuite › randomSplit', () => {
    const n = 600;
    const data = sc.parallelize(range(1, n + 1), 2);
    for (let seed = 1; seed <= 5; seed++) {
      const splits = data.randomSplit([1.0, 2.0, 3.0], seed);
      expect(splits).toHaveLength(3);
      expect(splits.flatMap((s) => s.collect()).sort(numeric)).toEqual(data.collect());
      const s = splits.map((split) => split.count());
      expect(Math.abs((s[0] as number) - 100)).toBeLessThan(50);
      expect(Math.abs((s[1] as number) - 200)).toBeLessThan(50);
      expect(Math.abs((s[2] as number) - 300)).toBeLessThan(50);
    }
  });

  it("sample and randomSplit check their arguments with Spark's texts", () => {
    const data = sc.parallelize([1, 2, 3]);
    expect(() => data.sample(false, -1)).toThrow(
      'requirement failed: Fraction must be nonnegative, but got -1.0',
    );
    expect(() => data.randomSplit([1, -1])).toThrow(
      'requirement failed: Weights must be nonnegative, but got [1.0,-1.0]',
    );
    expect(() => data.randomSplit([0, 0])).toThrow(
      'requirement failed: Sum of weights must be positive, but got [0.0,0.0]',
    );
  });

  const repartitionData = (): RDD<Pair<number, number>> =>
    sc.parallelize<Pair<number, number>>(
      [
        [0, 5],
        [3, 8],
        [2, 6],
        [0, 8],
        [3, 8],
        [1, 3],
      ],
      2,
    );

  it('RDDSuite › repartitionAndSortWithinPartitions', () => {
    const data = repartitionData();
    const partitioner: Partitioner = {
      numPartitions: 2,
      getPartition: (key) => (key as number) % 2,
      equals: (other) => other === partitioner,
    };
    const partitions = data.repartitionAndSortWithinPartitions(partitioner).glom().collect();
    expect(partitions[0]).toEqual([
      [0, 5],
      [0, 8],
      [2, 6],
    ]);
    expect(partitions[1]).toEqual([
      [1, 3],
      [3, 8],
      [3, 8],
    ]);
  });

  it('RDDSuite › SPARK-32384: repartitionAndSortWithinPartitions without shuffle', () => {
    const data = repartitionData();
    const partitioner = new HashPartitioner(2);
    const agged = data.reduceByKey((a, b) => a + b, 2);
    expect(agged.partitioner?.equals(partitioner)).toBe(true);
    const sorted = agged.repartitionAndSortWithinPartitions(partitioner);
    expect(sorted.partitioner?.equals(partitioner)).toBe(true);
    expect(sorted.node.dependencies.every((dependency) => !dependency.shuffle)).toBe(true);
  });

  it('RDDSuite › cartesian on empty RDD', () => {
    const a = sc.emptyRDD<number>();
    const b = sc.parallelize([1, 2, 3]);
    expect(a.cartesian(a).collect()).toEqual([]);
    expect(a.cartesian(b).collect()).toEqual([]);
    expect(b.cartesian(a).collect()).toEqual([]);
  });

  it('RDDSuite › cartesian on non-empty RDDs', () => {
    const a = sc.parallelize([1, 2, 3]);
    const b = sc.parallelize([2, 3, 4]);
    const c = sc.parallelize([1]);
    const sorted = (pairs: Pair<number, number>[]): Pair<number, number>[] =>
      [...pairs].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    expect(sorted(a.cartesian(b).collect())).toEqual([
      [1, 2],
      [1, 3],
      [1, 4],
      [2, 2],
      [2, 3],
      [2, 4],
      [3, 2],
      [3, 3],
      [3, 4],
    ]);
    expect(sorted(a.cartesian(c).collect())).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    expect(sorted(c.cartesian(a).collect())).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
    expect(a.cartesian(b).getNumPartitions()).toBe(4);
  });

  it('RDDSuite › intersection', () => {
    const all = sc.parallelize(range(1, 11));
    const evens = sc.parallelize(range(2, 11, 2));
    expect(all.intersection(evens).collect().sort(numeric)).toEqual([2, 4, 6, 8, 10]);
    expect(evens.intersection(all).collect().sort(numeric)).toEqual([2, 4, 6, 8, 10]);
  });

  it('RDDSuite › intersection strips duplicates in an input', () => {
    const a = sc.parallelize([1, 2, 3, 3]);
    const b = sc.parallelize([1, 1, 2, 3]);
    expect(a.intersection(b).collect().sort(numeric)).toEqual([1, 2, 3]);
    expect(b.intersection(a).collect().sort(numeric)).toEqual([1, 2, 3]);
  });

  it('RDDSuite › zipWithUniqueId', () => {
    const ranked = sc.parallelize(range(0, 10), 3).zipWithUniqueId();
    expect(
      ranked
        .map((pair) => pair[0])
        .distinct()
        .collect(),
    ).toHaveLength(10);
    // Items of the k-th of n partitions get k, n + k, 2n + k, ...
    expect(ranked.glom().collect()).toEqual([
      [
        [0, 0],
        [1, 3],
        [2, 6],
      ],
      [
        [3, 1],
        [4, 4],
        [5, 7],
      ],
      [
        [6, 2],
        [7, 5],
        [8, 8],
        [9, 11],
      ],
    ]);
  });

  it('groupBy keys the elements by f (Spark: groupBy[K](f)(...) into a partitioner)', () => {
    const grouped = sc.parallelize([1, 1, 2, 3, 5, 8]).groupBy((x) => x % 2, 3);
    expect(grouped.getNumPartitions()).toBe(3);
    expect(
      grouped
        .collect()
        .map(([k, vs]) => [k, [...vs].sort(numeric)])
        .sort((x, y) => (x[0] as number) - (y[0] as number)),
    ).toEqual([
      [0, [2, 8]],
      [1, [1, 1, 3, 5]],
    ]);
  });

  it('max and min: Spark keeps the first of equal elements; an empty RDD fails', () => {
    const pairs = sc.parallelize<Pair<string, number>>([
      ['b', 1],
      ['a', 2],
      ['c', 1],
    ]);
    expect(pairs.max((p, q) => p[1] - q[1])).toEqual(['a', 2]);
    expect(pairs.min((p, q) => p[1] - q[1])).toEqual(['b', 1]);
    expect(() => sc.emptyRDD<number>().max()).toThrow(/^empty collection$/);
  });
});

describe('PipedRDDSuite', () => {
  const sc = new SparkContext({ appName: 'PipedRDDSuite' });

  it('PipedRDDSuite › basic pipe', () => {
    const piped = sc.makeRDD([1, 2, 3, 4], 2).pipe(['cat']);
    expect(piped.collect()).toEqual(['1', '2', '3', '4']);
  });

  it('PipedRDDSuite › basic pipe with tokenization', () => {
    const nums = sc.makeRDD([1, 2, 3, 4], 2);
    for (const piped of [nums.pipe('wc -l'), nums.pipe('wc -l', {})]) {
      expect(piped.collect().map((line) => line.trim())).toEqual(['2', '2']);
    }
  });

  it('PipedRDDSuite › pipe with empty partition', () => {
    const piped = sc.parallelize(['foo', 'bing'], 8).pipe('wc -c');
    expect(piped.count()).toBe(8);
    expect(new Set(piped.map((line) => Number(line.trim())).collect())).toEqual(new Set([0, 4, 5]));
  });

  it('PipedRDDSuite › pipe with env variable', () => {
    const piped = sc
      .makeRDD([1, 2, 3, 4], 2)
      .pipe('printenv MY_TEST_ENV', { MY_TEST_ENV: 'LALALA' });
    expect(piped.collect()).toEqual(['LALALA', 'LALALA']);
  });

  it('PipedRDDSuite › pipe with process which cannot be launched due to bad command', () => {
    const piped = sc.makeRDD([1, 2, 3, 4], 2).pipe(['some_nonexistent_command']);
    expect(() => piped.collect()).toThrow(SparkError);
    expect(() => piped.collect()).toThrow('some_nonexistent_command');
  });

  it('PipedRDDSuite › pipe with process which is launched but fails with non-zero exit status', () => {
    const piped = sc.makeRDD([1, 2, 3, 4], 2).pipe(['cat', 'nonexistent_file']);
    expect(() => piped.collect()).toThrow(IllegalStateError);
    expect(() => piped.collect()).toThrow(
      'Subprocess exited with status 1. Command ran: cat nonexistent_file',
    );
  });

  it("PySpark's doctest: empty lines survive the pipe", () => {
    expect(sc.parallelize(['1', '2', '', '3']).pipe('cat').collect()).toEqual(['1', '2', '', '3']);
  });
});
