/**
 * The seed lecture's visits example (DStream lecture, "operaciones con ventana"): visits per
 * channel summed over a sliding window with `reduceByKeyAndWindow`, once sliding every batch and
 * once every 2 seconds.
 *
 * Run it: `npx tsx examples/visits-window.ts`
 *
 * Where the lecture differs:
 * - its code, `reduceByKeyAndWindow(lambda x, y: x + y, 3)`, passes 3 as PySpark's `invFunc`
 *   argument; here it is Spark's Scala form `reduceByKeyAndWindow(f, Seconds(3))`;
 * - its printed output is that of a 2-second window (the third block, `('Store', 4)`, sums only
 *   batches 2 and 3), not of the 3 seconds its code asks for. This example prints what Spark
 *   computes for 3 seconds: the third block sums all three batches (`('Store', 8)`);
 * - with a 2-second slide its output shows the first batch alone at the first emission; Spark
 *   emits only at zeroTime + 2k seconds, so the first window already holds batches 1 and 2.
 */
import { fileURLToPath } from 'node:url';
import { Seconds, StreamingContext, type DStream, type Duration, type Pair } from 'dstream-ts';

/** Visits per channel, three one-second batches. */
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

/** Sum the visits of each channel over a 3-second window sliding every `slide`. */
export function visitsPerWindow(
  visits: DStream<Pair<string, number>>,
  slide: Duration,
): DStream<Pair<string, number>> {
  return visits.reduceByKeyAndWindow((x, y) => x + y, Seconds(3), slide);
}

async function main(): Promise<void> {
  const slide = process.argv.includes('--slide2') ? Seconds(2) : Seconds(1);
  const ssc = new StreamingContext(Seconds(1));
  visitsPerWindow(ssc.queueStream(VISITS), slide).pprint();
  ssc.start();
  await ssc.awaitTerminationOrTimeout(5500);
  await ssc.stop();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
