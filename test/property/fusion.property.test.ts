/**
 * Law: narrow-operation fusion is invisible. A chain of map / filter / flatMap fused into one pass
 * per partition gives exactly what evaluating the chain step by step on plain arrays gives, both
 * for the whole RDD (in order) and for every partition on its own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SparkContext } from '../../src/context/spark-context.js';
import type { RDD } from '../../src/index.js';

type Step =
  | { readonly kind: 'map'; readonly f: (x: number) => number }
  | { readonly kind: 'filter'; readonly f: (x: number) => boolean }
  | { readonly kind: 'flatMap'; readonly f: (x: number) => number[] }
  /** flatMap whose result is a generator, not an array (the engine's other flattening path). */
  | { readonly kind: 'flatMapIterable'; readonly f: (x: number) => number[] }
  /** Persist in the middle of the chain: a fusion boundary that must not change the result. */
  | { readonly kind: 'cache' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.func(fc.integer({ min: -1000, max: 1000 })).map((f): Step => ({ kind: 'map', f })),
  fc.func(fc.boolean()).map((f): Step => ({ kind: 'filter', f })),
  fc
    .func(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 3 }))
    .map((f): Step => ({ kind: 'flatMap', f })),
  fc
    .func(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 3 }))
    .map((f): Step => ({ kind: 'flatMapIterable', f })),
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
        current = current.flatMap(step.f);
        break;
      case 'flatMapIterable': {
        const f = step.f;
        current = current.flatMap((x) => yieldAll(f(x)));
        break;
      }
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
        current = current.flatMap((x) => step.f(x));
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
});
