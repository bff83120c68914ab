/**
 * The kit's arbitraries: what they generate (shapes, bounds, the Zipf-like skew, measured on
 * 20 000 samples) and what failing properties shrink to (small, readable counterexamples).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IllegalArgumentError, Milliseconds, Seconds } from '../../../src/index.js';
import { arbitraries } from '../../../src/testing/index.js';

/** The counterexample fast-check reports for `predicate` over `arb` (a fixed seed). */
function counterexample<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => boolean): string {
  const result = fc.check(fc.property(arb, predicate), { seed: 1, numRuns: 300 });
  expect(result.failed).toBe(true);
  return fc.stringify(result.counterexample?.[0]);
}

/** The share of each value among `n` samples, by value. */
function shares<T>(arb: fc.Arbitrary<T>, n: number): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of fc.sample(arb, { numRuns: n, seed: 7 })) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return new Map([...counts].map(([value, count]) => [value, count / n]));
}

/** The Zipf share of rank i among `n` values with exponent `s` (weights rounded as generated). */
function zipfShare(i: number, n: number, s = 1): number {
  const weight = (k: number): number => Math.max(1, Math.round(1000 / (k + 1) ** s));
  let total = 0;
  for (let k = 0; k < n; k++) total += weight(k);
  return weight(i) / total;
}

describe('arbitraries.batches', () => {
  it('stays within minBatches, maxBatches and maxBatchSize; null only with noRDD', () => {
    const options = { minBatches: 2, maxBatches: 4, maxBatchSize: 3 };
    fc.assert(
      fc.property(arbitraries.batches(fc.nat(9), options), (input) => {
        expect(input.length).toBeGreaterThanOrEqual(2);
        expect(input.length).toBeLessThanOrEqual(4);
        for (const batch of input) {
          expect(batch).not.toBeNull();
          expect(batch?.length).toBeLessThanOrEqual(3);
        }
      }),
    );
    const all = fc.sample(arbitraries.batches(fc.nat(9), { noRDD: true }), {
      numRuns: 2000,
      seed: 3,
    });
    const batches = all.flat();
    const nulls = batches.filter((b) => b === null).length / batches.length;
    // One batch in six has no RDD.
    expect(nulls).toBeGreaterThan(0.12);
    expect(nulls).toBeLessThan(0.22);
    expect(all.every((input) => input.length <= 6)).toBe(true);
  });

  it('shrinks to the one batch and record that fail', () => {
    expect(
      counterexample(arbitraries.batches(fc.nat(9)), (input) =>
        input.every((batch) => batch === null || batch.every((x) => x < 7)),
      ),
    ).toBe('[[7]]');
    expect(
      counterexample(
        arbitraries.batches(fc.nat(9), { noRDD: true }),
        (input) => input.flatMap((batch) => batch ?? []).length < 3,
      ),
    ).toBe('[[0,0,0]]');
  });
});

describe('arbitraries.pairBatches', () => {
  it('generates batches of [key, value] pairs with repeating keys', () => {
    const input = fc.sample(arbitraries.pairBatches(arbitraries.keys(), fc.nat(5)), {
      numRuns: 200,
      seed: 2,
    });
    const pairs = input.flat().flatMap((batch) => batch ?? []);
    expect(pairs.every(([key, value]) => /^[a-f]$/.test(key) && value >= 0 && value <= 5)).toBe(
      true,
    );
    // Keys repeat: far fewer distinct keys than pairs.
    expect(new Set(pairs.map(([key]) => key)).size).toBe(6);
  });

  it('shrinks to the single failing pair', () => {
    expect(
      counterexample(
        arbitraries.pairBatches(arbitraries.keys(), fc.integer({ min: 0, max: 5 })),
        (input) => input.every((b) => b === null || b.every(([k, v]) => !(k === 'c' && v > 3))),
      ),
    ).toBe('[[["c",4]]]');
  });
});

describe('arbitraries.windowSpec', () => {
  it('gives multiples of the batch, 1 ≤ slide ≤ window ≤ maxBatches batches', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        arbitraries.windowSpec(Milliseconds(500), { maxBatches: 3 }),
        ({ window, slide }) => {
          seen.add(`${window.milliseconds}/${slide.milliseconds}`);
          expect(window.milliseconds % 500).toBe(0);
          expect(slide.milliseconds % 500).toBe(0);
          expect(slide.milliseconds).toBeGreaterThanOrEqual(500);
          expect(slide.milliseconds).toBeLessThanOrEqual(window.milliseconds);
          expect(window.milliseconds).toBeLessThanOrEqual(1500);
        },
      ),
    );
    // Every valid pair comes up.
    expect([...seen].sort()).toEqual([
      '1000/1000',
      '1000/500',
      '1500/1000',
      '1500/1500',
      '1500/500',
      '500/500',
    ]);
  });

  it('shrinks to the smallest failing window and slide', () => {
    expect(
      counterexample(
        arbitraries.windowSpec(Seconds(1)),
        ({ window, slide }) => window.milliseconds < 3000 || slide.milliseconds > 1000,
      ),
    ).toBe('{"window":3000 ms,"slide":1000 ms}');
  });

  it('rejects a maxBatches that is not a positive integer', () => {
    expect(() => arbitraries.windowSpec(Seconds(1), { maxBatches: 0 })).toThrow(
      new IllegalArgumentError('Expected `maxBatches` to be a positive integer, got 0'),
    );
  });
});

describe('arbitraries.words, keys and sentences', () => {
  it('words follow a Zipf distribution over the vocabulary (measured)', () => {
    const measured = shares(arbitraries.words(), 20_000);
    const vocabulary = [...measured.keys()];
    expect(vocabulary).toHaveLength(16);
    const expected = ['the', 'to', 'be', 'or', 'not', 'spark', 'stream', 'batch'];
    expected.forEach((word, i) => {
      expect(Math.abs((measured.get(word) ?? 0) - zipfShare(i, 16))).toBeLessThan(0.01);
    });
    // the ≈ 0.296, to ≈ 0.148: a few words are frequent, most are rare.
    expect(measured.get('the')).toBeGreaterThan(0.28);
  });

  it('words take a vocabulary and a skew; skew 0 is uniform', () => {
    const uniform = shares(arbitraries.words({ vocabulary: ['x', 'y', 'z'], skew: 0 }), 9000);
    for (const word of ['x', 'y', 'z']) {
      expect(Math.abs((uniform.get(word) ?? 0) - 1 / 3)).toBeLessThan(0.02);
    }
    const steep = shares(arbitraries.words({ vocabulary: ['x', 'y', 'z'], skew: 2 }), 9000);
    expect(Math.abs((steep.get('x') ?? 0) - zipfShare(0, 3, 2))).toBeLessThan(0.02);
  });

  it('keys are a, b, c, ... with the same skew, and shrink to a', () => {
    const measured = shares(arbitraries.keys({ count: 3 }), 9000);
    expect([...measured.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(Math.abs((measured.get('a') ?? 0) - zipfShare(0, 3))).toBeLessThan(0.02);
    expect(counterexample(arbitraries.keys(), () => false)).toBe('"a"');
    expect(
      fc.sample(arbitraries.keys({ count: 30, skew: 0 }), { numRuns: 500, seed: 1 }),
    ).toContain('k29');
  });

  it('words shrink to the most frequent word that fails', () => {
    expect(counterexample(arbitraries.words(), (word) => word.length < 3)).toBe('"the"');
    expect(counterexample(arbitraries.words(), (word) => word !== 'stream')).toBe('"stream"');
  });

  it('sentences are 1 to maxWords words and shrink to a short line', () => {
    fc.assert(
      fc.property(arbitraries.sentences({ maxWords: 3 }), (line) => {
        const words = line.split(' ');
        expect(words.length).toBeGreaterThanOrEqual(1);
        expect(words.length).toBeLessThanOrEqual(3);
      }),
    );
    expect(counterexample(arbitraries.sentences(), () => false)).toBe('"the"');
    expect(
      counterexample(arbitraries.batches(arbitraries.sentences()), (input) =>
        input.every((b) => b === null || b.every((line) => !line.includes('spark'))),
      ),
    ).toBe('[["spark the"]]');
  });

  it('reject bad options', () => {
    expect(() => arbitraries.keys({ count: 0 })).toThrow(
      new IllegalArgumentError('Expected `count` to be a positive integer, got 0'),
    );
    expect(() => arbitraries.words({ vocabulary: [] })).toThrow(
      new IllegalArgumentError('Expected at least one value to draw from'),
    );
    expect(() => arbitraries.words({ skew: -1 })).toThrow(
      new IllegalArgumentError('Expected `skew` ≥ 0, got -1'),
    );
  });
});
