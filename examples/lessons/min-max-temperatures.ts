/**
 * Lesson 003 (the DStream lecture), "DStream — operaciones con estado": `updateStateByKey` keeps,
 * per city, the date of its last reading and the lowest and highest temperatures so far; a city
 * whose readings jump 200 or more date units past its state is dropped (the update returns `None`,
 * here `undefined`).
 *
 * Run it: `npm run lesson -- min-max-temperatures` (four one-second batches; the last is empty).
 *
 * The lecture's `store_min_max_temperatures` does not run as printed, so the port makes the
 * smallest changes that let it run and keeps its shape, names and threshold (200):
 * - it reads `new_values` but is given `newValues`, and its `max = ...`/`min = ...` shadow the
 *   builtins it calls first (Python raises UnboundLocalError); here they are `maxT` and `minT`;
 * - each value of a key is a list of readings, so `newValues` is a list of lists: flattened here;
 * - `last_time_stored` is unset on a city's first batch (NameError): a new city is kept;
 * - on a batch without readings for a city (the fourth), `max([])` raises ValueError: the state is
 *   kept, which is what the lecture's output shows;
 * - it takes the maximum of `field[1]` and the minimum of `field[2]`, but its output shows the
 *   minimum of `field[1]` and the maximum of `field[2]` (`(20210831,10,35)` for Madrid's readings
 *   `(20210801,10,35),(20210831,20,25)`): readings here are `(date, min, max)`, as the output reads
 *   them.
 *
 * With the lecture's threshold Madrid is never dropped: its gaps are 170 (20211001 − 20210831) and
 * 129, both under 200. The lecture's output drops Madrid from the second batch on, which no
 * threshold explains: a dropped city starts again from no state with its next readings, so Madrid
 * would be back in the third batch (a threshold of 100, say, drops it in the second batch only).
 * Keys print in Spark's (Scala) hash-partition order. The state needs `ssc.checkpoint(...)`, as in
 * the lecture; like Spark, the context then warns that a queue stream cannot be checkpointed.
 *
 * ```
 * time        the lecture prints                 Spark, the lecture's code (threshold 200)
 * 00:29:35    Madrid (20210831, 10, 35)          Moscow (20210831, -1, 30)
 *             Moscow (20210831, -1, 30)          Madrid (20210831, 10, 35)
 * 00:29:36    Moscow (20210930, -1, 30)          Moscow (20210930, -1, 30)
 *                                                Madrid (20211001, 10, 35)
 * 00:29:37    Moscow (20211030, -10, 30)         Moscow (20211030, -10, 30)
 *                                                Madrid (20211130, 5, 35)
 * 00:29:38    Moscow (20211030, -10, 30)         Moscow (20211030, -10, 30)
 *                                                Madrid (20211130, 5, 35)
 * ```
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Seconds, type DStream, type Pair } from 'dstream-ts';
import { lessonContext, noOptions, runBatches, type ClockSource } from './support/lesson-clock.js';

/** One reading: date as `yyyymmdd`, minimum, maximum. */
export type Reading = readonly [date: number, min: number, max: number];
/** A city's state: the date of its last reading, the minimum and the maximum so far. */
export type MinMax = readonly [timeStored: number, min: number, max: number];

/** The lecture's readings per city, three one-second batches. */
export const TEMPERATURES: Pair<string, Reading[]>[][] = [
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

/** The lecture's gap limit, in date units (`yyyymmdd` numbers subtracted). */
export const MAX_GAP = 200;

/** The lecture's update function, made to run (see the header); `undefined` drops the city. */
export function store_min_max_temperatures(
  newValues: Reading[][],
  oldValues: MinMax | undefined,
): MinMax | undefined {
  const new_values = newValues.flat();
  if (new_values.length === 0) return oldValues;
  const min_in_batch = Math.min(...new_values.map((field) => field[1]));
  const max_in_batch = Math.max(...new_values.map((field) => field[2]));
  const time_stored = Math.max(...new_values.map((field) => field[0]));
  let maxT: number;
  let minT: number;
  let last_time_stored: number;
  if (oldValues === undefined) {
    maxT = max_in_batch;
    minT = min_in_batch;
    last_time_stored = time_stored;
  } else {
    maxT = Math.max(max_in_batch, oldValues[2]);
    minT = Math.min(min_in_batch, oldValues[1]);
    last_time_stored = oldValues[0];
  }
  if (time_stored - last_time_stored < MAX_GAP) {
    return [time_stored, minT, maxT];
  } else {
    return undefined;
  }
}

/** The min/max state of every city after each batch. */
export function minMaxTemperatures(
  temperatures: DStream<Pair<string, Reading[]>>,
): DStream<Pair<string, MinMax>> {
  return temperatures.updateStateByKey((x: Reading[][], y: MinMax | undefined) =>
    store_min_max_temperatures(x, y),
  );
}

/** Run the lesson: three batches of readings and an empty one. */
export async function main(args: readonly string[] = [], clocks?: ClockSource): Promise<void> {
  noOptions(args);
  const checkpointDirectory = await mkdtemp(join(tmpdir(), 'lesson-temperatures-'));
  try {
    const ssc = lessonContext(Seconds(1), clocks);
    ssc.checkpoint(checkpointDirectory);
    const temperatures = ssc.queueStream([...TEMPERATURES]);
    const min_max_temperatures = minMaxTemperatures(temperatures);
    min_max_temperatures.pprint();
    await runBatches(ssc, TEMPERATURES.length + 1);
  } finally {
    await rm(checkpointDirectory, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
