import { describe, expect, it } from 'vitest';
import { SparkContext } from '../../../src/index.js';
import type { Pair } from '../../../src/index.js';

describe('laziness and fusion of narrow operations', () => {
  it('computes nothing until an action runs', () => {
    const sc = new SparkContext();
    const log: string[] = [];
    const chain = sc
      .parallelize([1, 2, 3], 2)
      .map((x) => {
        log.push(`map ${x}`);
        return x * 10;
      })
      .filter((x) => {
        log.push(`filter ${x}`);
        return x !== 20;
      })
      .flatMap((x) => {
        log.push(`flatMap ${x}`);
        return [x, x + 1];
      });
    expect(log).toEqual([]);
    expect(chain.getNumPartitions()).toBe(2);
    expect(log).toEqual([]);
    expect(chain.collect()).toEqual([10, 11, 30, 31]);
    // One pass per partition: each element goes through the whole chain before the next one.
    expect(log).toEqual([
      'map 1',
      'filter 10',
      'flatMap 10',
      'map 2',
      'filter 20',
      'map 3',
      'filter 30',
      'flatMap 30',
    ]);
  });

  it('runs each function exactly once per element per action', () => {
    const sc = new SparkContext();
    const calls = { map: 0, filter: 0, flatMap: 0 };
    const chain = sc
      .parallelize([1, 2, 3, 4, 5, 6, 7], 3)
      .map((x) => {
        calls.map++;
        return x + 1;
      })
      .filter((x) => {
        calls.filter++;
        return x % 2 === 0;
      })
      .flatMap((x) => {
        calls.flatMap++;
        return [x, -x];
      });
    expect(chain.count()).toBe(8);
    expect(calls).toEqual({ map: 7, filter: 7, flatMap: 4 });
    expect(chain.collect()).toEqual([2, -2, 4, -4, 6, -6, 8, -8]);
    expect(calls).toEqual({ map: 14, filter: 14, flatMap: 8 });
  });

  it('shuffles are lazy too, and their output is computed once per RDD', () => {
    const sc = new SparkContext();
    let calls = 0;
    const counts = sc
      .parallelize(['a', 'b', 'a'], 2)
      .map((w): Pair<string, number> => {
        calls++;
        return [w, 1];
      })
      .reduceByKey((x, y) => x + y);
    expect(calls).toBe(0);
    expect(counts.collect()).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
    expect(calls).toBe(3);
    // The shuffle output is kept (as Spark keeps its shuffle files): no recomputation upstream.
    expect(counts.count()).toBe(2);
    expect(counts.mapValues((n) => n * 2).collect()).toEqual([
      ['b', 2],
      ['a', 4],
    ]);
    expect(calls).toBe(3);
  });

  it('sortByKey reads its parent once when called, to find the range bounds (as Spark samples)', () => {
    const sc = new SparkContext();
    let calls = 0;
    const pairs = sc.parallelize([3, 1, 2], 2).map((k): Pair<number, null> => {
      calls++;
      return [k, null];
    });
    const sortedPairs = pairs.sortByKey();
    expect(calls).toBe(3);
    expect(sortedPairs.keys().collect()).toEqual([1, 2, 3]);
    expect(calls).toBe(6);
  });

  it('mapPartitions is lazy and sees each upstream element once', () => {
    const sc = new SparkContext();
    const log: string[] = [];
    const rdd = sc
      .parallelize([1, 2], 1)
      .map((x) => {
        log.push(`map ${x}`);
        return x;
      })
      .mapPartitions(function* (items) {
        for (const x of items) {
          log.push(`partition ${x}`);
          yield x;
        }
      });
    expect(log).toEqual([]);
    expect(rdd.collect()).toEqual([1, 2]);
    expect([...log].sort()).toEqual(['map 1', 'map 2', 'partition 1', 'partition 2']);
  });
});
