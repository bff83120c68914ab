import { describe, expect, it } from 'vitest';
import { HashPartitioner, SparkContext, StorageLevel } from '../../../src/index.js';
import type { Pair } from '../../../src/index.js';
import { callSites } from '../../support/call-sites.js';

/** `"<operation> at debug-string.test.ts:<line of the marker>"`, see {@link callSites}. */
const { site } = callSites(import.meta.url);

describe('toDebugString', () => {
  it('prints a word count lineage with one stage per shuffle', () => {
    const sc = new SparkContext();
    const lines = sc.parallelize(['a b', 'b c'], 2); // @wc-parallelize
    const words = lines.flatMap((line) => line.split(' ')); // @wc-flatMap
    const pairs = words.map((w): Pair<string, number> => [w, 1]); // @wc-map
    const counts = pairs.reduceByKey((a, b) => a + b); // @wc-reduceByKey
    expect(counts.toDebugString()).toBe(
      [
        `(2) ShuffledRDD[3] at ${site('reduceByKey', 'wc-reduceByKey')} []`,
        ` +-(2) MapPartitionsRDD[2] at ${site('map', 'wc-map')} []`,
        `    |  MapPartitionsRDD[1] at ${site('flatMap', 'wc-flatMap')} []`,
        `    |  ParallelCollectionRDD[0] at ${site('parallelize', 'wc-parallelize')} []`,
      ].join('\n'),
    );
  });

  it('uses the line of each call in a chained expression', () => {
    const sc = new SparkContext();
    const counts = sc
      .parallelize(['x'], 1) // @chain-parallelize
      .map((w): Pair<string, number> => [w, 1]) // @chain-map
      .reduceByKey((a, b) => a + b, 3); // @chain-reduceByKey
    const text = counts.toDebugString();
    expect(text.split('\n')).toEqual([
      `(3) ShuffledRDD[2] at ${site('reduceByKey', 'chain-reduceByKey')} []`,
      ` +-(1) MapPartitionsRDD[1] at ${site('map', 'chain-map')} []`,
      `    |  ParallelCollectionRDD[0] at ${site('parallelize', 'chain-parallelize')} []`,
    ]);
    expect(text).toMatch(
      /^\(3\) ShuffledRDD\[2\] at reduceByKey at debug-string\.test\.ts:\d+ \[\]$/m,
    );
  });

  it('prints a join: CoGroupedRDD with two shuffle parents, "| " under the first, "  " under the last', () => {
    const sc = new SparkContext();
    const leftSource = sc.parallelize<Pair<string, number>>([['a', 1]], 2); // @join-left-source
    const left = leftSource.mapValues((v) => v + 1); // @join-left
    const rightSource = sc.parallelize<Pair<string, string>>([['a', 'x']], 3); // @join-right-source
    const right = rightSource.filter(() => true); // @join-right
    const joined = left.join(right); // @join
    expect(joined.toDebugString()).toBe(
      [
        `(3) MapPartitionsRDD[6] at ${site('join', 'join')} []`,
        ` |  MapPartitionsRDD[5] at ${site('join', 'join')} []`,
        ` |  CoGroupedRDD[4] at ${site('join', 'join')} []`,
        ` +-(2) MapPartitionsRDD[1] at ${site('mapValues', 'join-left')} []`,
        ` |  |  ParallelCollectionRDD[0] at ${site('parallelize', 'join-left-source')} []`,
        ` +-(3) MapPartitionsRDD[3] at ${site('filter', 'join-right')} []`,
        `    |  ParallelCollectionRDD[2] at ${site('parallelize', 'join-right-source')} []`,
      ].join('\n'),
    );
  });

  it('co-partitioned parents of a join are narrow dependencies (no new stage)', () => {
    const sc = new SparkContext();
    const partitioner = new HashPartitioner(2);
    const a = sc.parallelize<Pair<string, number>>([['a', 1]], 1); // @copart-a
    const left = a.partitionBy(partitioner); // @copart-left
    const b = sc.parallelize<Pair<string, number>>([['a', 2]], 1); // @copart-b
    const right = b.partitionBy(partitioner); // @copart-right
    const grouped = left.cogroup(right); // @copart-cogroup
    expect(grouped.collect()).toEqual([['a', [[1], [2]]]]);
    expect(grouped.toDebugString()).toBe(
      [
        `(2) MapPartitionsRDD[5] at ${site('cogroup', 'copart-cogroup')} []`,
        ` |  CoGroupedRDD[4] at ${site('cogroup', 'copart-cogroup')} []`,
        ` |  ShuffledRDD[1] at ${site('partitionBy', 'copart-left')} []`,
        ` +-(1) ParallelCollectionRDD[0] at ${site('parallelize', 'copart-a')} []`,
        ` |  ShuffledRDD[3] at ${site('partitionBy', 'copart-right')} []`,
        ` +-(1) ParallelCollectionRDD[2] at ${site('parallelize', 'copart-b')} []`,
      ].join('\n'),
    );
  });

  it('names every RDD of a composite operation after the operation the user called', () => {
    const sc = new SparkContext();
    const numbers = sc.parallelize([3, 1, 3], 2); // @composite-source
    const distinct = numbers.distinct(); // @composite-distinct
    expect(distinct.toDebugString()).toBe(
      [
        `(2) MapPartitionsRDD[3] at ${site('distinct', 'composite-distinct')} []`,
        ` |  ShuffledRDD[2] at ${site('distinct', 'composite-distinct')} []`,
        ` +-(2) MapPartitionsRDD[1] at ${site('distinct', 'composite-distinct')} []`,
        `    |  ParallelCollectionRDD[0] at ${site('parallelize', 'composite-source')} []`,
      ].join('\n'),
    );
    const spread = numbers.repartition(4); // @composite-repartition
    expect(spread.toDebugString()).toBe(
      [
        `(4) MapPartitionsRDD[7] at ${site('repartition', 'composite-repartition')} []`,
        ` |  CoalescedRDD[6] at ${site('repartition', 'composite-repartition')} []`,
        ` |  ShuffledRDD[5] at ${site('repartition', 'composite-repartition')} []`,
        ` +-(2) MapPartitionsRDD[4] at ${site('repartition', 'composite-repartition')} []`,
        `    |  ParallelCollectionRDD[0] at ${site('parallelize', 'composite-source')} []`,
      ].join('\n'),
    );
    const keys = numbers.keyBy((n) => n).keys(); // @composite-keys
    expect(keys.toDebugString().split('\n')[0]).toBe(
      `(2) MapPartitionsRDD[9] at ${site('keys', 'composite-keys')} []`,
    );
    const merged = numbers.coalesce(3, true); // @composite-coalesce
    expect(merged.toDebugString()).toBe(
      [
        `(3) MapPartitionsRDD[13] at ${site('coalesce', 'composite-coalesce')} []`,
        ` |  CoalescedRDD[12] at ${site('coalesce', 'composite-coalesce')} []`,
        ` |  ShuffledRDD[11] at ${site('coalesce', 'composite-coalesce')} []`,
        ` +-(2) MapPartitionsRDD[10] at ${site('coalesce', 'composite-coalesce')} []`,
        `    |  ParallelCollectionRDD[0] at ${site('parallelize', 'composite-source')} []`,
      ].join('\n'),
    );
    const ordered = numbers.sortBy((n) => n); // @composite-sortBy
    expect(ordered.toDebugString()).toBe(
      [
        `(2) MapPartitionsRDD[16] at ${site('sortBy', 'composite-sortBy')} []`,
        ` |  ShuffledRDD[15] at ${site('sortBy', 'composite-sortBy')} []`,
        ` +-(2) MapPartitionsRDD[14] at ${site('sortBy', 'composite-sortBy')} []`,
        `    |  ParallelCollectionRDD[0] at ${site('parallelize', 'composite-source')} []`,
      ].join('\n'),
    );
    const pairs = numbers.mapToPair((n) => [n, n]); // @composite-mapToPair
    expect(String(pairs)).toBe(
      `MapPartitionsRDD[17] at ${site('mapToPair', 'composite-mapToPair')}`,
    );
    const outer = pairs.leftOuterJoin(pairs); // @composite-leftOuterJoin
    expect(outer.toDebugString().split('\n').slice(0, 3)).toEqual([
      `(2) MapPartitionsRDD[20] at ${site('leftOuterJoin', 'composite-leftOuterJoin')} []`,
      ` |  MapPartitionsRDD[19] at ${site('leftOuterJoin', 'composite-leftOuterJoin')} []`,
      ` |  CoGroupedRDD[18] at ${site('leftOuterJoin', 'composite-leftOuterJoin')} []`,
    ]);
    // Operations called later on the result are named after themselves again.
    expect(String(outer.values())).toMatch(/^MapPartitionsRDD\[21\] at values at /);
  });

  it('prints more than nine partitions with a wider indent', () => {
    const sc = new SparkContext();
    const many = sc.parallelize([1, 2], 12); // @wide-source
    const pairs = many.map((n): Pair<number, number> => [n, n]); // @wide-map
    const reduced = pairs.reduceByKey((a, b) => a + b, 2); // @wide-reduce
    expect(pairs.toDebugString()).toBe(
      [
        `(12) MapPartitionsRDD[1] at ${site('map', 'wide-map')} []`,
        ` |   ParallelCollectionRDD[0] at ${site('parallelize', 'wide-source')} []`,
      ].join('\n'),
    );
    expect(reduced.toDebugString()).toBe(
      [
        `(2) ShuffledRDD[2] at ${site('reduceByKey', 'wide-reduce')} []`,
        ` +-(12) MapPartitionsRDD[1] at ${site('map', 'wide-map')} []`,
        `    |   ParallelCollectionRDD[0] at ${site('parallelize', 'wide-source')} []`,
      ].join('\n'),
    );
  });

  it('shows the storage level of the RDD it is called on, on every line', () => {
    const sc = new SparkContext();
    const source = sc.parallelize([1, 2], 2); // @persist-source
    const cached = source.map((n) => n * 2).cache(); // @persist-map
    expect(cached.toDebugString()).toBe(
      [
        `(2) MapPartitionsRDD[1] at ${site('map', 'persist-map')} [Memory Deserialized 1x Replicated]`,
        ` |  ParallelCollectionRDD[0] at ${site('parallelize', 'persist-source')} [Memory Deserialized 1x Replicated]`,
      ].join('\n'),
    );
    const onDisk = source.map((n) => n).persist(StorageLevel.MEMORY_AND_DISK_SER_2);
    expect(onDisk.toDebugString().split('\n')[0]).toMatch(
      / \[Disk Memory Serialized 2x Replicated\]$/,
    );
    // A child of a persisted RDD that is not itself persisted prints [] everywhere.
    expect(cached.filter(() => true).toDebugString()).not.toContain('Memory');
  });

  it('lists the cached partitions of a computed persisted RDD', () => {
    const sc = new SparkContext();
    const source = sc.parallelize([1, 2, 3], 3); // @cached-source
    const cached = source.map((n) => n).cache(); // @cached-map
    expect(cached.take(1)).toEqual([1]);
    const lines = cached.toDebugString().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      `(3) MapPartitionsRDD[1] at ${site('map', 'cached-map')} [Memory Deserialized 1x Replicated]`,
    );
    // Spark prints the first RDD's extra lines after its prefix and one more space.
    expect(lines[1]).toMatch(
      /^ \| {7}CachedPartitions: 1; MemorySize: \d+\.\d (B|KiB|MiB|GiB); DiskSize: 0\.0 B$/,
    );
    expect(lines[2]).toBe(
      ` |  ParallelCollectionRDD[0] at ${site('parallelize', 'cached-source')} [Memory Deserialized 1x Replicated]`,
    );
    cached.collect();
    expect(cached.toDebugString().split('\n')[1]).toMatch(/^ \| {7}CachedPartitions: 3; /);
    // A cached ancestor shows its own line at the ancestor's prefix.
    const child = cached.map((n) => n); // @cached-child
    expect(child.toDebugString().split('\n')).toEqual([
      `(3) MapPartitionsRDD[2] at ${site('map', 'cached-child')} []`,
      ` |  MapPartitionsRDD[1] at ${site('map', 'cached-map')} []`,
      expect.stringMatching(/^ \| {6}CachedPartitions: 3; /) as string,
      ` |  ParallelCollectionRDD[0] at ${site('parallelize', 'cached-source')} []`,
    ]);
  });

  it('shows the name given with setName', () => {
    const sc = new SparkContext();
    const numbers = sc.parallelize([1], 1).setName('numbers'); // @named-source
    const doubled = numbers.map((n) => n * 2).setName('doubled'); // @named-map
    expect(doubled.toDebugString()).toBe(
      [
        `(1) doubled MapPartitionsRDD[1] at ${site('map', 'named-map')} []`,
        ` |  numbers ParallelCollectionRDD[0] at ${site('parallelize', 'named-source')} []`,
      ].join('\n'),
    );
    expect(String(doubled)).toBe(`doubled MapPartitionsRDD[1] at ${site('map', 'named-map')}`);
  });

  it('toString is "ClassName[id] at callSite"', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1], 1); // @tostring
    expect(rdd.toString()).toBe(`ParallelCollectionRDD[0] at ${site('parallelize', 'tostring')}`);
    const zipped = rdd.zipWithIndex(); // @tostring-zip
    expect(String(zipped)).toBe(`ZippedWithIndexRDD[1] at ${site('zipWithIndex', 'tostring-zip')}`);
    const both = rdd.union(zipped.keys()); // @tostring-union
    expect(String(both)).toBe(`UnionRDD[3] at ${site('union', 'tostring-union')}`);
  });
});
