import { describe, expect, it } from 'vitest';
import { SparkContext } from '../../../src/index.js';
import type { Pair } from '../../../src/index.js';

type DayChannel = readonly [string, string];

describe('keys compare by value, as Scala tuples and dates do', () => {
  it('reduceByKey groups equal tuple keys built separately', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize<Pair<DayChannel, number>>(
      [
        [['mon', 'web'], 1],
        [['mon', 'app'], 2],
        [['mon', 'web'], 3],
        [['tue', 'web'], 4],
        [['mon', 'web'], 5],
      ],
      3,
    );
    const sums = rdd.reduceByKey((a, b) => a + b, 1).collect();
    expect(sums).toEqual([
      [['mon', 'web'], 9],
      [['mon', 'app'], 2],
      [['tue', 'web'], 4],
    ]);
  });

  it('groupByKey and reduceByKey group equal Date keys', () => {
    const sc = new SparkContext();
    const day = 86_400_000;
    const rdd = sc.parallelize<Pair<Date, string>>(
      [
        [new Date(day), 'a'],
        [new Date(2 * day), 'b'],
        [new Date(day), 'c'],
      ],
      2,
    );
    const groups = rdd.groupByKey(1).collect();
    expect(groups.map(([d, vs]) => [d.getTime(), vs])).toEqual([
      [day, ['a', 'c']],
      [2 * day, ['b']],
    ]);
    expect(
      rdd
        .mapValues(() => 1)
        .reduceByKey((a, b) => a + b)
        .count(),
    ).toBe(2);
  });

  it('nested tuples compare deeply; 1 and "1" stay different keys', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize<Pair<readonly unknown[], number>>(
      [
        [['k', [1, 2]], 1],
        [['k', [1, 2]], 1],
        [['k', ['1', 2]], 1],
        [['k', [1, 2, 3]], 1],
      ],
      2,
    );
    expect(rdd.reduceByKey((a, b) => a + b, 1).collect()).toEqual([
      [['k', [1, 2]], 2],
      [['k', ['1', 2]], 1],
      [['k', [1, 2, 3]], 1],
    ]);
  });

  it('0 and -0 are one key, as are NaN and NaN; null and undefined are two', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize<Pair<number | null | undefined, number>>(
      [
        [0, 1],
        [-0, 1],
        [Number.NaN, 1],
        [Number.NaN, 1],
        [null, 1],
        [undefined, 1],
      ],
      2,
    );
    expect(rdd.reduceByKey((a, b) => a + b, 1).collect()).toEqual([
      [0, 2],
      [Number.NaN, 2],
      [null, 1],
      [undefined, 1],
    ]);
  });

  it('join matches equal tuple and Date keys', () => {
    const sc = new SparkContext();
    const views = sc.parallelize<Pair<DayChannel, number>>(
      [
        [['mon', 'web'], 120],
        [['tue', 'app'], 7],
      ],
      2,
    );
    const owners = sc.parallelize<Pair<DayChannel, string>>(
      [
        [['mon', 'web'], 'ana'],
        [['wed', 'web'], 'bo'],
      ],
      1,
    );
    expect(views.join(owners).collect()).toEqual([
      [
        ['mon', 'web'],
        [120, 'ana'],
      ],
    ]);
    const when = sc.parallelize<Pair<Date, string>>([[new Date(5), 'x']], 1);
    const what = sc.parallelize<Pair<Date, number>>([[new Date(5), 9]], 2);
    const joined = when.join(what).collect();
    expect(joined.map(([d, v]) => [d.getTime(), v])).toEqual([[5, ['x', 9]]]);
  });

  it('countByValue counts equal tuples together, keyed by the first one seen', () => {
    const sc = new SparkContext();
    const first: DayChannel = ['mon', 'web'];
    const counts = sc
      .parallelize<DayChannel>([first, ['mon', 'app'], ['mon', 'web'], ['mon', 'web']], 2)
      .countByValue();
    expect([...counts]).toEqual([
      [['mon', 'web'], 3],
      [['mon', 'app'], 1],
    ]);
    expect([...counts.keys()][0]).toBe(first);
    const dates = sc.parallelize([new Date(1), new Date(1), new Date(2)], 2).countByValue();
    expect([...dates.values()]).toEqual([2, 1]);
  });

  it('countByKey and collectAsMap use value equality for keys', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize<Pair<DayChannel, number>>(
      [
        [['mon', 'web'], 1],
        [['mon', 'web'], 2],
      ],
      2,
    );
    expect([...rdd.countByKey()]).toEqual([[['mon', 'web'], 2]]);
    expect([...rdd.collectAsMap()]).toEqual([[['mon', 'web'], 2]]);
  });

  it('lookup finds a tuple or Date key by value, with and without a partitioner', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize<Pair<DayChannel, number>>(
      [
        [['mon', 'web'], 1],
        [['tue', 'web'], 2],
        [['mon', 'web'], 3],
      ],
      2,
    );
    expect(rdd.lookup(['mon', 'web'])).toEqual([1, 3]);
    expect(rdd.partitionBy(3).lookup(['mon', 'web'])).toEqual([1, 3]);
    expect(rdd.lookup(['mon', 'app'])).toEqual([]);
    const byDate = sc.parallelize<Pair<Date, string>>(
      [
        [new Date(10), 'a'],
        [new Date(20), 'b'],
      ],
      2,
    );
    expect(byDate.lookup(new Date(20))).toEqual(['b']);
    expect(byDate.partitionBy(4).lookup(new Date(10))).toEqual(['a']);
  });

  it('distinct removes equal tuples', () => {
    const sc = new SparkContext();
    const rdd = sc.parallelize<readonly [string, number]>(
      [
        ['a', 1],
        ['a', 1],
        ['a', 2],
      ],
      2,
    );
    expect(rdd.distinct(1).collect()).toEqual([
      ['a', 1],
      ['a', 2],
    ]);
  });
});
