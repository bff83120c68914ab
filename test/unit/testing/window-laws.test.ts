/**
 * laws.windowEqualsUnionOfBatches and laws.reduceByKeyAndWindowMatchesNaive: they hold for
 * correct jobs on random inputs and windows, and fail, with a readable per-window report, for
 * deliberately broken ones (a wrong window or slide, a wrong inverse, a filter that keeps
 * leftover keys, a reduce that is not commutative).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Seconds, SparkError, type DStream } from '../../../src/index.js';
import { arbitraries, batchesFrom, laws } from '../../../src/testing/index.js';
import { lawFailure, pairMarbles } from '../../support/law-failure.js';

const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;
describe('laws.windowEqualsUnionOfBatches', () => {
  it('holds for window(w, s) on random inputs and windows (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraries.batches(fc.nat(9), { noRDD: true }),
        arbitraries.windowSpec(Seconds(1)),
        async (input, { window, slide }) => {
          await laws.windowEqualsUnionOfBatches({
            batchDuration: Seconds(1),
            input,
            window,
            slide,
            operation: (s) => s.window(window, slide),
            ordered: true,
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('holds for a job that filters then windows, against what the filter keeps per batch', async () => {
    const hashtags = (s: DStream<string>): DStream<string> => s.filter((w) => w.startsWith('#'));
    await fc.assert(
      fc.asyncProperty(
        arbitraries.batches(arbitraries.words({ vocabulary: ['#a', 'x', '#b', 'y'] })),
        async (input) => {
          await laws.windowEqualsUnionOfBatches({
            batchDuration: Seconds(1),
            input,
            window: Seconds(3),
            slide: Seconds(2),
            perBatch: hashtags,
            operation: (s) => hashtags(s).window(Seconds(3), Seconds(2)),
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('fails for a window shorter than claimed, naming the windows that miss records', async () => {
    const { message } = await lawFailure(
      laws.windowEqualsUnionOfBatches({
        batchDuration: Seconds(1),
        input: batchesFrom('a | b | c'),
        window: Seconds(3),
        operation: (s) => s.window(Seconds(2)),
      }),
    );
    expect(message).toBe(
      [
        'windowEqualsUnionOfBatches: the windowed stream (window 3000 ms, slide 1000 ms) is not, at each slide time t, the union of the batches in (t - window, t]',
        '3 of 6 batches differ, comparing each batch as a multiset of records:',
        '  batch at 3000 ms:',
        "    expected:   [ 'a', 'b', 'c' ]",
        "    actual:     [ 'b', 'c' ]",
        "    missing:    'a'",
        '  batch at 4000 ms:',
        "    expected:   [ 'b', 'c' ]",
        "    actual:     [ 'c' ]",
        "    missing:    'b'",
        '  batch at 5000 ms:',
        "    expected:   [ 'c' ]",
        '    actual:     []',
        "    missing:    'c'",
        'Input:',
        "  batch 1: [ 'a' ]",
        "  batch 2: [ 'b' ]",
        "  batch 3: [ 'c' ]",
        'Check the window and slide durations, and that nothing before the window keeps data from earlier batches.',
      ].join('\n'),
    );
  });

  it('fails for a job that emits at times off the slide grid', async () => {
    const { message } = await lawFailure(
      laws.windowEqualsUnionOfBatches({
        batchDuration: Seconds(1),
        input: batchesFrom('a | b | c'),
        window: Seconds(2),
        slide: Seconds(2),
        operation: (s) => s.window(Seconds(2), Seconds(1)),
      }),
    );
    expect(message).toContain(
      [
        '3 of 5 batches differ (expected 2 output batches, got 5), comparing each batch as a multiset of records:',
        "  batch at 1000 ms: unexpected (no output expected): [ 'a' ]",
        "  batch at 3000 ms: unexpected (no output expected): [ 'b', 'c' ]",
        '  batch at 5000 ms: unexpected (no output expected): []',
      ].join('\n'),
    );
  });

  it('fails for a hand-made window that keeps the last batches in a closure and forgets empty ones', async () => {
    // Keeps the last two non-empty batches: an empty batch does not push the oldest one out.
    const lastTwo = (s: DStream<string>): DStream<string> => {
      let kept: string[][] = [];
      return s.transform((rdd) => {
        const batch = rdd.collect();
        if (batch.length > 0) kept = [...kept, batch].slice(-2);
        return rdd.context.parallelize(kept.flat());
      });
    };
    const { message } = await lawFailure(
      laws.windowEqualsUnionOfBatches({
        batchDuration: Seconds(1),
        input: batchesFrom('a | b | | c'),
        window: Seconds(2),
        operation: lastTwo,
      }),
    );
    expect(message).toContain(
      [
        '  batch at 3000 ms:',
        "    expected:   [ 'b' ]",
        "    actual:     [ 'a', 'b' ]",
        "    unexpected: 'a'",
      ].join('\n'),
    );
  });
});

describe('laws.reduceByKeyAndWindowMatchesNaive', () => {
  const input = arbitraries.pairBatches(
    arbitraries.keys({ count: 4 }),
    fc.integer({ min: -3, max: 5 }),
    {
      noRDD: true,
    },
  );

  it('holds without an inverse, and with one (leftover keys unchecked), on random inputs (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        input,
        arbitraries.windowSpec(Seconds(1)),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        async (batches, { window, slide }, numPartitions, withInverse) => {
          await laws.reduceByKeyAndWindowMatchesNaive({
            batchDuration: Seconds(1),
            input: batches,
            reduce: add,
            ...(withInverse ? { inverse: sub } : {}),
            window,
            slide,
            numPartitions,
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('holds with an inverse and a filter that drops the zeros, on positive values (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraries.pairBatches(arbitraries.keys({ count: 4 }), fc.integer({ min: 1, max: 5 })),
        arbitraries.windowSpec(Seconds(1)),
        async (batches, { window, slide }) => {
          await laws.reduceByKeyAndWindowMatchesNaive({
            batchDuration: Seconds(1),
            input: batches,
            reduce: add,
            inverse: sub,
            filter: ([, n]) => n !== 0,
            window,
            slide,
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('fails for a wrong inverse, from the first window a value leaves', async () => {
    const { message } = await lawFailure(
      laws.reduceByKeyAndWindowMatchesNaive({
        batchDuration: Seconds(1),
        input: pairMarbles('a:1 b:2 | a:1 | a:1 | b:1'),
        reduce: add,
        inverse: add,
        window: Seconds(2),
      }),
    );
    expect(message).toBe(
      [
        "reduceByKeyAndWindowMatchesNaive: reduceByKeyAndWindow with an inverse function (window 2000 ms, slide 1000 ms) differs from reducing each key's values in (t - window, t]",
        '3 of 7 batches differ, comparing each batch as a multiset of records:',
        '  batch at 3000 ms:',
        "    expected:   [ [ 'a', 2 ] ]",
        "    actual:     [ [ 'a', 4 ] ]",
        "    missing:    [ 'a', 2 ]",
        "    unexpected: [ 'a', 4 ]",
        '  batch at 4000 ms:',
        "    expected:   [ [ 'a', 1 ], [ 'b', 1 ] ]",
        "    actual:     [ [ 'b', 5 ], [ 'a', 5 ] ]",
        "    missing:    [ 'a', 1 ], [ 'b', 1 ]",
        "    unexpected: [ 'b', 5 ], [ 'a', 5 ]",
        '  batch at 5000 ms:',
        "    expected:   [ [ 'b', 1 ] ]",
        "    actual:     [ [ 'b', 5 ] ]",
        "    missing:    [ 'b', 1 ]",
        "    unexpected: [ 'b', 5 ]",
        'Input:',
        "  batch 1: [ [ 'a', 1 ], [ 'b', 2 ] ]",
        "  batch 2: [ [ 'a', 1 ] ]",
        "  batch 3: [ [ 'a', 1 ] ]",
        "  batch 4: [ [ 'b', 1 ] ]",
        'Check that inverse undoes reduce (reduce(inverse(a, b), b) = a) and that filter drops only keys with no values left in the window.',
      ].join('\n'),
    );
  });

  it('fails for a filter that keeps the zero of keys that left the window', async () => {
    const { message } = await lawFailure(
      laws.reduceByKeyAndWindowMatchesNaive({
        batchDuration: Seconds(1),
        input: pairMarbles('a:1 b:2 | a:1 | a:1 | b:1'),
        reduce: add,
        inverse: sub,
        filter: ([, n]) => n !== 5,
        window: Seconds(2),
      }),
    );
    expect(message).toContain(
      [
        '  batch at 3000 ms:',
        "    expected:   [ [ 'a', 2 ] ]",
        "    actual:     [ [ 'b', 0 ], [ 'a', 2 ] ]",
        "    unexpected: [ 'b', 0 ]",
      ].join('\n'),
    );
  });

  it('fails for a reduce that is not commutative', async () => {
    const { message } = await lawFailure(
      laws.reduceByKeyAndWindowMatchesNaive({
        batchDuration: Seconds(1),
        input: pairMarbles('a:1 a:2 | a:5 a:7'),
        reduce: sub,
        window: Seconds(2),
      }),
    );
    expect(message).toContain(
      [
        '  batch at 2000 ms:',
        "    expected:   [ [ 'a', -13 ] ]",
        "    actual:     [ [ 'a', 1 ] ]",
      ].join('\n'),
    );
    expect(message.endsWith('Check that reduce is associative and commutative.')).toBe(true);
  });

  it('lets the engine reject a window that is not a multiple of the batch', async () => {
    await expect(
      laws.reduceByKeyAndWindowMatchesNaive({
        batchDuration: Seconds(1),
        input: pairMarbles('a:1'),
        reduce: add,
        window: Seconds(1.5),
      }),
    ).rejects.toThrow(SparkError);
  });
});
