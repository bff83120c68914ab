import {
  expectBatches as expectOutput,
  runBatches,
  type RunBatchesOptions,
} from '../../src/testing/index.js';
import { Seconds } from '../../src/index.js';

/**
 * Spark's `testOperation` in virtual time: run `operation` over `input` and check each batch's
 * output exactly (the kit's per-batch report on failure). With `ordered: false` each batch is
 * compared as a multiset.
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
  expectOutput(output).toEqual(expected, { ordered });
}
