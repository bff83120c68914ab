/**
 * Lesson 003 (the DStream lecture), "DStream — operaciones con ventana": the visits of each
 * channel summed over a window with `reduceByKeyAndWindow`, once sliding every batch and once
 * every 2 seconds.
 *
 * Run it: `npm run lesson -- visits-window`. It runs the lecture's programs one after the other,
 * each for five one-second batches, under a title line:
 * 1. `reduceByKeyAndWindow(f, 3)`: the lecture's code, a 3-second window;
 * 2. the same with a 2-second window: the lecture's printed output is this run's;
 * 3. `reduceByKeyAndWindow(f, 3, 2)`: the lecture's slide-2 code.
 *
 * The lecture's code is PySpark's `reduceByKeyAndWindow(lambda x, y: x + y, 3)`, where the 3 would
 * land on `invFunc` and leave `windowDuration` missing (a TypeError); the port uses Spark's Scala
 * form `reduceByKeyAndWindow(f, Seconds(3))`, which is what the lecture means. Keys print in the
 * order of Spark's (Scala) hash partitions, `Web` and `social_media` in partition 0 and `Store` in
 * partition 1; PySpark hashes keys differently, so the lecture lists them in another order.
 *
 * Window 3 s, slide 1 s. The lecture prints a 2-second window from the third block on:
 *
 * ```
 * batch time   the lecture prints (= run 2)          Spark, the lecture's code (run 1)
 * 10:00:54     Store 4, social_media 1, Web 4        Web 4, social_media 1, Store 4
 * 10:00:55     Store 7, social_media 4, Web 9        Web 9, social_media 4, Store 7
 * 10:00:56     Store 4, social_media 4, Web 7        Web 11, social_media 5, Store 8
 * 10:00:57     Store 1, social_media 1, Web 2        Web 7, social_media 4, Store 4
 * 10:00:58     (empty)                               Web 2, social_media 1, Store 1
 * ```
 *
 * Window 3 s, slide 2 s: the lecture's printed output fits no window and slide. It prints at
 * 10:00:54, 10:00:56 and 10:00:58; Spark computes a window only at zeroTime + k·slide, and with the
 * first batch at 10:00:54 (zeroTime 10:00:53) those are 10:00:55, 10:00:57 and 10:00:59. Its blocks
 * contradict each other too: 10:00:56 leaves out the first batch (a window of at most 2 s), while
 * 10:00:58 still holds the third batch, of 10:00:56 (a window of at least 3 s).
 *
 * ```
 * the lecture prints                                Spark, the lecture's code (run 3)
 * 10:00:54  Store 4, social_media 1, Web 4          10:00:55  Web 9, social_media 4, Store 7
 * 10:00:56  Store 4, social_media 4, Web 7          10:00:57  Web 7, social_media 4, Store 4
 * 10:00:58  Store 1, social_media 1, Web 2          10:00:59  (empty)
 * ```
 */
import { fileURLToPath } from 'node:url';
import { Seconds, type DStream, type Duration, type Pair } from 'dstream-ts';
import { lessonContext, noOptions, runBatches, type ClockSource } from './support/lesson-clock.js';

/** Visits per channel, the lecture's three one-second batches. */
export const VISITS: Pair<string, number>[][] = [
  [
    ['Web', 1],
    ['Web', 3],
    ['Store', 2],
    ['social_media', 1],
    ['Store', 2],
  ],
  [
    ['Store', 1],
    ['Web', 3],
    ['Store', 2],
    ['Web', 2],
    ['social_media', 3],
  ],
  [
    ['Web', 2],
    ['Store', 1],
    ['social_media', 1],
  ],
];

/** One run of the lesson: its title, window and slide (`undefined`: the batch interval). */
export interface WindowRun {
  readonly title: string;
  readonly window: Duration;
  readonly slide: Duration | undefined;
}

/** The three runs, in order. */
export const RUNS: readonly WindowRun[] = [
  { title: "Window 3 s (the lecture's code)", window: Seconds(3), slide: undefined },
  { title: "Window 2 s (the lecture's printed output)", window: Seconds(2), slide: undefined },
  { title: "Window 3 s, slide 2 s (the lecture's code)", window: Seconds(3), slide: Seconds(2) },
];

/** Sum the visits of each channel over `window`, sliding every `slide`. */
export function visitAggregated(
  dateVistis: DStream<Pair<string, number>>,
  window: Duration,
  slide?: Duration,
): DStream<Pair<string, number>> {
  return slide === undefined
    ? dateVistis.reduceByKeyAndWindow((x, y) => x + y, window)
    : dateVistis.reduceByKeyAndWindow((x, y) => x + y, window, slide);
}

/** Run the three programs, five one-second batches each. */
export async function main(args: readonly string[] = [], clocks?: ClockSource): Promise<void> {
  noOptions(args);
  for (const { title, window, slide } of RUNS) {
    console.log(`# ${title}`);
    const ssc = lessonContext(Seconds(1), clocks);
    const dateVistis = ssc.queueStream([...VISITS]);
    const visit_aggregated = visitAggregated(dateVistis, window, slide);
    visit_aggregated.pprint();
    await runBatches(ssc, slide === undefined ? 5 : 6);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
