import { IllegalArgumentError } from '../errors.js';

/**
 * A key that compares by value: a primitive, a `Date`, or a tuple (readonly array) of keys.
 * Tuples and dates are matched structurally, so `['2021-11-14', 'web']` groups with an equal tuple.
 *
 * @example
 * ```ts
 * const byDayAndChannel: Pair<readonly [string, string], number> = [['2021-11-14', 'web'], 1];
 * ```
 */
export type Key = string | number | bigint | boolean | Date | null | undefined | readonly Key[];

/**
 * A key-value pair, Spark's `(K, V)` tuple, as a 2-element array.
 *
 * @example
 * ```ts
 * const pair: Pair<string, number> = ['spark', 1];
 * ```
 */
export type Pair<K, V> = readonly [key: K, value: V];

/**
 * Return `record` if it is a `[key, value]` pair; otherwise throw the error a pair operation
 * gives for a malformed record (Spark fails with a `MatchError`, PySpark with "too many values
 * to unpack"; TypeScript's types prevent it unless a cast or plain JavaScript slipped one in).
 */
export function checkPair<K, V>(record: Pair<K, V>): Pair<K, V> {
  const value: unknown = record;
  if (!Array.isArray(value) || value.length !== 2) {
    throw new IllegalArgumentError(
      `Expected a [key, value] pair (a 2-element array) in a pair operation, got ${describe(value)}`,
    );
  }
  return record;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length} elements`;
  if (value === null) return 'null';
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : `a ${typeof value}`;
}

/**
 * The pair type a function's tuple result `R` stands for, so that `map((w) => [w, 1])` gives
 * `Pair<string, number>` without annotations (`any` stays `any`).
 *
 * @example
 * ```ts
 * type P = PairOf<[string, number]>; // Pair<string, number>
 * ```
 */
export type PairOf<R extends readonly [unknown, unknown]> = 0 extends 1 & R
  ? // eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` in, `any` out (JSON.parse)
    any
  : Pair<R[0], R[1]>;
