/**
 * The seed lecture's trending-hashtags example (DStream lecture, "DStream-transform"):
 * flatMap the hashtags out of each tweet, count them per batch with reduceByKey, then use
 * `transform` to reach an RDD-only operation, `sortByKey(false)`, on (count, hashtag) pairs.
 *
 * Run it: `npx tsx examples/hashtags.ts`
 *
 * Where the lecture differs: its printed output shows `(MorataDimision, 2)`, i.e. (hashtag, count),
 * but its code swaps the pair to (count, hashtag) before sorting, so Spark prints
 * `(2, 'MorataDimision')`. This example prints what Spark computes.
 */
import { fileURLToPath } from 'node:url';
import { Seconds, StreamingContext, type DStream, type Pair } from 'dstream-ts';

/** Tweets arriving in three one-second batches. */
export const TWEETS: string[][] = [
  ['Adiós #MorataDimision', 'Otra vez #MorataDimision', 'Erupción en La Palma #Volcan'],
  ['Gol! #MorataDeMiVida', 'Rumbo al mundial #Qatar2022'],
  ['#Qatar2022 #Qatar2022 se acerca'],
];

/** Return `[count, hashtag]` pairs of each batch, most frequent first. */
export function trendingHashtags(tweets: DStream<string>): DStream<Pair<number, string>> {
  return tweets
    .flatMap((line) => line.split(' ').filter((word) => word.startsWith('#')))
    .mapToPair((hashtag) => [hashtag.replace('#', ''), 1])
    .reduceByKey((c1, c2) => c1 + c2)
    .transform((rdd) =>
      rdd.map(([tag, count]): Pair<number, string> => [count, tag]).sortByKey(false),
    );
}

async function main(): Promise<void> {
  const ssc = new StreamingContext(Seconds(1));
  trendingHashtags(ssc.queueStream(TWEETS)).pprint();
  ssc.start();
  await ssc.awaitTerminationOrTimeout(TWEETS.length * 1000 + 1500);
  await ssc.stop({ stopGracefully: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
