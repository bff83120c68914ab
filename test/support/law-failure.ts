import { expect } from 'vitest';
import type { Pair } from '../../src/index.js';
import { BatchAssertionError, batchesFrom } from '../../src/testing/index.js';

/** `'a:1 b:2 | a:3'` as batches of [key, number] pairs (marbles with `key:value` tokens). */
export function pairMarbles(marble: string): (Pair<string, number>[] | null)[] {
  return batchesFrom(marble, (token): Pair<string, number> => {
    const [key = '', value = ''] = token.split(':');
    return [key, Number(value)];
  });
}

/** The BatchAssertionError that `run` (a law) rejects with; fails the test if it resolves. */
export async function lawFailure(run: Promise<void>): Promise<BatchAssertionError> {
  const error: unknown = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BatchAssertionError);
  return error as BatchAssertionError;
}
