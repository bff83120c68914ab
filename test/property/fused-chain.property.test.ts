/**
 * Law: a narrow chain compiled into one loop (the second time an RDD runs the same functions,
 * src/rdd/fused-chain.ts) gives exactly what the chain of sinks gives the first time, and what the
 * chain gives on plain arrays: every element-wise operation (map, filter, flatMap over arrays and
 * generators, keyBy, mapValues, flatMapValues), every action that consumes it (collect, count,
 * fold, reduce, aggregate, take), with a persisted RDD inside the chain.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SparkContext } from '../../src/context/spark-context.js';
import type { Pair, RDD } from '../../src/index.js';
import { fusedChain } from '../../src/rdd/fused-chain.js';

/** A step on numbers; pair steps go through keyBy and come back with a map. */
type Step =
  | { readonly kind: 'map'; readonly f: (x: number) => number }
  | { readonly kind: 'filter'; readonly f: (x: number) => boolean }
  | { readonly kind: 'flatMap'; readonly f: (x: number) => number[] }
  | { readonly kind: 'flatMapGenerator'; readonly f: (x: number) => Iterable<number> }
  | {
      readonly kind: 'pairs';
      readonly key: (x: number) => number;
      readonly value: (v: number) => number;
      readonly values: (v: number) => number[];
      readonly back: (pair: Pair<number, number>) => number;
    }
  | { readonly kind: 'cache' };

const intArb = fc.integer({ min: -50, max: 50 });

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.func(intArb).map((f): Step => ({ kind: 'map', f })),
  fc.func(fc.boolean()).map((f): Step => ({ kind: 'filter', f })),
  fc.func(fc.array(intArb, { maxLength: 3 })).map((f): Step => ({ kind: 'flatMap', f })),
  fc.func(fc.array(intArb, { maxLength: 3 })).map((g): Step => ({
    kind: 'flatMapGenerator',
    f: function* (x) {
      yield* g(x);
    },
  })),
  fc
    .tuple(fc.func(intArb), fc.func(intArb), fc.func(fc.array(intArb, { maxLength: 2 })))
    .map(([key, value, values]): Step => ({
      kind: 'pairs',
      key,
      value,
      values,
      back: ([k, v]) => k * 1000 + v,
    })),
  fc.constant<Step>({ kind: 'cache' }),
);

const chainArb = fc.array(stepArb, { minLength: 1, maxLength: 6 });
const dataArb = fc.array(intArb, { maxLength: 40 });

/** The chain as RDD operations; the same function objects every time it is built. */
function build(rdd: RDD<number>, chain: readonly Step[]): RDD<number> {
  let current = rdd;
  for (const step of chain) {
    switch (step.kind) {
      case 'map':
        current = current.map(step.f);
        break;
      case 'filter':
        current = current.filter(step.f);
        break;
      case 'flatMap':
      case 'flatMapGenerator':
        current = current.flatMap(step.f);
        break;
      case 'pairs':
        current = current
          .keyBy(step.key)
          .mapValues(step.value)
          .flatMapValues(step.values)
          .map(step.back);
        break;
      case 'cache':
        current = current.cache();
        break;
    }
  }
  return current;
}

/** The chain on a plain array, one step at a time (the model). */
function model(data: readonly number[], chain: readonly Step[]): number[] {
  let current = [...data];
  for (const step of chain) {
    switch (step.kind) {
      case 'map':
        current = current.map((x) => step.f(x));
        break;
      case 'filter':
        current = current.filter((x) => step.f(x));
        break;
      case 'flatMap':
      case 'flatMapGenerator':
        current = current.flatMap((x) => [...step.f(x)]);
        break;
      case 'pairs':
        current = current.flatMap((x) => {
          const k = step.key(x);
          return step.values(step.value(x)).map((v) => step.back([k, v]));
        });
        break;
      case 'cache':
        break;
    }
  }
  return current;
}

const add = (a: number, b: number): number => a + b;

/** Everything the actions say about an RDD. */
function observe(rdd: RDD<number>): unknown {
  const collected = rdd.collect();
  return {
    collected,
    count: rdd.count(),
    fold: rdd.fold(0, add),
    reduce: collected.length === 0 ? 'empty' : rdd.reduce(add),
    aggregate: rdd.aggregate<readonly [number, number]>(
      [0, 0],
      ([n, s], x) => [n + 1, s + x],
      ([n1, s1], [n2, s2]) => [n1 + n2, s1 + s2],
    ),
    take: rdd.take(3),
  };
}

function expected(data: readonly number[], chain: readonly Step[]): unknown {
  const out = model(data, chain);
  return {
    collected: out,
    count: out.length,
    fold: out.reduce(add, 0),
    reduce: out.length === 0 ? 'empty' : out.reduce(add),
    aggregate: [out.length, out.reduce(add, 0)],
    take: out.slice(0, 3),
  };
}

describe('narrow chains compiled into one loop', () => {
  it('the first run (sinks) and later runs (compiled) equal the chain on plain arrays', () => {
    fc.assert(
      fc.property(dataArb, fc.integer({ min: 1, max: 4 }), chainArb, (data, slices, chain) => {
        const sc = new SparkContext();
        const source = sc.parallelize(data, slices);
        const want = expected(data, chain);
        // Three RDDs with the same functions, as three batches of a stream: the chain is compiled
        // for the second.
        for (let run = 0; run < 3; run++) expect(observe(build(source, chain))).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });

  it('compiles a chain when a second RDD runs the same functions, not before', () => {
    const double = { kind: 'map', fn: (x: number) => x * 2 } as const;
    const positive = { kind: 'filter', fn: (x: number) => x > 0 } as const;
    expect(fusedChain([double, positive], 1)).toBeUndefined();
    expect(fusedChain([double, positive], 1)).toBeUndefined();
    const chain = fusedChain([double, positive], 2);
    expect(chain).toBeDefined();
    const out: unknown[] = [];
    chain?.each([-1, 1, 2], (x) => out.push(x));
    expect(out).toEqual([2, 4]);
    expect(chain?.fold([-1, 1, 2], 10, (acc: number, x: number) => acc + x)).toBe(16);
    // Other functions make another chain.
    expect(fusedChain([positive, double], 3)).toBeUndefined();
  });

  it('stops early for take through a compiled chain over a generator, as the sinks do', () => {
    const sc = new SparkContext();
    const source = sc.parallelize([1, 2, 3], 1);
    let produced = 0;
    const many = function* (x: number): Generator<number> {
      for (let i = 0; i < 100; i++) {
        produced++;
        yield x * 100 + i;
      }
    };
    const counts: number[] = [];
    for (let run = 0; run < 3; run++) {
      produced = 0;
      expect(source.flatMap(many).take(2)).toEqual([100, 101]);
      counts.push(produced);
    }
    expect(counts).toEqual([2, 2, 2]);
  });
});
