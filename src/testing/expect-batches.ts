/** Assertions on output batches: `expectBatches(actual).toEqual(expected)` and vitest matchers. */
import { IllegalArgumentError } from '../errors.js';
import { diffBatches, toComparable, type ComparableBatches } from './batch-diff.js';
import type { BatchOutput } from './kit-context.js';
import type { StreamRun } from './run-stream.js';

/**
 * The error the kit's assertions and laws throw: its message says, batch by batch, what differs.
 *
 * @example
 * ```ts
 * try { expectBatches(run).toEqual([['a']]); } catch (e) { if (e instanceof BatchAssertionError) console.log(e.message); }
 * ```
 */
export class BatchAssertionError extends Error {
  /** `'BatchAssertionError'`. */
  override readonly name = 'BatchAssertionError';
}

/**
 * Output batches as runs give them: a `StreamRun` (from `runStream`), its `batches`
 * (`{ time, output }`), or one record array per batch (from `runBatches`).
 *
 * @example
 * ```ts
 * const a: ActualBatches<number> = await runBatches({ batchDuration: Seconds(1), input: [[1]], operation: (s) => s });
 * ```
 */
export type ActualBatches<O> = StreamRun<O> | readonly BatchOutput<O>[] | readonly (readonly O[])[];

/**
 * Expected output batches: one record array per output batch, or `{ time, output }` entries when
 * the batch times matter too.
 *
 * @example
 * ```ts
 * const e: ExpectedBatches<string> = [{ time: new Time(2000), output: ['a', 'b'] }];
 * ```
 */
export type ExpectedBatches<O> = readonly (readonly O[])[] | readonly BatchOutput<O>[];

/**
 * Options of {@link BatchExpectation.toEqual}.
 *
 * @example
 * ```ts
 * expectBatches(run).toEqual(expected, { ordered: false });
 * ```
 */
export interface BatchEqualityOptions {
  /** Compare records in order (default `true`); `false` compares each batch as a multiset. */
  readonly ordered?: boolean;
}

/**
 * What {@link expectBatches} returns.
 *
 * @example
 * ```ts
 * const expectation: BatchExpectation<string> = expectBatches(run);
 * ```
 */
export interface BatchExpectation<O> {
  /**
   * Assert that the batches equal `expected`: the same number of output batches, each with
   * records equal by value (and the same times when both sides have them).
   *
   * @throws {@link BatchAssertionError} with a per-batch report of the differences.
   */
  toEqual(expected: ExpectedBatches<O>, options?: BatchEqualityOptions): void;
}

/**
 * Start an assertion on output batches; works with any test runner (it throws a
 * {@link BatchAssertionError} whose message lists, per batch, the expected and actual records,
 * the missing and the unexpected ones).
 *
 * @example
 * ```ts
 * const run = await runStream({ batchDuration: Seconds(1), input: batchesFrom('a b | c'), operation: (s) => s.map((w) => w.toUpperCase()) });
 * expectBatches(run).toEqual(batchesFrom('B A | C'), { ordered: false });
 * ```
 */
export function expectBatches<O>(actual: ActualBatches<O>): BatchExpectation<O> {
  return {
    toEqual(expected, options = {}) {
      const report = diffBatches(
        comparable(actual, 'actual'),
        comparable(expected, 'expected'),
        options.ordered ?? true,
      );
      if (report !== undefined) throw new BatchAssertionError(report);
    },
  };
}

function comparable(value: unknown, side: string): ComparableBatches {
  const batches = toComparable(value);
  if (batches === undefined) {
    throw new IllegalArgumentError(
      `Expected the ${side} batches as a StreamRun, an array of { time, output } or an array of record arrays, got ${typeof value}`,
    );
  }
  return batches;
}

/**
 * The kit's vitest matchers, for `expect.extend(batchMatchers)`. Declare their types once (e.g.
 * in `vitest.d.ts`): `declare module 'vitest' { interface Matchers<T = any> extends BatchMatchers<T> {} }`.
 *
 * @example
 * ```ts
 * expect(await runBatches(options)).toEqualBatches([['a'], ['b']]);
 * expect(run).toEqualBatchesUnordered(batchesFrom('b a | c'));
 * ```
 */
export interface BatchMatchers<R = unknown> {
  /** Equal batches, records in order. */
  toEqualBatches(expected: ExpectedBatches<unknown>): R;
  /** Equal batches, each compared as a multiset of records. */
  toEqualBatchesUnordered(expected: ExpectedBatches<unknown>): R;
}

/**
 * What a matcher of {@link batchMatchers} returns (vitest's `ExpectationResult`).
 *
 * @example
 * ```ts
 * const result: BatchMatcherResult = batchMatchers.toEqualBatches([['a']], [['a']]); // pass: true
 * ```
 */
export interface BatchMatcherResult {
  /** Whether the batches are equal. */
  readonly pass: boolean;
  /** The per-batch report (or, when they are equal, what `.not` reports). */
  readonly message: () => string;
}

/**
 * The implementations of {@link BatchMatchers}: `expect.extend(batchMatchers)` in a setup file.
 * They need nothing from vitest at run time, so the kit does not depend on it.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 * import { batchMatchers } from 'dstream-ts/testing';
 * expect.extend(batchMatchers);
 * ```
 */
export const batchMatchers: {
  /** Equal batches, records in order. */
  toEqualBatches(received: unknown, expected: ExpectedBatches<unknown>): BatchMatcherResult;
  /** Equal batches, each compared as a multiset of records. */
  toEqualBatchesUnordered(
    received: unknown,
    expected: ExpectedBatches<unknown>,
  ): BatchMatcherResult;
} = {
  toEqualBatches: (received, expected) => match(received, expected, true),
  toEqualBatchesUnordered: (received, expected) => match(received, expected, false),
};

function match(received: unknown, expected: unknown, ordered: boolean): BatchMatcherResult {
  const actual = toComparable(received);
  if (actual === undefined) {
    return {
      pass: false,
      message: () =>
        'Expected a StreamRun, an array of { time, output } or an array of record arrays',
    };
  }
  const report = diffBatches(actual, comparable(expected, 'expected'), ordered);
  return report === undefined
    ? { pass: true, message: () => 'Expected the batches to differ, but they are equal' }
    : { pass: false, message: () => report };
}
