/**
 * The seed lecture's min/max temperatures per city (DStream lecture, "operaciones con estado"):
 * `updateStateByKey` keeps `(last date, min, max)` per city; a city whose readings jump more than
 * 100 date units ahead of its state is dropped (the update returns `undefined`).
 *
 * Run it: `npx tsx examples/temperatures.ts`
 *
 * Where the lecture differs: its update function does not run as printed (it reads `new_values`
 * but is given `newValues`, and shadows `max`/`min`), so this is the function it describes, with
 * readings `(date, min, max)` and a gap limit of 100 (dates are `yyyymmdd` numbers, as there).
 * Its output stops showing Madrid after the first batch; Spark calls the function for every key in
 * every batch, so Madrid, dropped in batch 2 (gap 170), comes back as a new key in batch 3.
 */
import { fileURLToPath } from 'node:url';
import { Seconds, StreamingContext, type DStream, type Pair } from 'dstream-ts';

/** One reading: date as `yyyymmdd`, minimum, maximum. */
export type Reading = readonly [date: number, min: number, max: number];
/** A city's state: the last date seen, the minimum and the maximum so far. */
export type MinMax = readonly [lastDate: number, min: number, max: number];

/** Readings per city, three one-second batches (the lecture's data). */
export const READINGS: Pair<string, Reading[]>[][] = [
  [
    [
      'Madrid',
      [
        [20210801, 10, 35],
        [20210831, 20, 25],
      ],
    ],
    [
      'Moscow',
      [
        [20210801, -1, 24],
        [20210831, 20, 30],
      ],
    ],
  ],
  [
    [
      'Madrid',
      [
        [20210930, 10, 20],
        [20211001, 10, 15],
      ],
    ],
    [
      'Moscow',
      [
        [20210901, 20, 26],
        [20210930, -1, 15],
      ],
    ],
  ],
  [
    [
      'Madrid',
      [
        [20211102, 5, 15],
        [20211130, 7, 20],
      ],
    ],
    [
      'Moscow',
      [
        [20211001, -1, 16],
        [20211030, -10, 10],
      ],
    ],
  ],
];

const MAX_GAP = 100;

/** Fold a batch's readings into a city's state; `undefined` drops the city. */
export function updateMinMax(batches: Reading[][], state: MinMax | undefined): MinMax | undefined {
  const readings = batches.flat();
  if (readings.length === 0) return state;
  const latest = Math.max(...readings.map((r) => r[0]));
  const min = Math.min(...readings.map((r) => r[1]));
  const max = Math.max(...readings.map((r) => r[2]));
  if (state === undefined) return [latest, min, max];
  if (latest - state[0] > MAX_GAP) return undefined;
  return [latest, Math.min(min, state[1]), Math.max(max, state[2])];
}

/** The min/max state of every city after each batch. */
export function minMaxTemperatures(
  readings: DStream<Pair<string, Reading[]>>,
): DStream<Pair<string, MinMax>> {
  return readings.updateStateByKey(updateMinMax);
}

async function main(): Promise<void> {
  const ssc = new StreamingContext(Seconds(1));
  ssc.checkpoint('checkpoint-temperatures');
  minMaxTemperatures(ssc.queueStream(READINGS)).pprint();
  ssc.start();
  await ssc.awaitTerminationOrTimeout(4500);
  await ssc.stop();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
