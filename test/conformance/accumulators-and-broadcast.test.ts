/**
 * Conformance: accumulators and broadcasts, after Spark's `AccumulatorV2Suite`
 * (core/src/test/scala/org/apache/spark/util/AccumulatorV2Suite.scala), `BroadcastSuite`
 * (core/src/test/scala/org/apache/spark/broadcast/BroadcastSuite.scala), the RDD programming
 * guide's accumulator example (docs/rdd-programming-guide.md, "Accumulators") and PySpark's
 * `context.py` broadcast doctest; plus Spark's task semantics: an action's updates count once per
 * successful task (a failed task's updates are dropped), a transformation's updates count each
 * time the RDD is computed.
 */
import { describe, expect, it } from 'vitest';
import {
  CollectionAccumulator,
  DoubleAccumulator,
  IllegalArgumentError,
  IllegalStateError,
  LongAccumulator,
  ManualClock,
  Seconds,
  SparkContext,
  SparkError,
  StreamingContext,
  UnsupportedOperationError,
} from '../../src/index.js';

describe('AccumulatorV2Suite', () => {
  it('AccumulatorV2Suite › LongAccumulator add/avg/sum/count/isZero', () => {
    const acc = new LongAccumulator();
    expect(acc.isZero).toBe(true);
    expect(acc.count).toBe(0);
    expect(acc.sum).toBe(0);
    expect(acc.avg).toBeNaN();
    acc.add(0);
    expect(acc.isZero).toBe(false);
    expect([acc.count, acc.sum, acc.avg]).toEqual([1, 0, 0]);
    acc.add(1);
    expect([acc.count, acc.sum, acc.avg]).toEqual([2, 1, 0.5]);
    acc.add(2);
    expect([acc.count, acc.sum, acc.avg]).toEqual([3, 3, 1]);
    const acc2 = new LongAccumulator();
    acc2.add(2);
    acc.merge(acc2);
    expect([acc.count, acc.sum, acc.avg]).toEqual([4, 5, 1.25]);
  });

  it('AccumulatorV2Suite › DoubleAccumulator add/avg/sum/count/isZero', () => {
    const acc = new DoubleAccumulator();
    expect(acc.isZero).toBe(true);
    expect(acc.avg).toBeNaN();
    acc.add(0.0);
    expect(acc.isZero).toBe(false);
    acc.add(1.0);
    acc.add(2.0);
    expect([acc.count, acc.sum, acc.avg]).toEqual([3, 3, 1]);
    const acc2 = new DoubleAccumulator();
    acc2.add(2.0);
    acc.merge(acc2);
    expect([acc.count, acc.sum, acc.avg]).toEqual([4, 5, 1.25]);
  });

  it('AccumulatorV2Suite › ListAccumulator', () => {
    const acc = new CollectionAccumulator<number>();
    expect(acc.value).toEqual([]);
    expect(acc.isZero).toBe(true);
    acc.add(0.0);
    expect(acc.value).toContain(0.0);
    expect(acc.isZero).toBe(false);
    acc.add(1.0);
    const acc2 = acc.copyAndReset();
    expect(acc2.value).toEqual([]);
    expect(acc2.isZero).toBe(true);
    expect(acc.value).toEqual([0, 1]);
    acc2.add(2.0);
    expect(acc2.value).toEqual([2]);
    acc.merge(acc2);
    expect(acc.value).toEqual([0, 1, 2]);
    const acc3 = acc.copy();
    expect(acc3.value).toEqual([0, 1, 2]);
    acc3.reset();
    expect(acc3.isZero).toBe(true);
    expect(acc3.value).toEqual([]);
  });

  it('merging different kinds and adding a fraction to a LongAccumulator fail', () => {
    const merge = (): void => {
      new LongAccumulator().merge(new DoubleAccumulator());
    };
    expect(merge).toThrow(UnsupportedOperationError);
    expect(merge).toThrow('Cannot merge LongAccumulator with DoubleAccumulator');
    expect(() => {
      new LongAccumulator().add(1.5);
    }).toThrow(IllegalArgumentError);
  });
});

describe('accumulators on a SparkContext (rdd-programming-guide.md, Accumulators)', () => {
  it("the guide's example: foreach adds up the elements; toString as Spark prints it", () => {
    const sc = new SparkContext();
    const accum = sc.longAccumulator('My Accumulator');
    expect(String(accum)).toBe('LongAccumulator(id: 0, name: Some(My Accumulator), value: 0)');
    sc.parallelize([1, 2, 3, 4]).foreach((x) => {
      accum.add(x);
    });
    expect(accum.value).toBe(10);
    expect(String(sc.doubleAccumulator())).toBe('DoubleAccumulator(id: 1, name: None, value: 0.0)');
    const list = sc.collectionAccumulator<string>('words');
    list.add('a');
    expect(String(list)).toBe('CollectionAccumulator(id: 2, name: Some(words), value: [a])');
  });

  it('sc.register gives an id and a name once; an unregistered accumulator has neither', () => {
    const sc = new SparkContext();
    const acc = new LongAccumulator();
    expect(String(acc)).toBe('Un-registered Accumulator: LongAccumulator');
    expect(() => acc.id).toThrow(IllegalStateError);
    expect(() => acc.id).toThrow('The metadata of this accumulator has not been assigned yet.');
    sc.register(acc, 'errors');
    expect(acc.isRegistered).toBe(true);
    expect(acc.name).toBe('errors');
    expect(() => {
      sc.register(acc);
    }).toThrow('Cannot register an Accumulator twice.');
  });

  it("an action's updates count once per successful task; a failed task's are dropped", () => {
    const sc = new SparkContext();
    const seen = sc.longAccumulator();
    const rdd = sc.parallelize([1, 2, 3, 4, 5, 6], 2);
    expect(() => {
      rdd.foreach((x) => {
        seen.add(x);
        if (x === 5) throw new Error('task failed');
      });
    }).toThrow('task failed');
    // Partition 0 (1, 2, 3) succeeded; partition 1 failed after adding 4 and 5.
    expect(seen.value).toBe(6);
    expect(seen.count).toBe(3);
  });

  it("a transformation's updates count each time the RDD is computed (once when persisted)", () => {
    const sc = new SparkContext();
    const calls = sc.longAccumulator();
    const mapped = sc.parallelize([1, 2, 3], 2).map((x) => {
      calls.add(1);
      return x * 2;
    });
    mapped.count();
    mapped.count();
    expect(calls.value).toBe(6);
    const cached = sc
      .parallelize([1, 2, 3], 2)
      .map((x) => {
        calls.add(1);
        return x;
      })
      .cache();
    cached.count();
    cached.collect();
    expect(calls.value).toBe(9);
  });

  it("updates in a shuffle's map side count once each, even when a later task fails", () => {
    const sc = new SparkContext();
    const mapped = sc.longAccumulator();
    const reduced = sc
      .parallelize([1, 2, 3, 4], 2)
      .map((x) => {
        mapped.add(1);
        return [x % 2, x];
      })
      .reduceByKey((a, b) => a + b, 2);
    expect(() => {
      reduced.foreach(() => {
        throw new Error('boom');
      });
    }).toThrow('boom');
    // The map tasks succeeded (Spark's shuffle map stage) before the result task failed.
    expect(mapped.value).toBe(4);
    reduced.count();
    expect(mapped.value).toBe(4);
  });

  it("inside a task, value is the task's own partial value (Scala's behaviour)", () => {
    const sc = new SparkContext();
    const acc = sc.longAccumulator();
    acc.add(100);
    const seenInTasks = sc
      .parallelize([1, 2, 3, 4], 2)
      .map((x) => {
        acc.add(x);
        return acc.value;
      })
      .collect();
    expect(seenInTasks).toEqual([1, 3, 3, 7]);
    expect(acc.value).toBe(110);
  });

  it("PySpark's `acc += 1` fails with a pointer to add() instead of replacing the accumulator", () => {
    const sc = new SparkContext();
    let acc: unknown = sc.longAccumulator();
    expect(() => {
      acc = (acc as number) + 1;
    }).toThrow(UnsupportedOperationError);
    expect(() => {
      acc = (acc as number) + 1;
    }).toThrow(
      "LongAccumulator is not a number: call add(v) to add to it (PySpark's `acc += v`) and read it with .value",
    );
    expect(String(acc)).toBe('LongAccumulator(id: 0, name: None, value: 0)');
  });

  it('accumulators count the records of every batch of a stream', async () => {
    const ssc = new StreamingContext({ batchDuration: Seconds(1), clock: new ManualClock() });
    const words = ssc.sparkContext.longAccumulator('words');
    const perBatch: number[] = [];
    ssc.queueStream([['a b', 'c'], ['d'], []]).foreachRDD((rdd) => {
      rdd.foreach((line) => {
        words.add(line.split(' ').length);
      });
      perBatch.push(words.value);
    });
    ssc.start();
    await ssc.advance(Seconds(3));
    await ssc.stop();
    expect(perBatch).toEqual([3, 4, 4]);
  });
});

describe('BroadcastSuite', () => {
  it('BroadcastSuite › Using TorrentBroadcast locally', () => {
    const sc = new SparkContext('local', 'test');
    const broadcast = sc.broadcast([1, 2, 3, 4]);
    const results = sc
      .parallelize([1, 2])
      .map((x) => [x, broadcast.value.reduce((a, b) => a + b, 0)])
      .collect();
    expect(results).toEqual([
      [1, 10],
      [2, 10],
    ]);
  });

  it('BroadcastSuite › Using broadcast after destroy prints callsite', () => {
    const sc = new SparkContext('local', 'test');
    const broadcast = sc.broadcast([1, 2, 3, 4]);
    broadcast.destroy();
    expect(() => broadcast.value).toThrow(SparkError);
    expect(() => broadcast.value).toThrow(
      /^Attempted to use Broadcast\(0\) after it was destroyed \(destroy at accumulators-and-broadcast\.test\.ts:\d+\) $/,
    );
    expect(() => {
      broadcast.unpersist();
    }).toThrow(SparkError);
    expect(() => {
      broadcast.destroy();
    }).toThrow(SparkError);
  });

  it('BroadcastSuite › Broadcast variables cannot be created after SparkContext is stopped (SPARK-5065)', () => {
    const sc = new SparkContext('local', 'test');
    sc.stop();
    expect(() => sc.broadcast([1, 2, 3])).toThrow(IllegalStateError);
    expect(() => sc.broadcast([1, 2, 3])).toThrow(/stopped/);
  });

  it('BroadcastSuite › Forbid broadcasting RDD directly', () => {
    const sc = new SparkContext('local', 'test');
    const rdd = sc.parallelize([1, 2, 3, 4]);
    expect(() => sc.broadcast(rdd)).toThrow(IllegalArgumentError);
    expect(() => sc.broadcast(rdd)).toThrow(
      'requirement failed: Can not directly broadcast RDDs; instead, call collect() and broadcast the result.',
    );
  });

  it("context.py › broadcast (PySpark's doctest); unpersist keeps the value usable", () => {
    const sc = new SparkContext();
    const bc = sc.broadcast(
      new Map([
        [1, 10001],
        [2, 10002],
      ]),
    );
    const rdd2 = sc.range(5).map((i) => bc.value.get(i) ?? -1);
    expect(rdd2.collect()).toEqual([-1, 10001, 10002, -1, -1]);
    bc.unpersist();
    expect(rdd2.collect()).toEqual([-1, 10001, 10002, -1, -1]);
    expect(String(bc)).toBe('Broadcast(0)');
    expect(sc.broadcast('second').id).toBe(1);
    bc.destroy();
  });
});
