/**
 * Type tests for `dstream-ts/testing`: outputs, extra inputs and marble values are inferred, no
 * public parameter or result is `any`, and misuse (an extra input of the wrong type, a default
 * `perBatch` with a job that changes the element type) is a compile error.
 */
import type fc from 'fast-check';
import { expectTypeOf, test } from 'vitest';
import { Seconds, type DStream, type Pair } from '../../src/index.js';
import {
  arbitraries,
  batchesFrom,
  laws,
  runBatches,
  runStream,
  type BatchOutput,
  type StreamRun,
} from '../../src/testing/index.js';

const batch = Seconds(1);

test('runStream and runBatches infer the output type', () => {
  const run = runStream({ batchDuration: batch, input: [['a']], operation: (s) => s.count() });
  expectTypeOf(run).toEqualTypeOf<Promise<StreamRun<number>>>();
  expectTypeOf<StreamRun<number>['batches']>().toEqualTypeOf<BatchOutput<number>[]>();
  const out = runBatches({ batchDuration: batch, input: [[1]], operation: (s) => s.map(String) });
  expectTypeOf(out).toEqualTypeOf<Promise<string[][]>>();
});

test('extra inputs type the operation parameters, no any', () => {
  void runStream({
    batchDuration: batch,
    input: [['a']],
    extraInputs: [[[1]], [[true]]],
    operation: (words, numbers, flags) => {
      expectTypeOf(words).toEqualTypeOf<DStream<string>>();
      expectTypeOf(numbers).toEqualTypeOf<DStream<number>>();
      expectTypeOf(flags).toEqualTypeOf<DStream<boolean>>();
      return words;
    },
  });
  void runBatches({
    batchDuration: batch,
    input: [['a']],
    // @ts-expect-error the extra input holds strings, the operation wants numbers
    extraInputs: [[['x']]],
    operation: (words, numbers: DStream<number>) => words.union(numbers.map(String)),
  });
});

test('batchesFrom: strings, or the values a dictionary or function gives', () => {
  expectTypeOf(batchesFrom('a | b')).toEqualTypeOf<(string[] | null)[]>();
  expectTypeOf(batchesFrom('1 | 2', Number)).toEqualTypeOf<(number[] | null)[]>();
  const pairs = batchesFrom('w | s', { w: ['Web', 1], s: ['Store', 2] } as Record<
    string,
    Pair<string, number>
  >);
  expectTypeOf(pairs).toEqualTypeOf<(Pair<string, number>[] | null)[]>();
});

test('arbitraries are typed fast-check arbitraries', () => {
  expectTypeOf(arbitraries.batches(arbitraries.words())).toEqualTypeOf<
    fc.Arbitrary<(string[] | null)[]>
  >();
  expectTypeOf(arbitraries.pairBatches(arbitraries.keys(), arbitraries.words())).toEqualTypeOf<
    fc.Arbitrary<(Pair<string, string>[] | null)[]>
  >();
  expectTypeOf(arbitraries.windowSpec(batch)).toEqualTypeOf<fc.Arbitrary<arbitraries.WindowSpec>>();
});

test('laws: the default perBatch needs a job that keeps the element type', () => {
  void laws.windowEqualsUnionOfBatches({
    batchDuration: batch,
    input: [['a']],
    window: Seconds(2),
    operation: (s) => s.window(Seconds(2)),
  });
  // @ts-expect-error without perBatch the windowed job must emit the input's elements
  void laws.windowEqualsUnionOfBatches({
    batchDuration: batch,
    input: [['a']],
    window: Seconds(2),
    operation: (s) => s.map((w) => w.length).window(Seconds(2)),
  });
  void laws.windowEqualsUnionOfBatches({
    batchDuration: batch,
    input: [['a']],
    window: Seconds(2),
    perBatch: (s) => s.map((w) => w.length),
    operation: (s) => s.map((w) => w.length).window(Seconds(2)),
  });
  void laws.stateEqualsFoldOfBatches({
    batchDuration: batch,
    input: [[['a', 1] as Pair<string, number>]],
    update: (values, state: number | undefined) => {
      expectTypeOf(values).toEqualTypeOf<number[]>();
      return values.length + (state ?? 0);
    },
  });
});
