/**
 * Laws of the window operations, on random batches of random string keys and small integers,
 * with window = k·batch and slide = j·batch (1 ≤ j ≤ k), through the test kit:
 * (a) `reduceByKeyAndWindow` with an inverse function equals the one without, once the pairs
 *     whose value is 0 are dropped (the inverse form keeps keys at their "zero" value), and both
 *     match a naive per-window reduce;
 * (b) `window(w, s)` at time t is the union of the input batches in (t - w, t], and the union of
 *     the parent's `slice(t - w + batch, t)`;
 * (c) a window (and what is derived from it) emits exactly at the slide grid times;
 * (d) `countByWindow` emits nothing until the first element, then a count every slide.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Milliseconds, type DStream, type Pair } from '../../src/index.js';
import {
  arbitraries,
  expectBatches,
  laws,
  runBatches,
  runStream,
  type BatchOutput,
} from '../../src/testing/index.js';

const BATCH = Milliseconds(1000);

// Keys repeat often (a skewed small set) but random strings appear too.
const keyArb = fc.oneof(
  arbitraries.keys({ count: 3 }),
  fc.constant(''),
  fc.string({ maxLength: 2 }),
);
// Values include 0 and negatives, so window sums can be 0 while a key is present.
const inputArb = arbitraries.pairBatches(keyArb, fc.integer({ min: -3, max: 5 }), {
  noRDD: true,
  maxBatches: 8,
  maxBatchSize: 6,
});
const numbersArb = arbitraries.batches(fc.integer({ min: 0, max: 9 }), {
  noRDD: true,
  maxBatches: 8,
  maxBatchSize: 6,
});
const windowArb = arbitraries.windowSpec(BATCH);

const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;

/** The elements of the input batches whose time lies in (t - w, t] (batch i is at i·batch). */
function inputInWindow<T>(input: readonly (T[] | null)[], t: number, w: number): T[] {
  const out: T[] = [];
  input.forEach((batch, index) => {
    const time = (index + 1) * BATCH.milliseconds;
    if (batch !== null && time > t - w && time <= t) out.push(...batch);
  });
  return out;
}

/** The slide grid up to the last batch: s, 2s, … (zeroTime is 0 on a ManualClock at 0). */
function grid(slideMs: number, numBatches: number): number[] {
  const times: number[] = [];
  for (let t = slideMs; t <= numBatches * BATCH.milliseconds; t += slideMs) times.push(t);
  return times;
}

describe('window laws', () => {
  it('(a) reduceByKeyAndWindow with an inverse equals it without, minus the zero values', async () => {
    await fc.assert(
      fc.asyncProperty(
        inputArb,
        windowArb,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        async (input, { window, slide }, numInputPartitions, defaultParallelism) => {
          const common = {
            batchDuration: BATCH,
            input,
            // Run until every key has left the window again.
            numBatches: input.length + (window.milliseconds + slide.milliseconds) / 1000,
            numInputPartitions,
            defaultParallelism,
          };
          const nonZero = (batch: Pair<string, number>[]) =>
            batch.filter(([, value]) => value !== 0);
          const plain = await runBatches({
            ...common,
            operation: (s) => s.reduceByKeyAndWindow(add, window, slide),
          });
          const inverse = await runBatches({
            ...common,
            operation: (s) => s.reduceByKeyAndWindow(add, sub, window, slide),
          });
          expect(plain).toHaveLength(grid(slide.milliseconds, common.numBatches).length);
          expectBatches(inverse.map(nonZero)).toEqual(plain.map(nonZero), { ordered: false });
          // Each key occurs once per window in either form.
          for (const batch of [...plain, ...inverse]) {
            expect(new Set(batch.map(([key]) => key)).size).toBe(batch.length);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('(a) both forms match a naive reduce of each window, with and without the zero filter', async () => {
    await fc.assert(
      fc.asyncProperty(
        inputArb,
        windowArb,
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom('plain', 'inverse'),
        async (input, { window, slide }, numPartitions, form) => {
          await laws.reduceByKeyAndWindowMatchesNaive({
            batchDuration: BATCH,
            input,
            reduce: add,
            ...(form === 'inverse' ? { inverse: sub } : {}),
            window,
            slide,
            numPartitions,
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('(a) with positive values, the filter `value !== 0` gives exactly the plain result', async () => {
    // Only when 0 means "no value left in the window": a filter that drops a key still present
    // makes Spark (and dstream-ts) fail once that key's values leave the window.
    await fc.assert(
      fc.asyncProperty(
        arbitraries.pairBatches(keyArb, fc.integer({ min: 1, max: 5 }), { noRDD: true }),
        windowArb,
        fc.integer({ min: 1, max: 3 }),
        async (input, { window, slide }, defaultParallelism) => {
          await laws.reduceByKeyAndWindowMatchesNaive({
            batchDuration: BATCH,
            input,
            reduce: add,
            inverse: sub,
            filter: ([, value]) => value !== 0,
            window,
            slide,
            defaultParallelism,
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('(b) window(w, s) at t is the union of the input in (t - w, t], and of the parent slice', async () => {
    await fc.assert(
      fc.asyncProperty(numbersArb, windowArb, async (input, { window, slide }) => {
        await laws.windowEqualsUnionOfBatches({
          batchDuration: BATCH,
          input,
          window,
          slide,
          operation: (s) => s.window(window, slide),
          ordered: true,
        });
        // The parent's slice over the same window, taken while the batch's RDDs are remembered.
        const sliced: BatchOutput<number>[] = [];
        const run = await runStream({
          batchDuration: BATCH,
          input,
          numBatches: input.length + window.milliseconds / 1000,
          operation: (s: DStream<number>) => {
            const windowed = s.window(window, slide);
            windowed.foreachRDD((_rdd, time) => {
              const from = time.minus(window).plus(BATCH);
              sliced.push({ time, output: s.slice(from, time).flatMap((rdd) => rdd.collect()) });
            });
            return windowed;
          },
        });
        expectBatches(run).toEqual(sliced, { ordered: false });
        for (const { time, output } of run.batches) {
          expectBatches([output]).toEqual(
            [inputInWindow(input, time.milliseconds, window.milliseconds)],
            {
              ordered: false,
            },
          );
        }
      }),
      { numRuns: 50 },
    );
  });

  it('(c) window emission times are exactly the slide grid, also downstream', async () => {
    await fc.assert(
      fc.asyncProperty(
        numbersArb,
        windowArb,
        fc.integer({ min: 1, max: 12 }),
        async (input, { window, slide }, numBatches) => {
          const expected = grid(slide.milliseconds, numBatches);
          const times = async (build: (s: DStream<number>) => DStream<unknown>) =>
            (
              await runStream({ batchDuration: BATCH, input, numBatches, operation: build })
            ).batches.map((b) => b.time.milliseconds);
          expect(await times((s) => s.window(window, slide))).toEqual(expected);
          expect(
            await times((s) =>
              s
                .window(window, slide)
                .map((x) => x * 2)
                .count(),
            ),
          ).toEqual(expected);
          expect(
            await times((s) =>
              s
                .map((x): Pair<number, number> => [x % 3, x])
                .reduceByKeyAndWindow(add, sub, window, slide),
            ),
          ).toEqual(expected);
          expect(await times((s) => s.reduceByWindow(add, window, slide))).toEqual(expected);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('(d) countByWindow emits nothing before the first element, then a count every slide', async () => {
    // Leading empty or missing batches make the first element come late.
    const lateInputArb = fc
      .tuple(
        fc.array(fc.oneof(fc.constant<number[] | null>([]), fc.constant(null)), { maxLength: 5 }),
        numbersArb,
      )
      .map(([lead, rest]) => [...lead, ...rest]);
    await fc.assert(
      fc.asyncProperty(lateInputArb, windowArb, async (input, { window, slide }) => {
        const numBatches = input.length + (window.milliseconds + slide.milliseconds) / 1000;
        const run = await runStream({
          batchDuration: BATCH,
          input,
          numBatches,
          operation: (s) => s.countByWindow(window, slide),
        });
        const firstIndex = input.findIndex((batch) => batch !== null && batch.length > 0);
        const firstTime = firstIndex < 0 ? Infinity : (firstIndex + 1) * BATCH.milliseconds;
        expect(run.batches.map((b) => b.time.milliseconds)).toEqual(
          grid(slide.milliseconds, numBatches),
        );
        for (const { time, output } of run.batches) {
          const t = time.milliseconds;
          if (t < firstTime) expect(output).toEqual([]);
          else expect(output).toEqual([inputInWindow(input, t, window.milliseconds).length]);
        }
      }),
      { numRuns: 50 },
    );
  });
});
