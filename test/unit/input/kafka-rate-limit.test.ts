// Spark's DirectKafkaInputDStream.maxMessagesPerPartition (DirectKafkaStreamSuite's rate tests).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxMessagesPerPartition } from '../../../src/input/kafka/max-messages-per-partition.js';

describe('maxMessagesPerPartition', () => {
  it('without backpressure: maxRatePerPartition × batch seconds, at least minRatePerPartition', () => {
    expect(maxMessagesPerPartition([100, 0, 5], undefined, 10, 1, 2000)).toEqual([20, 20, 20]);
    expect(maxMessagesPerPartition([100], undefined, 0.4, 1, 1000)).toEqual([1]);
    expect(maxMessagesPerPartition([100], undefined, 0.4, 3, 1000)).toEqual([3]);
    expect(maxMessagesPerPartition([100, 100], undefined, 0, 1, 1000)).toBeUndefined();
  });

  it("Spark's DirectKafkaStreamSuite cases", () => {
    // "maxMessagesPerPartition with backpressure disabled": 100 records/s, 100 ms batches.
    expect(maxMessagesPerPartition([50, 50], undefined, 100, 1, 100)).toEqual([10, 10]);
    // "maxMessagesPerPartition with no lag".
    expect(maxMessagesPerPartition([0, 0], 100, 100, 1, 100)).toBeUndefined();
    // "maxMessagesPerPartition respects max rate" (one max rate for both partitions here).
    expect(maxMessagesPerPartition([1000, 1000], 1000, 50, 1, 100)).toEqual([5, 5]);
    // "backpressure.initialRate should honor maxRatePerPartition" and "use initialRate".
    expect(maxMessagesPerPartition([1000], 500, 1000, 1, 500)).toEqual([250]);
    expect(maxMessagesPerPartition([1000], 1000, 300, 1, 500)).toEqual([150]);
    // "with zero offset and rate equal to the specified minimum".
    expect(maxMessagesPerPartition([0, 100, 200, 300], 1, 100, 5, 60_000)).toEqual([5, 10, 20, 30]);
  });

  it('with a rate: shared by lag, each share capped by maxRatePerPartition', () => {
    expect(maxMessagesPerPartition([50, 50, 100], 100, 0, 1, 1000)).toEqual([25, 25, 50]);
    expect(maxMessagesPerPartition([50, 50, 100], 1000, 300, 1, 1000)).toEqual([250, 250, 300]);
  });

  it('no lag at all, or no rate: no cap unless maxRatePerPartition', () => {
    expect(maxMessagesPerPartition([0, 0], 100, 0, 1, 1000)).toBeUndefined();
    expect(maxMessagesPerPartition([10], 0, 0, 1, 1000)).toBeUndefined();
    expect(maxMessagesPerPartition([10], -1, 7, 1, 1000)).toEqual([7]);
  });

  it('with a rate, the caps add up to at most rate × seconds plus the floors (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(10_000), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 100, max: 10_000 }),
        (lags, rate, batchMs) => {
          const caps = maxMessagesPerPartition(lags, rate, 0, 1, batchMs);
          if (lags.every((lag) => lag === 0)) {
            expect(caps).toBeUndefined();
            return;
          }
          expect(caps).toHaveLength(lags.length);
          const total = (caps ?? []).reduce((a, b) => a + b, 0);
          expect(total).toBeLessThanOrEqual((rate * batchMs) / 1000 + lags.length);
          for (const cap of caps ?? []) expect(cap).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });
});
