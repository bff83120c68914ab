/**
 * Law: narrow-operation fusion is invisible. A chain of map / filter / flatMap / keyBy / mapValues /
 * flatMapValues fused into one pass per partition gives exactly what evaluating the chain step by
 * step on plain arrays gives, both for the whole RDD (in order) and for every partition on its
 * own; and so does the same chain compiled into one loop (src/rdd/fused-chain.ts), which happens
 * from the second RDD that runs the same functions, through every action.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SparkContext } from '../../src/context/spark-context.js';
import type { Pair, RDD } from '../../src/index.js';
import { fusedChain } from '../../src/rdd/fused-chain.js';

type Step =
  | { readonly kind: 'map'; readonly f: (x: number) => number }
  | { readonly kind: 'filter'; readonly f: (x: number) => boolean }
  | { readonly kind: 'flatMap'; readonly f: (x: number) => number[] }
  /** flatMap whose result is a generator, not an array (the engine's other flattening path). */
  | { readonly kind: 'flatMapIterable'; readonly f: (x: number) => Iterable<number> }
  /** keyBy, mapValues, flatMapValues, then back to numbers with a map. */
  | {
      readonly kind: 'pairs';
      readonly key: (x: number) => number;
      readonly value: (v: number) => number;
      readonly values: (v: number) => number[];
      readonly back: (pair: Pair<number, number>) => number;
    }
  /** Persist in the middle of the chain: a fusion boundary that must not change the result. */
  | { readonly kind: 'cache' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.func(fc.integer({ min: -1000, max: 1000 })).map((f): Step => ({ kind: 'map', f })),
  fc.func(fc.boolean()).map((f): Step => ({ kind: 'filter', f })),
  fc
    .func(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 3 }))
    .map((f): Step => ({ kind: 'flatMap', f })),
  // Each step's functions are made once, so a chain built twice runs the same functions.
  fc
    .func(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 3 }))
    .map((f): Step => ({ kind: 'flatMapIterable', f: (x) => yieldAll(f(x)) })),
  fc
    .tuple(
      fc.func(fc.integer({ min: -50, max: 50 })),
      fc.func(fc.integer({ min: -50, max: 50 })),
      fc.func(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 2 })),
    )
    .map(([key, value, values]): Step => ({
      kind: 'pairs',
      key,
      value,
      values,
      back: ([k, v]) => k * 1000 + v,
    })),
  fc.constant<Step>({ kind: 'cache' }),
);

const chainArb = fc.array(stepArb, { maxLength: 8 });
const dataArb = fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 60 });
const partitionsArb = fc.integer({ min: 1, max: 8 });

function* yieldAll(values: readonly number[]): Generator<number> {
  yield* values;
}

/** The chain on an RDD (fused by the engine). */
function applyToRDD(rdd: RDD<number>, chain: readonly Step[]): RDD<number> {
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
      case 'flatMapIterable':
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

/** The same chain, one step at a time on plain arrays (the model). */
function applyToArray(data: readonly number[], chain: readonly Step[]): number[] {
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
      case 'flatMapIterable':
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

/** Spark's slicing, written independently: partition i holds [floor(i·n/k), floor((i+1)·n/k)). */
function slices(data: readonly number[], k: number): number[][] {
  const n = data.length;
  return Array.from({ length: k }, (_, i) =>
    data.slice(Math.floor((i * n) / k), Math.floor(((i + 1) * n) / k)),
  );
}

describe('narrow-operation fusion', () => {
  it('collect of a fused chain equals the chain on plain arrays, in order', () => {
    fc.assert(
      fc.property(dataArb, partitionsArb, chainArb, (data, numSlices, chain) => {
        const sc = new SparkContext();
        const rdd = applyToRDD(sc.parallelize(data, numSlices), chain);
        const expected = applyToArray(data, chain);
        expect(rdd.collect()).toEqual(expected);
        // Evaluating again (recomputation or cached partitions) gives the same answer.
        expect(rdd.collect()).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('each partition (glom) equals the chain applied to that slice alone', () => {
    fc.assert(
      fc.property(dataArb, partitionsArb, chainArb, (data, numSlices, chain) => {
        const sc = new SparkContext();
        const rdd = applyToRDD(sc.parallelize(data, numSlices), chain);
        expect(rdd.getNumPartitions()).toBe(numSlices);
        expect(rdd.glom().collect()).toEqual(
          slices(data, numSlices).map((slice) => applyToArray(slice, chain)),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('splitting a chain in two at any point gives the same result as one chain', () => {
    fc.assert(
      fc.property(dataArb, partitionsArb, chainArb, chainArb, (data, numSlices, first, second) => {
        const sc = new SparkContext();
        const base = sc.parallelize(data, numSlices);
        const prefix = applyToRDD(base, first);
        // Branch off the prefix: the prefix must stay usable after a longer chain is built on it.
        const whole = applyToRDD(prefix, second);
        expect(whole.glom().collect()).toEqual(
          applyToRDD(base, [...first, ...second])
            .glom()
            .collect(),
        );
        expect(prefix.collect()).toEqual(applyToArray(data, first));
      }),
      { numRuns: 50 },
    );
  });

  it('a chain compiled into one loop (the second run on) gives what the chain of sinks gives, through every action', () => {
    fc.assert(
      fc.property(dataArb, fc.integer({ min: 1, max: 4 }), chainArb, (data, numSlices, chain) => {
        const sc = new SparkContext();
        const source = sc.parallelize(data, numSlices);
        const want = expectedActions(applyToArray(data, chain));
        // Three RDDs with the same functions, as three batches of a stream would be.
        for (let run = 0; run < 3; run++) {
          expect(actions(applyToRDD(source, chain))).toEqual(want);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('compiles a chain when a second RDD runs the same functions, not before', () => {
    const double = { kind: 'map', fn: (x: number) => x * 2 } as const;
    const positive = { kind: 'filter', fn: (x: number) => x > 0 } as const;
    expect(fusedChain([double, positive], 1)).toBeUndefined();
    expect(fusedChain([double, positive], 1)).toBeUndefined();
    const compiled = fusedChain([double, positive], 2);
    expect(compiled).toBeDefined();
    const out: unknown[] = [];
    compiled?.each([-1, 1, 2], (x) => out.push(x));
    expect(out).toEqual([2, 4]);
    expect(compiled?.fold([-1, 1, 2], 10, (acc: number, x: number) => acc + x)).toBe(16);
    // The same functions in another order are another chain.
    expect(fusedChain([positive, double], 3)).toBeUndefined();
  });

  it('take through a compiled chain over a generator stops as early as the sinks do', () => {
    const source = new SparkContext().parallelize([1, 2, 3], 1);
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

const add = (a: number, b: number): number => a + b;

/** What every action says about an RDD of numbers. */
function actions(rdd: RDD<number>): unknown {
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

/** What `actions` should say about an RDD holding `out`. */
function expectedActions(out: readonly number[]): unknown {
  return {
    collected: out,
    count: out.length,
    fold: out.reduce(add, 0),
    reduce: out.length === 0 ? 'empty' : out.reduce(add),
    aggregate: [out.length, out.reduce(add, 0)],
    take: out.slice(0, 3),
  };
}
