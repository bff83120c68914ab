/**
 * Conformance: the cases of Spark's `PairRDDFunctionsSuite` (apache/spark
 * core/src/test/scala/org/apache/spark/rdd/PairRDDFunctionsSuite.scala) and `SortingSuite`
 * (core/src/test/scala/org/apache/spark/rdd/SortingSuite.scala) for the pair and ordered members
 * added here (cogroup and groupWith with two and three others, sampleByKey, subtract,
 * filterByRange, reduceByKeyLocally), and the pair doctests of PySpark's `rdd.py`. Inputs and
 * assertions are Spark's; `sampleByKey`'s are Spark's statistical checks (binomial and Poisson
 * tail probabilities), with Spark's seeds, so they are deterministic.
 */
import { describe, expect, it } from 'vitest';
import {
  HashPartitioner,
  IllegalArgumentError,
  NoSuchElementError,
  type Pair,
  type Partitioner,
  type RDD,
  SparkContext,
} from '../../src/index.js';

function range(from: number, until: number): number[] {
  return Array.from({ length: until - from }, (_, i) => from + i);
}

/** Compare sets of records structurally (Scala's `toSet ===`). */
function asSet(records: readonly unknown[]): string[] {
  return records.map((r) => JSON.stringify(r)).sort();
}

const LOG_FACTORIAL = ((): Float64Array => {
  const table = new Float64Array(1_000_002);
  for (let i = 2; i < table.length; i++) table[i] = (table[i - 1] as number) + Math.log(i);
  return table;
})();

function binomialCdf(k: number, n: number, p: number): number {
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    const log =
      (LOG_FACTORIAL[n] as number) -
      (LOG_FACTORIAL[i] as number) -
      (LOG_FACTORIAL[n - i] as number) +
      i * Math.log(p) +
      (n - i) * Math.log1p(-p);
    sum += Math.exp(log);
  }
  return Math.min(sum, 1);
}

function poissonCdf(k: number, mean: number): number {
  let sum = 0;
  for (let i = 0; i <= k; i++)
    sum += Math.exp(-mean + i * Math.log(mean) - (LOG_FACTORIAL[i] as number));
  return Math.min(sum, 1);
}

describe('PairRDDFunctionsSuite', () => {
  const sc = new SparkContext({ appName: 'PairRDDFunctionsSuite' });

  /** Spark's StratifiedAuxiliary: keys "1" for x % 10 < 10·fractionPositive, else "0". */
  const stratifier =
    (fractionPositive: number) =>
    (x: number): string =>
      x % 10 < Math.trunc(10 * fractionPositive) ? '1' : '0';

  function testSample(
    stratified: RDD<Pair<string, number>>,
    samplingRate: number,
    seed: number,
    n: number,
  ): void {
    const trials = stratified.countByKey();
    const fractions = new Map([
      ['1', samplingRate],
      ['0', samplingRate],
    ]);
    // Without replacement: binomial counts, distinct elements.
    const bernoulli = stratified.sampleByKey(false, fractions, seed);
    for (const [key, count] of bernoulli.countByKey()) {
      const q = binomialCdf(count, trials.get(key) as number, samplingRate);
      expect(q > 0 && q < 1, `p = ${samplingRate}: trials = ${trials.get(key)}`).toBe(true);
    }
    const distinct = bernoulli.collect();
    expect(new Set(distinct.map(([, x]) => x)).size).toBe(distinct.length);
    expect(distinct.every(([, x]) => x >= 1 && x <= n)).toBe(true);
    // With replacement: Poisson counts.
    const poisson = stratified.sampleByKey(true, fractions, seed);
    for (const [key, count] of poisson.countByKey()) {
      const q = poissonCdf(count, samplingRate * (trials.get(key) as number));
      expect(q >= 0.001 && q <= 0.999, `p = ${samplingRate}: trials = ${trials.get(key)}`).toBe(
        true,
      );
    }
    expect(poisson.collect().every(([, x]) => x >= 1 && x <= n)).toBe(true);
  }

  it('PairRDDFunctionsSuite › sampleByKey', () => {
    const defaultSeed = 1;
    for (const n of [100, 1000, 1000000]) {
      const data = sc.parallelize(range(1, n + 1), 2);
      testSample(data.keyBy(stratifier(0.3)), 0.1, defaultSeed, n);
    }
    for (const fractionPositive of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      const data = sc.parallelize(range(1, 101), 2);
      testSample(data.keyBy(stratifier(fractionPositive)), 0.1, defaultSeed, 100);
    }
    const stratified = sc.parallelize(range(1, 101), 2).keyBy(stratifier(0.3));
    for (let seed = defaultSeed; seed <= defaultSeed + 5; seed++) {
      testSample(stratified, 0.1, seed, 100);
    }
    for (const samplingRate of [0.01, 0.05, 0.1, 0.5]) {
      testSample(stratified, samplingRate, defaultSeed, 100);
    }
  });

  it("sampleByKey: Spark's errors for a negative rate and a key without a rate", () => {
    const pairs = sc.parallelize<Pair<string, number>>([
      ['a', 1],
      ['b', 2],
    ]);
    expect(() => pairs.sampleByKey(false, new Map([['a', -0.1]]))).toThrow(IllegalArgumentError);
    expect(() => pairs.sampleByKey(false, new Map([['a', -0.1]]))).toThrow(
      'requirement failed: Negative sampling rates.',
    );
    const missing = pairs.sampleByKey(false, new Map([['a', 1.0]]), 7);
    expect(() => missing.collect()).toThrow(NoSuchElementError);
    expect(() => missing.collect()).toThrow('key not found: b');
    // PySpark's dict works too; rates 1 and 0 keep all and nothing.
    expect(pairs.sampleByKey(false, { a: 1, b: 0 }, 7).collect()).toEqual([['a', 1]]);
  });

  it('PairRDDFunctionsSuite › cogroup with empty RDD', () => {
    const rdd1 = sc.parallelize<Pair<number, number>>([
      [1, 1],
      [1, 2],
      [2, 1],
      [3, 1],
    ]);
    expect(rdd1.cogroup(sc.emptyRDD<Pair<number, number>>()).collect().length).toBeGreaterThan(0);
  });

  it('PairRDDFunctionsSuite › cogroup with groupByed RDD having 0 partitions', () => {
    const rdd1 = sc.parallelize<Pair<number, number>>([
      [1, 1],
      [1, 2],
      [2, 1],
      [3, 1],
    ]);
    const rdd2 = sc.emptyRDD<number>().groupBy(() => 5);
    expect(rdd1.cogroup(rdd2).collect().length).toBeGreaterThan(0);
  });

  const rdd1 = (): RDD<Pair<number, number>> =>
    sc.parallelize<Pair<number, number>>([
      [1, 1],
      [1, 2],
      [2, 1],
      [3, 1],
    ]);
  const rdd2 = (): RDD<Pair<number, string>> =>
    sc.parallelize<Pair<number, string>>([
      [1, 'x'],
      [2, 'y'],
      [2, 'z'],
      [4, 'w'],
    ]);
  const rdd3 = (): RDD<Pair<number, string>> =>
    sc.parallelize<Pair<number, string>>([
      [1, 'a'],
      [3, 'b'],
      [4, 'c'],
      [4, 'd'],
    ]);

  it('PairRDDFunctionsSuite › groupWith', () => {
    const joined = rdd1().groupWith(rdd2()).collect();
    expect(joined).toHaveLength(4);
    expect(asSet(joined)).toEqual(
      asSet([
        [1, [[1, 2], ['x']]],
        [2, [[1], ['y', 'z']]],
        [3, [[1], []]],
        [4, [[], ['w']]],
      ]),
    );
  });

  it('PairRDDFunctionsSuite › groupWith3', () => {
    const joined = rdd1().groupWith(rdd2(), rdd3()).collect();
    expect(joined).toHaveLength(4);
    expect(asSet(joined)).toEqual(
      asSet([
        [1, [[1, 2], ['x'], ['a']]],
        [2, [[1], ['y', 'z'], []]],
        [3, [[1], [], ['b']]],
        [4, [[], ['w'], ['c', 'd']]],
      ]),
    );
  });

  it('PairRDDFunctionsSuite › groupWith4', () => {
    const rdd4 = sc.parallelize<Pair<number, string>>([[2, '@']]);
    const joined = rdd1().groupWith(rdd2(), rdd3(), rdd4).collect();
    expect(joined).toHaveLength(4);
    expect(asSet(joined)).toEqual(
      asSet([
        [1, [[1, 2], ['x'], ['a'], []]],
        [2, [[1], ['y', 'z'], [], ['@']]],
        [3, [[1], [], ['b'], []]],
        [4, [[], ['w'], ['c', 'd'], []]],
      ]),
    );
  });

  it('cogroup with two and three others, into a partition count or partitioner', () => {
    const three = rdd1().cogroup(rdd2(), rdd3(), 3);
    expect(three.getNumPartitions()).toBe(3);
    expect(asSet(three.collect())).toEqual(asSet(rdd1().groupWith(rdd2(), rdd3()).collect()));
    const four = rdd1().cogroup(rdd2(), rdd3(), rdd3(), new HashPartitioner(5));
    expect(four.partitioner?.equals(new HashPartitioner(5))).toBe(true);
    expect(four.lookup(4)).toEqual([[[], ['w'], ['c', 'd'], ['c', 'd']]]);
  });

  it('PairRDDFunctionsSuite › subtract', () => {
    const a = sc.parallelize([1, 2, 3], 2);
    const b = sc.parallelize([2, 3, 4], 4);
    const c = a.subtract(b);
    expect(c.collect()).toEqual([1]);
    expect(c.getNumPartitions()).toBe(a.getNumPartitions());
  });

  it('PairRDDFunctionsSuite › subtract with narrow dependency', () => {
    const p: Partitioner = {
      numPartitions: 5,
      getPartition: (key) => key as number,
      equals: (other) => other === p,
    };
    const a = sc
      .parallelize<Pair<number, string>>([
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ])
      .partitionBy(p);
    const b = sc.parallelize<Pair<number, string>>(
      [
        [2, 'b'],
        [3, 'cc'],
        [4, 'd'],
      ],
      4,
    );
    const c = a.subtract(b);
    expect(asSet(c.collect())).toEqual(
      asSet([
        [1, 'a'],
        [3, 'c'],
      ]),
    );
    expect(c.partitioner).toBeUndefined();
  });

  it("rdd.py › subtract (PySpark's doctest)", () => {
    const a = sc.parallelize<Pair<string, number | null>>([
      ['a', 1],
      ['b', 4],
      ['b', 5],
      ['a', 3],
    ]);
    const b = sc.parallelize<Pair<string, number | null>>([
      ['a', 3],
      ['c', null],
    ]);
    expect(asSet(a.subtract(b).collect())).toEqual(
      asSet([
        ['a', 1],
        ['b', 4],
        ['b', 5],
      ]),
    );
  });

  it("rdd.py › reduceByKeyLocally (PySpark's doctest)", () => {
    const rdd = sc.parallelize<Pair<string, number>>([
      ['a', 1],
      ['b', 1],
      ['a', 1],
    ]);
    expect([...rdd.reduceByKeyLocally((a, b) => a + b)].sort()).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it("rdd.py › cogroup (PySpark's doctest)", () => {
    const x = sc.parallelize<Pair<string, number>>([
      ['a', 1],
      ['b', 4],
    ]);
    const y = sc.parallelize<Pair<string, number>>([['a', 2]]);
    expect(x.cogroup(y).collect().sort()).toEqual([
      ['a', [[1], [2]]],
      ['b', [[4], []]],
    ]);
  });

  it("rdd.py › groupBy and partitionBy(numPartitions) (PySpark's doctests)", () => {
    const grouped = sc
      .parallelize([1, 1, 2, 3, 5, 8])
      .groupBy((x) => x % 2)
      .collect()
      .map(([k, vs]) => [k, [...vs].sort()])
      .sort();
    expect(grouped).toEqual([
      [0, [2, 8]],
      [1, [1, 1, 3, 5]],
    ]);
    const pairs = sc.parallelize([1, 2, 3, 4, 2, 4, 1]).map((x) => [x, x]);
    const sets = pairs.partitionBy(2).glom().collect();
    const first = new Set((sets[0] ?? []).map((p) => p[0]));
    expect((sets[1] ?? []).filter((p) => first.has(p[0]))).toEqual([]);
  });

  it("partitionBy(numPartitions, partitionFunc): PySpark's placement, partitionFunc(k) mod n", () => {
    const byLength = (word: string): number => word.length;
    const pairs = sc.parallelize(['a', 'bb', 'ccc', 'dddd', 'eeeee']).map((w) => [w, 1]);
    const placed = pairs.partitionBy(3, byLength);
    expect(placed.glom().collect()).toEqual([
      [['ccc', 1]],
      [
        ['a', 1],
        ['dddd', 1],
      ],
      [
        ['bb', 1],
        ['eeeee', 1],
      ],
    ]);
    // The same count and function: already partitioned, the same RDD.
    expect(placed.partitionBy(3, byLength)).toBe(placed);
    expect(placed.partitionBy(3, (w) => w.length)).not.toBe(placed);
    const negative = sc.parallelize([[-1, 'x']] as const).partitionBy(3, (k) => k);
    expect(negative.glom().collect()).toEqual([[], [], [[-1, 'x']]]);
  });
});

describe('SortingSuite (filterByRange)', () => {
  const sc = new SparkContext({ appName: 'SortingSuite' });

  /** (1000 to 1 by -1).map(x => (x, x)), 10 partitions, sorted descending. */
  const descendingSorted = (): RDD<Pair<number, number>> =>
    sc
      .parallelize(
        range(1, 1001)
          .reverse()
          .map((x): Pair<number, number> => [x, x]),
        10,
      )
      .sortByKey(false);

  it('SortingSuite › get a range of elements in a sorted RDD that is on one partition', () => {
    const pairArr = range(1, 1001).map((x): Pair<number, number> => [x, x]);
    const sorted = sc.parallelize(pairArr, 10).sortByKey();
    const result = sorted.filterByRange(20, 40);
    expect(result.collect().map((p) => p[0])).toEqual(range(20, 41));
    // Only the partitions that may hold keys in range are scanned.
    expect(result.getNumPartitions()).toBe(1);
  });

  it('SortingSuite › get a range of elements over multiple partitions in a descendingly sorted RDD', () => {
    const sorted = descendingSorted();
    expect(
      sorted
        .filterByRange(200, 800)
        .collect()
        .map((p) => p[0]),
    ).toEqual(range(200, 801).reverse());
  });

  it('SortingSuite › get a range of elements in an array not partitioned by a range partitioner', () => {
    const shuffled = range(1, 1001).sort((a, b) => ((a * 7919) % 1009) - ((b * 7919) % 1009));
    const pairs = sc.parallelize(
      shuffled.map((x): Pair<number, number> => [x, x]),
      10,
    );
    const result = pairs.filterByRange(200, 800);
    expect(
      result
        .collect()
        .map((p) => p[0])
        .sort((a, b) => a - b),
    ).toEqual(range(200, 801));
    expect(result.getNumPartitions()).toBe(10);
  });

  it('SortingSuite › get a range of elements over multiple partitions but not taking up full partitions', () => {
    const sorted = descendingSorted();
    expect(
      sorted
        .filterByRange(250, 850)
        .collect()
        .map((p) => p[0]),
    ).toEqual(range(250, 851).reverse());
  });
});
