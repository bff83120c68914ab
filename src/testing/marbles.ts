/** Marble notation for small test inputs and expected outputs (in the spirit of RxJS marbles). */
import { IllegalArgumentError } from '../errors.js';

/** The token of a batch with no RDD. */
const NO_RDD = 'null';

/**
 * Return the batches a marble string describes, one per `|`-separated segment, in time order:
 *
 * ```text
 * marble  = batch *( "|" batch )
 * batch   = *space [ "null" / records ] *space
 * records = token *( 1*space token )      ; a token: characters other than whitespace and "|"
 * ```
 *
 * - A segment's tokens are its records, in order: `'a b | c'` is `[['a', 'b'], ['c']]`.
 * - An empty segment is an empty batch (an RDD with no records): `'a | | b'` is
 *   `[['a'], [], ['b']]`, and `''` is one empty batch.
 * - A segment that is only `null` is a batch with no RDD: `'a | null'` is `[['a'], null]`.
 *   `null` among other tokens is an error.
 * - Tokens are strings unless `values` maps them: a dictionary (as RxJS marbles' values; every
 *   token must be a key) or a function of the token, e.g. `Number`.
 *
 * @throws `IllegalArgumentError` for `null` beside other tokens, or a token missing from
 * the dictionary.
 * @example
 * ```ts
 * batchesFrom('a b | c | | d e'); // [['a', 'b'], ['c'], [], ['d', 'e']]
 * batchesFrom('1 2 | null | 3', Number); // [[1, 2], null, [3]]
 * batchesFrom('w s | w', { w: ['Web', 1], s: ['Store', 2] } as const);
 * // [[['Web', 1], ['Store', 2]], [['Web', 1]]]
 * ```
 */
export function batchesFrom(marble: string): (string[] | null)[];
export function batchesFrom<T>(
  marble: string,
  values: Readonly<Record<string, T>> | ((token: string) => T),
): (T[] | null)[];
export function batchesFrom<T>(
  marble: string,
  values?: Readonly<Record<string, T>> | ((token: string) => T),
): (T[] | string[] | null)[] {
  return marble.split('|').map((segment, index) => {
    const tokens = segment.split(/\s+/).filter((token) => token !== '');
    if (tokens.includes(NO_RDD)) {
      if (tokens.length === 1) return null;
      throw new IllegalArgumentError(
        `Batch ${index + 1} of the marble '${marble}' mixes 'null' (no RDD) with records; write 'null' alone between bars`,
      );
    }
    if (values === undefined) return tokens;
    return tokens.map((token) => valueOf(token, values, marble));
  });
}

function valueOf<T>(
  token: string,
  values: Readonly<Record<string, T>> | ((token: string) => T),
  marble: string,
): T {
  if (typeof values === 'function') return values(token);
  if (!Object.hasOwn(values, token)) {
    throw new IllegalArgumentError(
      `The marble '${marble}' uses '${token}', which its values do not define (defined: ${Object.keys(values).join(', ')})`,
    );
  }
  return values[token] as T;
}
