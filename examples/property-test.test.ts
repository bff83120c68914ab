/**
 * Testing lesson jobs with `dstream-ts/testing` (the README's testing section, runnable): a
 * marble test, a fast-check property of the visits window (a windowed job checked against a plain
 * model, batch times included), the temperatures' update function against a plain fold, and a
 * recovery check (stopped after every batch, recovered from its checkpoint).
 *
 * Run it: `npx vitest run examples/property-test.test.ts` (part of `npm test`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Seconds, Time, type Pair } from 'dstream-ts';
import { arbitraries, batchesFrom, laws, runStream } from 'dstream-ts/testing';
import {
  minMaxTemperatures,
  store_min_max_temperatures,
  type Reading,
} from './lessons/min-max-temperatures.js';
import { visitAggregated } from './lessons/visits-window.js';

/** `'Web:1 Store:2 | Web:3'` as batches of [channel, visits] pairs. */
const visits = (marble: string): (Pair<string, number>[] | null)[] =>
  batchesFrom(marble, (token): Pair<string, number> => {
    const [channel = '', count = ''] = token.split(':');
    return [channel, Number(count)];
  });

describe('visits per channel over a 3-second window (lesson: reduceByKeyAndWindow)', () => {
  it('sums the last three batches, emitting every 2 seconds (a marble test)', async () => {
    const run = await runStream({
      batchDuration: Seconds(1),
      input: visits('Web:1 Store:2 | Web:3 | Store:1 | Web:2'),
      operation: (s) => visitAggregated(s, Seconds(3), Seconds(2)),
    });
    expect(run).toEqualBatchesUnordered([
      {
        time: new Time(2000),
        output: [
          ['Web', 4],
          ['Store', 2],
        ],
      },
      {
        time: new Time(4000),
        output: [
          ['Web', 5],
          ['Store', 1],
        ],
      },
    ]);
  });

  it('each window holds, per channel, the sum of the batches in its last 3 seconds (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraries.pairBatches(
          arbitraries.words({ vocabulary: ['Web', 'Store', 'social_media'] }),
          fc.integer({ min: 1, max: 5 }),
        ),
        fc.constantFrom(Seconds(1), Seconds(2)),
        async (input, slide) => {
          const run = await runStream({
            batchDuration: Seconds(1),
            input,
            numBatches: input.length + 3,
            operation: (s) => visitAggregated(s, Seconds(3), slide),
          });
          // The model: batch k runs at k seconds; a window at t covers the batches in (t - 3 s, t].
          const expected = run.batches.map(({ time }) => {
            const sums = new Map<string, number>();
            input.forEach((batch, i) => {
              const at = (i + 1) * 1000;
              if (at <= time.milliseconds - 3000 || at > time.milliseconds) return;
              for (const [channel, n] of batch ?? [])
                sums.set(channel, (sums.get(channel) ?? 0) + n);
            });
            return { time, output: [...sums] };
          });
          expect(run).toEqualBatchesUnordered(expected);
          // And a window every `slide`, from the first slide on.
          expect(run.batches.map((b) => b.time.milliseconds % slide.milliseconds)).toEqual(
            run.batches.map(() => 0),
          );
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('min/max temperatures per city (lesson: updateStateByKey)', () => {
  /** Readings `[date, min, max]` on consecutive days, so that no gap drops a city. */
  const readings = arbitraries.pairBatches(
    arbitraries.words({ vocabulary: ['Madrid', 'Moscow', 'Lima'] }),
    fc
      .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: -10, max: 20 }), fc.nat(15))
      .map(([day, min, spread]): Reading[] => [[20210800 + day, min, min + spread]]),
    { noRDD: true },
  );

  it('the update function equals a plain fold over the batches (property)', async () => {
    await fc.assert(
      fc.asyncProperty(readings, async (input) => {
        await laws.stateEqualsFoldOfBatches({
          batchDuration: Seconds(1),
          input,
          update: store_min_max_temperatures,
        });
      }),
      { numRuns: 30 },
    );
  });

  it('survives a crash after any batch and a recovery from its checkpoint (property)', async () => {
    await fc.assert(
      fc.asyncProperty(readings, async (input) => {
        await laws.checkRecovery({
          batchDuration: Seconds(1),
          input,
          operation: minMaxTemperatures,
        });
      }),
      { numRuns: 10 },
    );
  });
});
