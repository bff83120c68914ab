import { describe, expect, it } from 'vitest';
import { HashPartitioner, IllegalArgumentError, SparkContext } from '../../../src/index.js';
import type { Pair } from '../../../src/index.js';
import { hashKey, javaStringHash } from '../../../src/rdd/key-hash.js';

/*
 * Expected hash codes below were computed by hand from the JVM definitions and double-checked with
 * a JDK 17 program: String.hashCode (s[0]*31^(n-1) + ... over UTF-16 code units), Integer (the
 * value), Long ((int)(v ^ (v >>> 32))), Double (the same over doubleToLongBits), Boolean
 * (1231 / 1237), and Scala 2.13's Tuple hashCode = MurmurHash3.productHash: seed 0xcafebabe,
 * mix("TupleN".hashCode), mix(element.##) for each element, finalizeHash(h, arity), where `##`
 * hashes a number as the narrowest of Int, Long, Float, Double that holds it exactly.
 */

describe('Java hash codes of keys', () => {
  it.each([
    ['a', 97],
    ['b', 98],
    ['', 0],
    ['spark', 109638365],
    ['é', 233],
    ['日本', 835047],
    ['\u{1f600}', 1772899], // a surrogate pair: hashed as two UTF-16 code units
    ['Straße', -1808122922], // overflows to a negative Int
  ])('String.hashCode(%j) = %i', (text, expected) => {
    expect(javaStringHash(text)).toBe(expected);
    expect(hashKey(text)).toBe(expected);
  });

  it('hashes numbers as Java boxes them', () => {
    expect(hashKey(7)).toBe(7);
    expect(hashKey(-7)).toBe(-7);
    expect(hashKey(0)).toBe(0);
    expect(hashKey(-0)).toBe(0);
    expect(hashKey(2147483647)).toBe(2147483647);
    expect(hashKey(-2147483648)).toBe(-2147483648);
    expect(hashKey(5000000000)).toBe(705032705); // Long
    expect(hashKey(-5000000000)).toBe(705032702); // Long
    expect(hashKey(5000000000n)).toBe(705032705); // Long
    expect(hashKey(1.5)).toBe(1073217536); // Double
    expect(hashKey(0.1)).toBe(-1507852285); // Double
  });

  it('hashes booleans as 1231 / 1237 and null / undefined as 0', () => {
    expect(hashKey(true)).toBe(1231);
    expect(hashKey(false)).toBe(1237);
    expect(hashKey(null)).toBe(0);
    expect(hashKey(undefined)).toBe(0);
  });

  it('hashes tuples with Scala 2.13 MurmurHash3.productHash', () => {
    expect(hashKey(['a', 1])).toBe(-1734940110);
    expect(hashKey(['a', 'b', 'c'])).toBe(-407693014);
    expect(hashKey([['a', 1], true])).toBe(1222398709);
    // Elements are hashed with `##`: 1.5 is exactly a Float, so Float.hashCode(1.5f) is mixed.
    expect(hashKey(['a', 1.5])).toBe(1099262103);
    // 0.1 is not exactly a Float: Double.hashCode.
    expect(hashKey(['a', 0.1])).toBe(-1391628274);
    // A Long element that fits an Int hashes as that Int (-1), not as Long.hashCode(-1L) = 0.
    expect(hashKey(['a', -1n])).toBe(2101542951);
    expect(hashKey(['a', 5000000000])).toBe(-990064441);
    expect(hashKey(['a', 5000000000n])).toBe(-990064441);
  });

  it('gives equal tuples and equal dates equal hashes', () => {
    expect(hashKey(['x', [1, 2]])).toBe(hashKey(['x', [1, 2]]));
    expect(hashKey(new Date(86400000))).toBe(hashKey(new Date(86400000)));
  });
});

describe('HashPartitioner', () => {
  it('puts strings at nonNegativeMod(String.hashCode, n)', () => {
    const two = new HashPartitioner(2);
    const three = new HashPartitioner(3);
    const five = new HashPartitioner(5);
    expect(two.getPartition('a')).toBe(1);
    expect(three.getPartition('a')).toBe(1);
    expect(five.getPartition('a')).toBe(2);
    expect(two.getPartition('spark')).toBe(1);
    expect(three.getPartition('spark')).toBe(2);
    expect(five.getPartition('spark')).toBe(0);
    expect(three.getPartition('')).toBe(0);
    expect(five.getPartition('é')).toBe(3);
    expect(new HashPartitioner(4).getPartition('日本')).toBe(3);
    // Negative hash code -1808122922: Java's % is negative, nonNegativeMod adds n.
    expect(three.getPartition('Straße')).toBe(1);
    expect(new HashPartitioner(4).getPartition('Straße')).toBe(2);
    expect(five.getPartition('Straße')).toBe(3);
  });

  it('puts Int keys at the key modulo n, negative keys wrapped to a non-negative partition', () => {
    const four = new HashPartitioner(4);
    expect(four.getPartition(7)).toBe(3);
    expect(four.getPartition(-7)).toBe(1);
    expect(four.getPartition(-1)).toBe(3);
    expect(four.getPartition(0)).toBe(0);
    expect(four.getPartition(2147483647)).toBe(3);
    expect(four.getPartition(-2147483648)).toBe(0);
    expect(new HashPartitioner(3).getPartition(-7)).toBe(2);
    expect(new HashPartitioner(7).getPartition(5000000000)).toBe(6);
  });

  it('puts booleans by 1231 / 1237 and null / undefined in partition 0', () => {
    const four = new HashPartitioner(4);
    expect(four.getPartition(true)).toBe(3);
    expect(four.getPartition(false)).toBe(1);
    const five = new HashPartitioner(5);
    expect(five.getPartition(true)).toBe(1);
    expect(five.getPartition(false)).toBe(2);
    expect(five.getPartition(null)).toBe(0);
    expect(five.getPartition(undefined)).toBe(0);
  });

  it('puts the tuple (a, 1) where Scala 2.13 does', () => {
    // hashCode -1734940110
    expect(new HashPartitioner(2).getPartition(['a', 1])).toBe(0);
    expect(new HashPartitioner(4).getPartition(['a', 1])).toBe(2);
    expect(new HashPartitioner(7).getPartition(['a', 1])).toBe(6);
    expect(new HashPartitioner(7).getPartition(['a', 1.5])).toBe(2);
  });

  it('puts equal tuples and dates in the same partition', () => {
    const p = new HashPartitioner(13);
    expect(p.getPartition(['k', [1, 'x']])).toBe(p.getPartition(['k', [1, 'x']]));
    expect(p.getPartition(new Date(1e12))).toBe(p.getPartition(new Date(1e12)));
  });

  it('equals another HashPartitioner with the same count only', () => {
    expect(new HashPartitioner(3).equals(new HashPartitioner(3))).toBe(true);
    expect(new HashPartitioner(3).equals(new HashPartitioner(4))).toBe(false);
    expect(new HashPartitioner(0).numPartitions).toBe(0);
  });

  it('rejects a negative partition count with IllegalArgumentError', () => {
    expect(() => new HashPartitioner(-1)).toThrow(IllegalArgumentError);
    expect(() => new HashPartitioner(-1)).toThrow(
      /^requirement failed: Number of partitions \(-1\) cannot be negative\.$/,
    );
    expect(() => new HashPartitioner(2.5)).toThrow(
      'requirement failed: Number of partitions (2.5) must be an integer.',
    );
  });
});

describe('partition layout after shuffles', () => {
  it('every shuffled key sits in partition nonNegativeMod(hashCode, n)', () => {
    const sc = new SparkContext();
    const words = ['a', 'b', 'c', 'spark', '', 'Straße', 'a', 'spark', 'é', '日本'];
    const counts = sc
      .parallelize(words, 2)
      .map((w): Pair<string, number> => [w, 1])
      .reduceByKey((x, y) => x + y, 3);
    // a 1, b 2, c 0, spark 2, '' 0, Straße 1, é 2, 日本 0 (hash codes mod 3).
    expect(counts.glom().collect()).toEqual([
      [
        ['c', 1],
        ['', 1],
        ['日本', 1],
      ],
      [
        ['a', 2],
        ['Straße', 1],
      ],
      [
        ['b', 1],
        ['spark', 2],
        ['é', 1],
      ],
    ]);
  });

  it('negative Int keys and boolean keys land as in Spark', () => {
    const sc = new SparkContext();
    const ints = sc
      .parallelize([-7, 7, -1, 0, 3], 2)
      .map((k): Pair<number, string> => [k, String(k)])
      .groupByKey(4);
    expect(ints.keys().glom().collect()).toEqual([[0], [-7], [], [7, -1, 3]]);
    const bools = sc
      .parallelize([true, false, true], 1)
      .map((k): Pair<boolean, number> => [k, 1])
      .reduceByKey((x, y) => x + y, 4);
    expect(bools.glom().collect()).toEqual([[], [[false, 1]], [], [[true, 2]]]);
  });

  it('null and undefined keys go to partition 0', () => {
    const sc = new SparkContext();
    const rdd = sc
      .parallelize<Pair<string | null | undefined, number>>(
        [
          ['a', 1],
          [null, 2],
          [undefined, 3],
          [null, 4],
        ],
        2,
      )
      .reduceByKey((x, y) => x + y, 2);
    expect(rdd.glom().collect()).toEqual([
      [
        [null, 6],
        [undefined, 3],
      ],
      [['a', 1]],
    ]);
  });

  it('tuple keys land by productHash: (a, 1) in partition 6 of 7', () => {
    const sc = new SparkContext();
    const rdd = sc
      .parallelize<Pair<readonly [string, number], number>>(
        [
          [['a', 1], 1],
          [['a', 1], 2],
        ],
        2,
      )
      .reduceByKey((x, y) => x + y, 7);
    expect(rdd.glom().collect()).toEqual([[], [], [], [], [], [], [[['a', 1], 3]]]);
  });
});

describe('the default partitioner of a shuffle', () => {
  const pairs: Pair<string, number>[] = [
    ['a', 1],
    ['b', 2],
  ];

  it('uses the largest parent partition count when defaultParallelism is not set', () => {
    const sc = new SparkContext();
    const two = sc.parallelize(pairs, 2);
    const five = sc.parallelize(pairs, 5);
    expect(two.reduceByKey((x, y) => x + y).getNumPartitions()).toBe(2);
    expect(two.join(five).getNumPartitions()).toBe(5);
    expect(five.cogroup(two).getNumPartitions()).toBe(5);
    expect(two.groupByKey().partitioner?.equals(new HashPartitioner(2))).toBe(true);
  });

  it('uses defaultParallelism when it is set', () => {
    const sc = new SparkContext({ defaultParallelism: 4 });
    const two = sc.parallelize(pairs, 2);
    expect(two.reduceByKey((x, y) => x + y).getNumPartitions()).toBe(4);
    expect(two.join(sc.parallelize(pairs, 7)).getNumPartitions()).toBe(4);
  });

  it('reuses an existing partitioner unless it is ten times smaller than the largest parent', () => {
    const sc = new SparkContext();
    const partitioned = sc.parallelize(pairs, 1).partitionBy(new HashPartitioner(2));
    const three = sc.parallelize(pairs, 3);
    const thirty = sc.parallelize(pairs, 30);
    expect(three.join(partitioned).partitioner?.equals(new HashPartitioner(2))).toBe(true);
    expect(three.join(partitioned).getNumPartitions()).toBe(2);
    expect(thirty.join(partitioned).getNumPartitions()).toBe(30);
  });

  it('keeps a small existing partitioner when defaultParallelism is not larger', () => {
    const sc = new SparkContext({ defaultParallelism: 2 });
    const partitioned = sc.parallelize(pairs, 1).partitionBy(new HashPartitioner(2));
    const thirty = sc.parallelize(pairs, 30);
    expect(thirty.join(partitioned).getNumPartitions()).toBe(2);
    const sc4 = new SparkContext({ defaultParallelism: 4 });
    const partitioned4 = sc4.parallelize(pairs, 1).partitionBy(new HashPartitioner(2));
    expect(sc4.parallelize(pairs, 30).join(partitioned4).getNumPartitions()).toBe(4);
  });
});
