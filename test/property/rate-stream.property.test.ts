/**
 * Law: for any rowsPerSecond, batch interval and number of batches, the rate stream's values are
 * exactly 0..n-1 in order across batches, batch k holds floor(k·B·rps/1000) − floor((k−1)·B·rps/1000)
 * rows (rowsPerSecond × B seconds when that is whole), and every row is stamped inside its batch's
 * interval (t − B, t].
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Milliseconds, type RateRow } from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';

describe('rateStream', () => {
  it('yields 0..n-1 in order, the expected count per batch, each row inside its batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2000 }),
        fc.constantFrom(1, 7, 100, 250, 333, 500, 1000, 1500, 2000),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 5 }),
        async (rowsPerSecond, batchMs, numBatches, numPartitions) => {
          const output = await runBatches<never, RateRow>({
            batchDuration: Milliseconds(batchMs),
            input: [],
            numBatches,
            operation: (s) => s.context().rateStream({ rowsPerSecond, numPartitions }),
          });
          expect(output).toHaveLength(numBatches);
          const rowsUpTo = (ms: number): number => Math.floor((ms * rowsPerSecond) / 1000);
          const counts = output.map((rows) => rows.length);
          const expectedCounts = output.map(
            (_, k) => rowsUpTo((k + 1) * batchMs) - rowsUpTo(k * batchMs),
          );
          expect(counts).toEqual(expectedCounts);
          if ((rowsPerSecond * batchMs) % 1000 === 0) {
            expect(new Set(counts)).toEqual(new Set([(rowsPerSecond * batchMs) / 1000]));
          }
          const values = output.flat().map((row) => row.value);
          expect(values).toEqual(
            Array.from({ length: rowsUpTo(numBatches * batchMs) }, (_, v) => v),
          );
          // Batch k (at time (k + 1)·B) holds the rows stamped in (k·B, (k + 1)·B].
          const outside = output.flatMap((rows, k) =>
            rows.filter((row) => {
              const stamp = row.timestamp.getTime();
              return stamp <= k * batchMs || stamp > (k + 1) * batchMs;
            }),
          );
          expect(outside).toEqual([]);
        },
      ),
      { numRuns: 50 },
    );
  });
});
