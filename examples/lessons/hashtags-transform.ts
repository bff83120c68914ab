/**
 * Lesson 003 (the DStream lecture), "DStream-transform": the hashtags of each batch of tweets
 * counted with `reduceByKey`, then `transform` reaches an operation DStreams lack, `sortByKey`, on
 * the RDD of each batch: the pairs are swapped to `(count, hashtag)` and sorted, most frequent
 * first.
 *
 * Run it: `npm run lesson -- hashtags-transform` (two one-second batches of tweets).
 *
 * The lecture's code filters with `line.split(" ").filter(...)` (a Python list has no `filter`; a
 * JavaScript array does, so it reads as written here) and prints `(MorataDimision, 2)`, a
 * `(hashtag, count)` pair; but its `transform` swaps each pair to `(count, hashtag)` before
 * `sortByKey(False)`, so Spark prints `(2, 'MorataDimision')`:
 *
 * ```
 * time        the lecture prints        Spark, the lecture's code
 * 00:29:35    (MorataDimision, 2)       (2, 'MorataDimision')
 *             (Volcan, 1)               (1, 'Volcan')
 * 00:29:36    (MorataDeMiVida, 1)       (1, 'MorataDeMiVida')
 *             (Qatar2022, 1)            (1, 'Qatar2022')
 * ```
 */
import { fileURLToPath } from 'node:url';
import { Seconds, type DStream, type Pair } from 'dstream-ts';
import { lessonContext, noOptions, runBatches, type ClockSource } from './support/lesson-clock.js';

/** Tweets of two one-second batches, with the lecture's hashtags. */
export const TWEETS: string[][] = [
  [
    'Adiós a la selección #MorataDimision',
    'Erupción en La Palma #Volcan',
    'Otra vez fuera #MorataDimision',
  ],
  ['Gol en el descuento #MorataDeMiVida', 'Rumbo al mundial #Qatar2022'],
];

/** Return `(count, hashtag)` pairs of each batch, most frequent first. */
export function sumHashTags(inputStream: DStream<string>): DStream<Pair<number, string>> {
  const tweetsStream = inputStream
    .flatMap((line) => line.split(' ').filter((word) => word.startsWith('#')))
    .map((hashtag): Pair<string, number> => [hashtag.replace('#', ''), 1]);
  return tweetsStream
    .reduceByKey((c1, c2) => c1 + c2)
    .transform((rdd) =>
      rdd.map((tuple): Pair<number, string> => [tuple[1], tuple[0]]).sortByKey(false),
    );
}

/** Run the lesson. */
export async function main(args: readonly string[] = [], clocks?: ClockSource): Promise<void> {
  noOptions(args);
  const ssc = lessonContext(Seconds(1), clocks);
  const inputStream = ssc.queueStream([...TWEETS]);
  const sum_hash_tags = sumHashTags(inputStream);
  sum_hash_tags.pprint();
  await runBatches(ssc, TWEETS.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
