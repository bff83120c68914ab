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
