// Port of Spark's PIDRateEstimatorSuite, plus the RateController and the backpressure option.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BatchInfo,
  IllegalArgumentError,
  ManualClock,
  Milliseconds,
  PIDRateEstimator,
  Seconds,
  StreamingContext,
  Time,
} from '../../../src/index.js';
import { resolveBackpressure } from '../../../src/scheduler/rate/backpressure.js';
import { RateController } from '../../../src/scheduler/rate/rate-controller.js';
import { createRateEstimator } from '../../../src/scheduler/rate/rate-estimator.js';

const pid = (
  batchMs: number,
  proportional: number,
  integral: number,
  derivative: number,
  minRate: number,
): PIDRateEstimator =>
  new PIDRateEstimator(batchMs, { proportional, integral, derivative, minRate });

/** Feed one call per 20 ms batch and return the estimates. */
function run(
  estimator: PIDRateEstimator,
  elements: readonly number[],
  processing: readonly number[],
  scheduling: readonly number[],
): (number | undefined)[] {
  return elements.map((n, i) =>
    estimator.compute(i * 20, n, processing[i] ?? 0, scheduling[i] ?? 0),
  );
}

describe('PIDRateEstimator (PIDRateEstimatorSuite)', () => {
  it('the right estimator is created, and an unknown name fails with Spark message', () => {
    expect(createRateEstimator('pid', 1000)).toBeInstanceOf(PIDRateEstimator);
    expect(() => createRateEstimator('fancy', 1000)).toThrow(
      new IllegalArgumentError('Unknown rate estimator: fancy'),
    );
  });

  it('estimator checks ranges, with Spark messages', () => {
    expect(() => pid(0, 1, 2, 3, 10)).toThrow(
      'requirement failed: Specified batch interval 0 in PIDRateEstimator is invalid.',
    );
    expect(() => pid(100, -1, 2, 3, 10)).toThrow(
      'requirement failed: Proportional term -1 in PIDRateEstimator should be >= 0.',
    );
    expect(() => pid(100, 0, -1, 3, 10)).toThrow(
      'requirement failed: Integral term -1 in PIDRateEstimator should be >= 0.',
    );
    expect(() => pid(100, 0, 0, -1, 10)).toThrow(
      'requirement failed: Derivative term -1 in PIDRateEstimator should be >= 0.',
    );
    for (const minRate of [0, -10]) {
      expect(() => pid(100, 0, 0, 0, minRate)).toThrow(IllegalArgumentError);
      expect(() => pid(100, 0, 0, 0, minRate)).toThrow(
        'requirement failed: Minimum rate in PIDRateEstimator should be > 0',
      );
    }
  });

  it('first estimate is none, the second is the processing rate', () => {
    const p = pid(20, 1, 0, 0, 10);
    expect(p.compute(0, 10, 10, 0)).toBeUndefined();
    expect(p.compute(10, 10, 10, 0)).toBe(1000);
  });

  it('no estimate when no time difference between successive calls', () => {
    const p = pid(20, 1, 0, 0, 10);
    p.compute(0, 10, 10, 0);
    expect(p.compute(10, 10, 10, 0)).toBe(1000);
    expect(p.compute(10, 10, 10, 0)).toBeUndefined();
  });

  it('no estimate when no records, or no processing delay', () => {
    const p = pid(20, 1, 0, 0, 10);
    p.compute(0, 10, 10, 0);
    expect(p.compute(10, 0, 10, 0)).toBeUndefined();
    expect(p.compute(20, -10, 10, 0)).toBeUndefined();
    expect(p.compute(30, 10, 0, 0)).toBeUndefined();
    expect(p.compute(40, 10, -10, 0)).toBeUndefined();
  });

  it('estimate is never less than min rate', () => {
    const p = pid(20, 1, 1, 0, 5);
    const res = run(p, Array(50).fill(1), Array(50).fill(20), Array(50).fill(100));
    expect(res[0]).toBeUndefined();
    expect(res.slice(1)).toEqual(Array(49).fill(5));
  });

  it('with no accumulated error, follows the processing speed up and down', () => {
    const up = run(
      pid(20, 1, 1, 0, 10),
      Array.from({ length: 50 }, (_, x) => (x + 1) * 20),
      Array(50).fill(20),
      Array(50).fill(0),
    );
    expect(up).toEqual([undefined, ...Array.from({ length: 49 }, (_, x) => (x + 2) * 1000)]);
    const down = run(
      pid(20, 1, 1, 0, 10),
      Array.from({ length: 50 }, (_, x) => (50 - x) * 20),
      Array(50).fill(20),
      Array(50).fill(0),
    );
    expect(down).toEqual([undefined, ...Array.from({ length: 49 }, (_, x) => (49 - x) * 1000)]);
  });

  it('with accumulated error, stays below the processing speed (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 999 }), { minLength: 50, maxLength: 50 }),
        fc.array(fc.integer({ min: 0, max: 18 }), { minLength: 50, maxLength: 50 }),
        (elements, scheduling) => {
          const res = run(pid(20, 1, 0.01, 0, 10), elements, Array(50).fill(20), scheduling);
          expect(res[0]).toBeUndefined();
          for (let n = 1; n < 50; n++) {
            const rate = res[n];
            expect(rate).toBeDefined();
            const speed = ((elements[n] ?? 0) / 20) * 1000;
            if (rate !== undefined && rate > 0 && (scheduling[n] ?? 0) > 0) {
              // Spark's law holds once the floor is not what decides the rate.
              if (rate > 10) expect(rate).toBeLessThan(speed);
            }
          }
        },
      ),
    );
  });
});

describe('RateController', () => {
  function completed(
    timeMs: number,
    records: number | undefined,
    submitted: number,
    started: number,
    ended: number,
  ): BatchInfo {
    const inputs = new Map(
      records === undefined
        ? []
        : [[0, { inputStreamId: 0, numRecords: records, metadata: new Map() }]],
    );
    const info = new BatchInfo(new Time(timeMs), inputs, submitted, new Map());
    info.processingStartTime = started;
    info.processingEndTime = ended;
    return info;
  }

  it('feeds the estimator the batch end, the stream records and both delays, and keeps the integer rate', () => {
    const calls: number[][] = [];
    const published: number[] = [];
    const controller = new RateController(
      0,
      {
        compute: (...args) => {
          calls.push(args);
          return 1234.9;
        },
      },
      (rate) => published.push(rate),
    );
    expect(controller.latestRate).toBe(-1);
    controller.onBatchCompleted({ batchInfo: completed(1000, 500, 1010, 1030, 1530) });
    expect(calls).toEqual([[1530, 500, 500, 20]]);
    expect(controller.latestRate).toBe(1234);
    expect(published).toEqual([1234]);
    // A batch without this stream's input info is not an estimate.
    controller.onBatchCompleted({ batchInfo: completed(2000, undefined, 2010, 2030, 2530) });
    expect(calls).toHaveLength(1);
  });
});

describe('backpressure option', () => {
  it('is off by default and when disabled', () => {
    expect(resolveBackpressure(undefined, 1000)).toBeUndefined();
    expect(resolveBackpressure({ enabled: false, rateEstimator: 'nope' }, 1000)).toBeUndefined();
  });

  it('fails at context creation on an unknown estimator or bad gains', () => {
    const clock = new ManualClock();
    expect(
      () =>
        new StreamingContext({
          batchDuration: Seconds(1),
          clock,
          backpressure: { enabled: true, rateEstimator: 'fancy' },
        }),
    ).toThrow('Unknown rate estimator: fancy');
    expect(
      () =>
        new StreamingContext({
          batchDuration: Milliseconds(500),
          clock,
          backpressure: { enabled: true, pid: { minRate: 0 } },
        }),
    ).toThrow('requirement failed: Minimum rate in PIDRateEstimator should be > 0');
    expect(() => resolveBackpressure({ enabled: true, initialRate: -1 }, 1000)).toThrow(
      IllegalArgumentError,
    );
  });

  it('keeps the initial rate and builds a fresh estimator per stream', () => {
    const resolved = resolveBackpressure({ enabled: true, initialRate: 250 }, 1000);
    expect(resolved?.initialRate).toBe(250);
    const a = resolved?.newEstimator();
    expect(a).toBeInstanceOf(PIDRateEstimator);
    expect(resolved?.newEstimator()).not.toBe(a);
  });
});
