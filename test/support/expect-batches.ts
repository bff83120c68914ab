import { expect } from 'vitest';
import { runBatches, type RunBatchesOptions } from '../../src/testing/index.js';
import { Seconds } from '../../src/index.js';

/** How a batch's records compare when order is not part of the contract (Spark's useSet). */
function canonical(batch: readonly unknown[]): string[] {
  return batch.map((record) => JSON.stringify(record)).sort();
}

/**
 * Spark's `testOperation` in virtual time: run `operation` over `input` and check each batch's
 * output exactly. With `ordered: false` each batch is compared as a multiset.
 */
export async function expectBatches<I, O, X extends readonly unknown[] = []>(
  options: Omit<RunBatchesOptions<I, O, X>, 'batchDuration'> & {
    batchDuration?: RunBatchesOptions<I, O, X>['batchDuration'];
    expected: readonly (readonly O[])[];
    ordered?: boolean;
  },
): Promise<void> {
  const { expected, ordered = true, ...run } = options;
  const output = await runBatches<I, O, X>({ batchDuration: Seconds(1), ...run });
  if (ordered) {
    expect(output).toEqual(expected);
  } else {
    expect(output.map(canonical)).toEqual(expected.map(canonical));
  }
}
