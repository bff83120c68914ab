/**
 * Type tests for the `this`-typed pair operations (STYLE 3.5): pair methods reject non-pair
 * streams and RDDs at compile time, K and V are inferred, and the `as const` pitfall stays
 * documented.
 */
import { expectTypeOf, test } from 'vitest';
import type { DStream, Pair, RDD } from '../../src/index.js';

declare const words: DStream<string>;
declare const flags: DStream<Pair<string, boolean>>;
declare const wordsRDD: RDD<string>;
declare const flagsRDD: RDD<Pair<string, boolean>>;

const add = (a: number, b: number): number => a + b;

test('pair methods reject non-pair DStreams', () => {
  // @ts-expect-error TS2684: 'this' context DStream<string> is not a DStream<Pair<K, V>>
  words.reduceByKey(add);
  // @ts-expect-error groupByKey needs pairs
  words.groupByKey();
  // @ts-expect-error mapValues needs pairs
  words.mapValues((v: unknown) => v);
  // @ts-expect-error join needs pairs on the left
  words.join(flags);
  // @ts-expect-error combineByKey needs pairs
  words.combineByKey(
    (v: number) => v,
    (c: number, v: number) => c + v,
    add,
  );
});

test('pair methods reject non-pair RDDs', () => {
  // @ts-expect-error TS2684: 'this' context RDD<string> is not an RDD<Pair<K, V>>
  wordsRDD.reduceByKey(add);
  // @ts-expect-error groupByKey needs pairs
  wordsRDD.groupByKey();
  // @ts-expect-error join needs pairs on the left
  wordsRDD.join(flagsRDD);
  // @ts-expect-error keys needs pairs
  wordsRDD.keys();
  // @ts-expect-error sortByKey needs pairs
  wordsRDD.sortByKey();
});

test('mapToPair infers K and V; pair operations keep and transform them', () => {
  const pairs = words.mapToPair((w) => [w, 1]);
  expectTypeOf(pairs).toEqualTypeOf<DStream<Pair<string, number>>>();
  expectTypeOf(pairs.reduceByKey((a, b) => a + b)).toEqualTypeOf<DStream<Pair<string, number>>>();
  expectTypeOf(pairs.reduceByKey(add, 4)).toEqualTypeOf<DStream<Pair<string, number>>>();
  expectTypeOf(pairs.groupByKey()).toEqualTypeOf<DStream<Pair<string, number[]>>>();
  expectTypeOf(pairs.mapValues((n) => n > 0)).toEqualTypeOf<DStream<Pair<string, boolean>>>();
  expectTypeOf(pairs.mapValues(String)).toEqualTypeOf<DStream<Pair<string, string>>>();
  expectTypeOf(pairs.flatMapValues((n) => [n, n])).toEqualTypeOf<DStream<Pair<string, number>>>();
  expectTypeOf(
    pairs.combineByKey(
      (v) => [v],
      (acc: number[], v) => [...acc, v],
      (a, b) => [...a, ...b],
    ),
  ).toEqualTypeOf<DStream<Pair<string, number[]>>>();
});

test('joins infer W and mark missing sides as undefined', () => {
  const pairs = words.mapToPair((w) => [w, 1]);
  expectTypeOf(pairs.join(flags)).toEqualTypeOf<
    DStream<Pair<string, readonly [number, boolean]>>
  >();
  expectTypeOf(pairs.leftOuterJoin(flags)).toEqualTypeOf<
    DStream<Pair<string, readonly [number, boolean | undefined]>>
  >();
  expectTypeOf(pairs.rightOuterJoin(flags)).toEqualTypeOf<
    DStream<Pair<string, readonly [number | undefined, boolean]>>
  >();
  expectTypeOf(pairs.fullOuterJoin(flags)).toEqualTypeOf<
    DStream<Pair<string, readonly [number | undefined, boolean | undefined]>>
  >();
  expectTypeOf(pairs.cogroup(flags)).toEqualTypeOf<
    DStream<Pair<string, readonly [number[], boolean[]]>>
  >();
});

test('generic operators keep pair-ness', () => {
  const pairs = words.mapToPair((w) => [w, 1]);
  expectTypeOf(pairs.filter(([, n]) => n > 0).reduceByKey(add)).toEqualTypeOf<
    DStream<Pair<string, number>>
  >();
  expectTypeOf(pairs.union(pairs).repartition(2).groupByKey()).toEqualTypeOf<
    DStream<Pair<string, number[]>>
  >();
  expectTypeOf(pairs.transform((rdd) => rdd.reduceByKey(add))).toEqualTypeOf<
    DStream<Pair<string, number>>
  >();
});

test('the same inference on RDDs', () => {
  const pairs = wordsRDD.mapToPair((w) => [w, 1]);
  expectTypeOf(pairs).toEqualTypeOf<RDD<Pair<string, number>>>();
  expectTypeOf(pairs.reduceByKey(add)).toEqualTypeOf<RDD<Pair<string, number>>>();
  expectTypeOf(pairs.groupByKey()).toEqualTypeOf<RDD<Pair<string, number[]>>>();
  expectTypeOf(pairs.mapValues((n) => `${n}`)).toEqualTypeOf<RDD<Pair<string, string>>>();
  expectTypeOf(pairs.join(flagsRDD)).toEqualTypeOf<RDD<Pair<string, readonly [number, boolean]>>>();
  expectTypeOf(pairs.leftOuterJoin(flagsRDD)).toEqualTypeOf<
    RDD<Pair<string, readonly [number, boolean | undefined]>>
  >();
  expectTypeOf(pairs.keys()).toEqualTypeOf<RDD<string>>();
  expectTypeOf(pairs.values()).toEqualTypeOf<RDD<number>>();
  expectTypeOf(pairs.collectAsMap()).toEqualTypeOf<Map<string, number>>();
});

test('map((w) => [w, 1]) without annotation is a pair (see pair-inference.test-d.ts)', () => {
  const pairs = words.map((w) => [w, 1]);
  expectTypeOf(pairs).toEqualTypeOf<DStream<Pair<string, number>>>();
  expectTypeOf(pairs.reduceByKey(add)).toEqualTypeOf<DStream<Pair<string, number>>>();
  expectTypeOf(wordsRDD.map((w) => [w, 1]).reduceByKey(add)).toEqualTypeOf<
    RDD<Pair<string, number>>
  >();

  // An annotated array return type stays an array: not a pair.
  const notPairs = words.map((w): (string | number)[] => [w, 1]);
  expectTypeOf(notPairs).toEqualTypeOf<DStream<(string | number)[]>>();
  // @ts-expect-error TS2684: (string | number)[] is not a Pair
  notPairs.reduceByKey(add);
});

test('pitfall: `as const` over-narrows V to a literal', () => {
  const literal = words.map((w) => [w, 1] as const);
  expectTypeOf(literal).toEqualTypeOf<DStream<readonly [string, 1]>>();
  // @ts-expect-error V is the literal 1, so a + b (a number) is not a V
  literal.reduceByKey((a, b) => a + b);
});
