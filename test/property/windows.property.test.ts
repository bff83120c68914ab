/**
 * Laws of the window operations, on random batches of random string keys and small integers,
 * with window = k·batch and slide = j·batch (1 ≤ j ≤ k):
 * (a) `reduceByKeyAndWindow` with an inverse function equals the one without, once the pairs
 *     whose value is 0 are dropped (the inverse form keeps keys at their "zero" value);
 * (b) `window(w, s)` at time t is the union of the input batches in (t - w, t], and the union of
 *     the parent's `slice(t - w + batch, t)`;
 * (c) a window (and what is derived from it) emits exactly at the slide grid times;
 * (d) `countByWindow` emits nothing until the first element, then a count every slide.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DStream,
  ManualClock,
  Milliseconds,
  type Pair,
  StreamingContext,
  type Time,
} from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';
import { TestInputDStream } from '../../src/testing/test-input-dstream.js';

const BATCH_MS = 1000;

// Keys repeat often (small fixed set) but random strings appear too.
const keyArb = fc.oneof(fc.constantFrom('a', 'b', 'c', ''), fc.string({ maxLength: 2 }));
// Values include 0 and negatives, so window sums can be 0 while a key is present.
const pairArb: fc.Arbitrary<Pair<string, number>> = fc.tuple(
  keyArb,
  fc.integer({ min: -3, max: 5 }),
);
// `null` = the input has no RDD at that batch.
function batchesArb<T>(element: fc.Arbitrary<T>): fc.Arbitrary<(T[] | null)[]> {
  return fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.array(element, { maxLength: 6 }) },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
    { maxLength: 8 },
  );
}
/** Window and slide in batches: k and j with 1 ≤ j ≤ k ≤ 4. */
const windowArb = fc
  .integer({ min: 1, max: 4 })
  .chain((k) => fc.record({ k: fc.constant(k), j: fc.integer({ min: 1, max: k }) }));

const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;

/** A batch as a sorted list of texts: a multiset. */
function multiset(batch: readonly unknown[]): string[] {
  return batch.map((record) => JSON.stringify(record)).sort();
}

/** The elements of the input batches whose time lies in (t - w, t] (batch i is at i·batch). */
function inputInWindow<T>(input: readonly (T[] | null)[], t: number, w: number): T[] {
  const out: T[] = [];
  input.forEach((batch, index) => {
    const time = (index + 1) * BATCH_MS;
    if (batch !== null && time > t - w && time <= t) out.push(...batch);
  });
  return out;
}

/** The slide grid up to the last batch: s, 2s, … (zeroTime is 0 on a ManualClock at 0). */
function grid(slideMs: number, numBatches: number): number[] {
  const times: number[] = [];
  for (let t = slideMs; t <= numBatches * BATCH_MS; t += slideMs) times.push(t);
  return times;
}

interface Emission<O> {
  readonly time: number;
  readonly data: O[];
}

/**
 * Run `build` on a TestInputDStream over `numBatches` batches of a ManualClock context (with a
 * checkpoint directory) and record every RDD of the built stream with its time. `check` runs
 * inside the output operation, while the batch's RDDs are remembered.
 */
async function runWithTimes<I, O>(
  input: readonly (I[] | null)[],
  numBatches: number,
  build: (s: DStream<I>) => DStream<O>,
  check?: (rdd: O[], time: Time, input: DStream<I>) => void,
): Promise<Emission<O>[]> {
  const clock = new ManualClock();
  const ssc = new StreamingContext({
    batchDuration: Milliseconds(BATCH_MS),
    clock,
    logger: { warn: () => undefined, error: () => undefined },
  });
  const dir = await mkdtemp(join(tmpdir(), 'dstream-ts-windows-'));
  const emissions: Emission<O>[] = [];
  let failure: { error: unknown } | undefined;
  try {
    ssc.checkpoint(dir);
    const source = new DStream(new TestInputDStream<I>(ssc, input, 2));
    build(source).foreachRDD((rdd, time) => {
      const data = rdd.collect();
      emissions.push({ time: time.milliseconds, data });
      check?.(data, time, source);
    });
    ssc.awaitTermination().catch((error: unknown) => {
      failure ??= { error };
    });
    ssc.start();
    await clock.advance(numBatches * BATCH_MS);
  } finally {
    await ssc.stop();
    await rm(dir, { recursive: true, force: true });
  }
  if (failure !== undefined) throw failure.error;
  return emissions;
}

describe('window laws', () => {
  it('(a) reduceByKeyAndWindow with an inverse equals it without, minus the zero values', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchesArb(pairArb),
        windowArb,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        async (input, { k, j }, numInputPartitions, defaultParallelism) => {
          const window = Milliseconds(k * BATCH_MS);
          const slide = Milliseconds(j * BATCH_MS);
          const common = {
            batchDuration: Milliseconds(BATCH_MS),
            input,
            // Run until every key has left the window again.
            numBatches: input.length + k + j,
            numInputPartitions,
            defaultParallelism,
          };
          const nonZero = (batch: Pair<string, number>[]): string[] =>
            multiset(batch.filter(([, value]) => value !== 0));
          const plain = await runBatches({
            ...common,
            operation: (s) => s.reduceByKeyAndWindow(add, window, slide),
          });
          const inverse = await runBatches({
            ...common,
            operation: (s) => s.reduceByKeyAndWindow(add, sub, window, slide),
          });
          expect(plain).toHaveLength(grid(j * BATCH_MS, common.numBatches).length);
          expect(inverse.map(nonZero)).toEqual(plain.map(nonZero));
          // Each key occurs once per window in either form.
          for (const batch of [...plain, ...inverse]) {
            expect(new Set(batch.map(([key]) => key)).size).toBe(batch.length);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('(a) with positive values, the filter `value !== 0` gives exactly the plain result', async () => {
    // Only when 0 means "no value left in the window": a filter that drops a key still present
    // makes Spark (and dstream-ts) fail once that key's values leave the window.
    const positivePairArb: fc.Arbitrary<Pair<string, number>> = fc.tuple(
      keyArb,
      fc.integer({ min: 1, max: 5 }),
    );
    await fc.assert(
      fc.asyncProperty(
        batchesArb(positivePairArb),
        windowArb,
        fc.integer({ min: 1, max: 3 }),
        async (input, { k, j }, defaultParallelism) => {
          const window = Milliseconds(k * BATCH_MS);
          const slide = Milliseconds(j * BATCH_MS);
          const common = {
            batchDuration: Milliseconds(BATCH_MS),
            input,
            numBatches: input.length + k + j,
            defaultParallelism,
          };
          const plain = await runBatches({
            ...common,
            operation: (s) => s.reduceByKeyAndWindow(add, window, slide),
          });
          const filtered = await runBatches({
            ...common,
            operation: (s) =>
              s.reduceByKeyAndWindow({
                reduce: add,
                inverse: sub,
                window,
                slide,
                filter: ([, value]) => value !== 0,
              }),
          });
          expect(filtered.map(multiset)).toEqual(plain.map(multiset));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('(b) window(w, s) at t is the union of the input in (t - w, t], and of the parent slice', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchesArb(fc.integer({ min: 0, max: 9 })),
        windowArb,
        async (input, { k, j }) => {
          const w = k * BATCH_MS;
          const numBatches = input.length + k;
          const sliced: Emission<number>[] = [];
          const emissions = await runWithTimes(
            input,
            numBatches,
            (s) => s.window(Milliseconds(w), Milliseconds(j * BATCH_MS)),
            (_data, time, source) => {
              const from = time.minus(Milliseconds(w)).plus(Milliseconds(BATCH_MS));
              sliced.push({
                time: time.milliseconds,
                data: source.slice(from, time).flatMap((rdd) => rdd.collect()),
              });
            },
          );
          expect(emissions.map((e) => e.time)).toEqual(grid(j * BATCH_MS, numBatches));
          for (const [i, { time, data }] of emissions.entries()) {
            expect(multiset(data)).toEqual(multiset(inputInWindow(input, time, w)));
            expect(multiset(data)).toEqual(multiset(sliced[i]?.data ?? []));
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('(c) window emission times are exactly the slide grid, also downstream', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchesArb(fc.integer({ min: 0, max: 9 })),
        windowArb,
        fc.integer({ min: 1, max: 12 }),
        async (input, { k, j }, numBatches) => {
          const window = Milliseconds(k * BATCH_MS);
          const slide = Milliseconds(j * BATCH_MS);
          const expected = grid(j * BATCH_MS, numBatches);
          const times = async (build: (s: DStream<number>) => DStream<unknown>) =>
            (await runWithTimes(input, numBatches, build)).map((e) => e.time);
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
    const inputArb = fc
      .tuple(
        fc.array(fc.oneof(fc.constant<number[] | null>([]), fc.constant(null)), { maxLength: 5 }),
        batchesArb(fc.integer({ min: 0, max: 9 })),
      )
      .map(([lead, rest]) => [...lead, ...rest]);
    await fc.assert(
      fc.asyncProperty(inputArb, windowArb, async (input, { k, j }) => {
        const w = k * BATCH_MS;
        const numBatches = input.length + k + j;
        const emissions = await runWithTimes(input, numBatches, (s) =>
          s.countByWindow(Milliseconds(w), Milliseconds(j * BATCH_MS)),
        );
        const firstIndex = input.findIndex((batch) => batch !== null && batch.length > 0);
        const firstTime = firstIndex < 0 ? Infinity : (firstIndex + 1) * BATCH_MS;
        expect(emissions.map((e) => e.time)).toEqual(grid(j * BATCH_MS, numBatches));
        for (const { time, data } of emissions) {
          if (time < firstTime) expect(data).toEqual([]);
          else expect(data).toEqual([inputInWindow(input, time, w).length]);
        }
      }),
      { numRuns: 50 },
    );
  });
});
