/**
 * PySpark habits in ported code: each one works as PySpark's does or fails with an error that
 * says what to write, never a silently different result. Expected values are PySpark's doctests
 * (python/pyspark/rdd.py) and the PySpark definitions of `DStream.mapPartitionsWithIndex` and
 * `DStream.partitionBy` (python/pyspark/streaming/dstream.py: `transform` of the RDD method).
 * (Numbers for durations: test/unit/time/duration-arguments.test.ts; `reduceByWindow(f, None,
 * ...)`: python-window-operations.test.ts; `acc += 1`: accumulators-and-broadcast.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DStream,
  type ForeachFunction,
  IllegalArgumentError,
  ManualClock,
  type Pair,
  RDD,
  Seconds,
  SparkContext,
  SparkError,
  StreamingContext,
  Time,
} from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';

describe('takeOrdered, top, max, min with a key function (rdd.py doctests)', () => {
  const sc = new SparkContext();

  it('rdd.py › takeOrdered', () => {
    expect(sc.parallelize([10, 1, 2, 9, 3, 4, 5, 6, 7]).takeOrdered(6)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sc.parallelize([10, 1, 2, 9, 3, 4, 5, 6, 7], 2).takeOrdered(6, (x) => -x)).toEqual([
      10, 9, 7, 6, 5, 4,
    ]);
    expect(sc.emptyRDD<number>().takeOrdered(3)).toEqual([]);
  });

  it("the issue's case: takeOrdered(2, x => -x) on [3, 1, 2] is [3, 2] (a key, not a comparator)", () => {
    expect(sc.parallelize([3, 1, 2]).takeOrdered(2, (x) => -x)).toEqual([3, 2]);
    // A two-parameter function stays a comparator (Scala's Ordering).
    expect(sc.parallelize([3, 1, 2]).takeOrdered(2, (a, b) => b - a)).toEqual([3, 2]);
    expect(sc.parallelize([3, 1, 2]).top(2, (x) => -x)).toEqual([1, 2]);
  });

  it('rdd.py › top', () => {
    expect(sc.parallelize([10, 4, 2, 12, 3]).top(1)).toEqual([12]);
    expect(sc.parallelize([2, 3, 4, 5, 6], 2).top(2)).toEqual([6, 5]);
    expect(sc.parallelize([10, 4, 2, 12, 3]).top(3, String)).toEqual([4, 3, 2]);
  });

  it('rdd.py › max and min', () => {
    const forMax = sc.parallelize([1.0, 5.0, 43.0, 10.0]);
    expect(forMax.max()).toBe(43.0);
    expect(forMax.max(String)).toBe(5.0);
    const forMin = sc.parallelize([2.0, 5.0, 43.0, 10.0]);
    expect(forMin.min()).toBe(2.0);
    expect(forMin.min(String)).toBe(10.0);
  });

  it('rdd.py › mapPartitionsWithIndex', () => {
    expect(
      sc
        .parallelize([1, 2, 3, 4], 4)
        .mapPartitionsWithIndex(function* (splitIndex) {
          yield splitIndex;
        })
        .sum(),
    ).toBe(6);
  });
});

describe("foreachRDD and transform with PySpark's (time, rdd) order", () => {
  let ssc: StreamingContext | undefined;

  afterEach(async () => {
    await ssc?.stop();
    ssc = undefined;
  });

  /** Run `register` on a queue stream for one batch; return what awaitTermination rejected with. */
  async function failureOf(register: (stream: DStream<string>) => void): Promise<unknown> {
    await ssc?.stop();
    ssc = new StreamingContext({
      batchDuration: Seconds(1),
      clock: new ManualClock(),
      logger: { warn: () => undefined, error: () => undefined },
    });
    const stream = ssc.queueStream([['a', 'b']]);
    register(stream);
    let failure: unknown;
    ssc.awaitTermination().catch((error: unknown) => {
      failure = error;
    });
    ssc.start();
    await ssc.advance(Seconds(1));
    return failure;
  }

  const orderMessage =
    'this Time was used as an RDD. foreachRDD and transform pass (rdd, time), the RDD first; PySpark passes (time, rdd), so swap the parameters';

  it('a foreachRDD function that uses its second argument as the RDD fails, saying the order', async () => {
    // def process(time, rdd): print(time); print(rdd.collect())
    const pySparkOrder = (_time: unknown, rdd: { collect(): unknown }): void => {
      rdd.collect();
    };
    const failure = await failureOf((stream) => {
      stream.foreachRDD(pySparkOrder as unknown as ForeachFunction<string>);
    });
    expect(failure).toBeInstanceOf(IllegalArgumentError);
    expect((failure as Error).message).toBe(`Time has no member 'collect': ${orderMessage}`);
  });

  it('a transform function in that order fails the same way, or with the Time it returned', async () => {
    const mapping = (time: unknown, rdd: { map(f: unknown): unknown }): unknown =>
      rdd.map(() => time);
    const failure = await failureOf((stream) => {
      stream.transform(mapping as unknown as (rdd: RDD<string>) => RDD<string>).pprint();
    });
    expect((failure as Error).message).toBe(`Time has no member 'map': ${orderMessage}`);
    const identity = (_time: unknown, rdd: unknown): unknown => rdd;
    const returned = await failureOf((stream) => {
      stream.transform(identity as unknown as (rdd: RDD<string>) => RDD<string>).pprint();
    });
    expect(returned).toBeInstanceOf(SparkError);
    expect((returned as Error).message).toBe(
      'Transform function must return an RDD, got a Time: its parameters are (rdd, time), in this order (PySpark passes (time, rdd))',
    );
  });

  it('every RDD member, used on a Time, says so', () => {
    const time = new Time(1000) as unknown as Record<string, unknown>;
    for (const member of ['count', 'filter', 'reduceByKey', 'sortByKey', 'context', 'isEmpty']) {
      expect(() => time[member]).toThrow(`Time has no member '${member}': ${orderMessage}`);
    }
    // Every RDD member (but id, name and the facade's internals) is covered, Time's own untouched.
    const own = new Set(Object.getOwnPropertyNames(Object.getPrototypeOf(new Time(0))));
    const skipped = new Set(['constructor', 'node', 'wrap', 'id', 'name', 'toString']);
    for (
      let proto: object | null = RDD.prototype;
      proto !== Object.prototype && proto !== null;
      proto = Object.getPrototypeOf(proto) as object | null
    ) {
      for (const member of Object.getOwnPropertyNames(proto)) {
        if (skipped.has(member) || (own.has(member) && !isTrap(member))) continue;
        expect(() => time[member], member).toThrow(`Time has no member '${member}'`);
      }
    }
    // Time's own members are untouched.
    expect(new Time(1000).toString()).toBe('1000 ms');
    expect(new Time(2000).minus(new Time(1000)).milliseconds).toBe(1000);
  });

  it('a transform function that returns an array fails with a pointer to parallelize', async () => {
    const failure = await failureOf((stream) => {
      stream
        .transform((rdd) => rdd.collect() as unknown as RDD<string>)
        .foreachRDD(() => undefined);
    });
    expect(failure).toBeInstanceOf(SparkError);
    expect((failure as Error).message).toBe(
      'Transform function must return an RDD, got an array: make an RDD of it with rdd.context.parallelize(array)',
    );
  });
});

describe("PySpark's DStream.mapPartitionsWithIndex and DStream.partitionBy", () => {
  it('mapPartitionsWithIndex applies the RDD method to every batch', async () => {
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: [
        [1, 2, 3, 4],
        [5, 6],
      ],
      numInputPartitions: 2,
      operation: (s) =>
        s.mapPartitionsWithIndex((index, items) => [
          [index, [...items].reduce((a, b) => a + b, 0)],
        ]),
    });
    expect(output).toEqual([
      [
        [0, 3],
        [1, 7],
      ],
      [
        [0, 5],
        [1, 6],
      ],
    ]);
  });

  it('partitionBy(numPartitions, partitionFunc) places keys at partitionFunc(k) mod n, every batch', async () => {
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: [['a', 'bb', 'ccc'], ['dddd']],
      operation: (s) =>
        s
          .map((w) => [w, w.length])
          .partitionBy(3, (word: string) => word.length)
          .glom(),
    });
    expect(output).toEqual([
      [[['ccc', 3]], [['a', 1]], [['bb', 2]]],
      [[], [['dddd', 4]], []],
    ]);
  });

  it('partitionBy(numPartitions) hashes as Spark; batches share one partitioner', async () => {
    const partitioners: unknown[] = [];
    const output = await runBatches<Pair<string, number>, number>({
      batchDuration: Seconds(1),
      input: [[['spark', 1]], [['spark', 2]]],
      operation: (s) =>
        s.partitionBy(2).transform((rdd) => {
          partitioners.push(rdd.partitioner);
          return rdd.mapPartitionsWithIndex((index, items) => [...items].map(() => index));
        }),
    });
    // new HashPartitioner(2).getPartition('spark') is 1, as in Spark.
    expect(output).toEqual([[1], [1]]);
    expect(partitioners[0]).toBe(partitioners[1]);
  });
});

/** Whether Time's prototype property `member` is one of the RDD-member traps (a getter). */
function isTrap(member: string): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(Time.prototype, member);
  return descriptor?.get !== undefined;
}
