/**
 * Issue 14's pair-inference snippets type-check without annotations: a function returning a
 * 2-element array literal makes a pair stream or RDD (`map`, `flatMap`, `transform`, literal
 * `queueStream`s); `any` stays `any`; numeric RDD methods need an `RDD<number>` (`this` typing).
 */
import { expectTypeOf, test } from 'vitest';
import type {
  DStream,
  Pair,
  RDD,
  SparkContext,
  StatCounter,
  StreamingContext,
} from '../../src/index.js';

declare const ssc: StreamingContext;
declare const sc: SparkContext;
declare const stream: DStream<string>;
declare const lines: RDD<string>;

test('stream.map((w) => [w, 1]).reduceByKey((a, b) => a + b)', () => {
  const counts = stream.map((w) => [w, 1]).reduceByKey((a, b) => a + b);
  expectTypeOf(counts).toEqualTypeOf<DStream<Pair<string, number>>>();
});

test('rdd.map((t) => [t[1], t[0]]).sortByKey(false)', () => {
  const counts = lines.map((w) => [w, 1]).reduceByKey((a, b) => a + b);
  const byCount = counts.map((t) => [t[1], t[0]]).sortByKey(false);
  expectTypeOf(byCount).toEqualTypeOf<RDD<Pair<number, string>>>();
});

test('flatMap to pairs', () => {
  const streamCounts = stream
    .flatMap((line) => line.split(' ').map((w) => [w, 1]))
    .reduceByKey((a, b) => a + b);
  expectTypeOf(streamCounts).toEqualTypeOf<DStream<Pair<string, number>>>();
  const rddCounts = lines.flatMap((line) => [[line, line.length]]).reduceByKey(Math.max);
  expectTypeOf(rddCounts).toEqualTypeOf<RDD<Pair<string, number>>>();
});

test('transform returning a pair RDD', () => {
  const counts = stream.transform((rdd) => rdd.map((w) => [w, 1])).reduceByKey((a, b) => a + b);
  expectTypeOf(counts).toEqualTypeOf<DStream<Pair<string, number>>>();
  const joined = stream
    .transform((rdd, time) => rdd.map((w) => [w, time.milliseconds]))
    .join(stream.map((w) => [w, true]));
  expectTypeOf(joined).toEqualTypeOf<DStream<Pair<string, readonly [number, boolean]>>>();
});

test('queueStream of literal pairs', () => {
  const pairs = ssc.queueStream([
    [
      ['a', 1],
      ['b', 2],
    ],
    [['a', 3]],
  ]);
  expectTypeOf(pairs).toEqualTypeOf<DStream<Pair<string, number>>>();
  expectTypeOf(pairs.reduceByKey((a, b) => a + b)).toEqualTypeOf<DStream<Pair<string, number>>>();
  // Other queues keep their element type.
  expectTypeOf(ssc.queueStream([[1, 2], [3]])).toEqualTypeOf<DStream<number>>();
  const live: string[][] = [];
  expectTypeOf(ssc.queueStream(live)).toEqualTypeOf<DStream<string>>();
  expectTypeOf(ssc.queueStream<Pair<string, number>>([])).toEqualTypeOf<
    DStream<Pair<string, number>>
  >();
});

test('other results are unchanged: arrays of other lengths, objects, any', () => {
  // A longer array literal is typed as a tuple (a subtype of string[]), not a pair.
  expectTypeOf(stream.map((w) => [w, w, w])).toEqualTypeOf<DStream<[string, string, string]>>();
  expectTypeOf(stream.map((w): string[] => [w, w])).toEqualTypeOf<DStream<string[]>>();
  expectTypeOf(stream.map((w) => w.length)).toEqualTypeOf<DStream<number>>();
  expectTypeOf(stream.map((w) => ({ w }))).toEqualTypeOf<DStream<{ w: string }>>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON.parse returns any
  expectTypeOf(lines.map(JSON.parse)).toEqualTypeOf<RDD<any>>();
  expectTypeOf(stream.flatMap((l) => l.split(' '))).toEqualTypeOf<DStream<string>>();
});

test('mapToPair stays', () => {
  expectTypeOf(stream.mapToPair((w) => [w, 1])).toEqualTypeOf<DStream<Pair<string, number>>>();
});

test('numeric RDD methods need RDD<number>', () => {
  const numbers = sc.parallelize([1, 2, 3]);
  expectTypeOf(numbers.sum()).toEqualTypeOf<number>();
  expectTypeOf(numbers.stats()).toEqualTypeOf<StatCounter>();
  expectTypeOf(numbers.histogram(2)).toEqualTypeOf<[buckets: number[], counts: number[]]>();
  expectTypeOf(numbers.histogram([0, 5, 10])).toEqualTypeOf<number[]>();
  // @ts-expect-error TS2684: RDD<string> is not an RDD<number>
  lines.sum();
  // @ts-expect-error stats needs numbers
  lines.stats();
});

test('cogroup and groupWith with two and three others', () => {
  const a = lines.map((w) => [w, 1]);
  const b = lines.map((w) => [w, true]);
  const c = lines.map((w) => [w, w.length > 2 ? 'long' : 'short']);
  expectTypeOf(a.cogroup(b, c)).toEqualTypeOf<
    RDD<Pair<string, readonly [number[], boolean[], string[]]>>
  >();
  expectTypeOf(a.groupWith(b, c, a)).toEqualTypeOf<
    RDD<Pair<string, readonly [number[], boolean[], string[], number[]]>>
  >();
});

test("takeOrdered, top, max, min take a comparator or PySpark's key function", () => {
  const numbers = sc.parallelize([3, 1, 2]);
  expectTypeOf(numbers.takeOrdered(2, (x) => -x)).toEqualTypeOf<number[]>();
  expectTypeOf(numbers.top(2, (a, b) => a - b)).toEqualTypeOf<number[]>();
  expectTypeOf(numbers.max(String)).toEqualTypeOf<number>();
});
