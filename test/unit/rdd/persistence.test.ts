import { describe, expect, it } from 'vitest';
import {
  HashPartitioner,
  SparkContext,
  StorageLevel,
  UnsupportedOperationError,
} from '../../../src/index.js';
import type { Pair, RDD } from '../../../src/index.js';

/** `[[1, 2], [3, 4, 5]]` behind a map that counts its calls. */
function counted(sc: SparkContext): { rdd: RDD<number>; calls: () => number } {
  let calls = 0;
  const rdd = sc.parallelize([1, 2, 3, 4, 5], 2).map((x) => {
    calls++;
    return x;
  });
  return { rdd, calls: () => calls };
}

describe('persist and cache', () => {
  it('without persistence every action recomputes the lineage', () => {
    const { rdd, calls } = counted(new SparkContext());
    rdd.collect();
    rdd.count();
    expect(calls()).toBe(10);
  });

  it('a cached RDD computes each partition once', () => {
    const { rdd, calls } = counted(new SparkContext());
    expect(rdd.cache()).toBe(rdd);
    expect(calls()).toBe(0);
    expect(rdd.collect()).toEqual([1, 2, 3, 4, 5]);
    expect(rdd.count()).toBe(5);
    expect(rdd.map((x) => x).collect()).toEqual([1, 2, 3, 4, 5]);
    expect(rdd.glom().collect()).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    expect(calls()).toBe(5);
  });

  it('caches partition by partition: take computes only what it touches', () => {
    const { rdd, calls } = counted(new SparkContext());
    rdd.persist();
    expect(rdd.take(1)).toEqual([1]);
    // The whole first partition is stored, the second is not computed yet.
    expect(calls()).toBe(2);
    expect(rdd.collect()).toEqual([1, 2, 3, 4, 5]);
    expect(calls()).toBe(5);
    rdd.collect();
    expect(calls()).toBe(5);
  });

  it('unpersist drops the stored partitions: the next action recomputes', () => {
    const { rdd, calls } = counted(new SparkContext());
    rdd.cache().collect();
    expect(rdd.unpersist()).toBe(rdd);
    expect(rdd.getStorageLevel()).toBe(StorageLevel.NONE);
    rdd.collect();
    expect(calls()).toBe(10);
  });

  it('reports the storage level', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1], 1);
    expect(rdd.getStorageLevel()).toBe(StorageLevel.NONE);
    rdd.cache();
    expect(rdd.getStorageLevel()).toBe(StorageLevel.MEMORY_ONLY);
    const other = sc.parallelize([1], 1).persist(StorageLevel.MEMORY_AND_DISK_SER);
    expect(other.getStorageLevel()).toBe(StorageLevel.MEMORY_AND_DISK_SER);
    expect(StorageLevel.MEMORY_ONLY.description).toBe('Memory Deserialized 1x Replicated');
    expect(StorageLevel.MEMORY_AND_DISK_SER.description).toBe(
      'Disk Memory Serialized 1x Replicated',
    );
    expect(StorageLevel.MEMORY_ONLY_2.description).toBe('Memory Deserialized 2x Replicated');
    expect(StorageLevel.NONE.description).toBe('');
  });

  it('assigning the same level again is allowed', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1], 1).cache();
    expect(rdd.persist(StorageLevel.MEMORY_ONLY)).toBe(rdd);
    expect(rdd.cache()).toBe(rdd);
  });

  it('changing the level throws UnsupportedOperationError', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1], 1).cache();
    expect(() => rdd.persist(StorageLevel.MEMORY_AND_DISK)).toThrow(UnsupportedOperationError);
    expect(() => rdd.persist(StorageLevel.DISK_ONLY)).toThrow(
      /^Cannot change storage level of an RDD after it was already assigned a level$/,
    );
    expect(rdd.getStorageLevel()).toBe(StorageLevel.MEMORY_ONLY);
  });

  it('a new level can be assigned after unpersist', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1], 1).cache();
    rdd.unpersist();
    expect(rdd.persist(StorageLevel.DISK_ONLY).getStorageLevel()).toBe(StorageLevel.DISK_ONLY);
  });

  it('a persisted parent serves every child', () => {
    const { rdd, calls } = counted(new SparkContext());
    rdd.cache();
    const doubled = rdd.map((x) => x * 2);
    const evens = rdd.filter((x) => x % 2 === 0);
    expect(doubled.collect()).toEqual([2, 4, 6, 8, 10]);
    expect(evens.collect()).toEqual([2, 4]);
    expect(calls()).toBe(5);
  });
});

describe('partitions and partitioner', () => {
  it('getNumPartitions follows the lineage', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1, 2, 3], 3);
    expect(rdd.getNumPartitions()).toBe(3);
    expect(rdd.map((x) => x).getNumPartitions()).toBe(3);
    expect(rdd.union(rdd).getNumPartitions()).toBe(6);
    expect(rdd.coalesce(2).getNumPartitions()).toBe(2);
    expect(rdd.repartition(5).getNumPartitions()).toBe(5);
    expect(
      rdd
        .keyBy((x) => x)
        .reduceByKey((a) => a, 4)
        .getNumPartitions(),
    ).toBe(4);
  });

  it('only key-partitioned RDDs have a partitioner', () => {
    const sc = new SparkContext();
    const pairs = sc.parallelize<Pair<string, number>>([['a', 1]], 2);
    expect(pairs.partitioner).toBeUndefined();
    const reduced = pairs.reduceByKey((a, b) => a + b, 3);
    expect(reduced.partitioner).toBeInstanceOf(HashPartitioner);
    expect(reduced.partitioner?.numPartitions).toBe(3);
    expect(reduced.mapValues((v) => v).partitioner).toBe(reduced.partitioner);
    expect(reduced.map((p) => p).partitioner).toBeUndefined();
    expect(reduced.keys().partitioner).toBeUndefined();
    expect(pairs.sortByKey().partitioner).toBeDefined();
  });

  it('setName names the RDD', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize([1], 1);
    expect(rdd.name).toBeUndefined();
    expect(rdd.setName('numbers')).toBe(rdd);
    expect(rdd.name).toBe('numbers');
  });
});
