/**
 * Lesson 003 (the DStream lecture), "DStream-transform" joining the batch and streaming worlds:
 * each batch's hashtag counts per author are joined, inside `transform`, with static data about
 * the authors, ordered by count (highest first) and cut to the first 10.
 *
 * Run it: `npm run lesson -- trending-by-author` (two one-second batches).
 *
 * The lecture's `calculate_trending_topic_by_author(rdd, authors)` turns the batch into a DataFrame
 * (`rdd.toDF("author", "hashtag", "counter")`), joins it with `authors`, read from parquet, on
 * `author == tweet_author`, then `orderBy(...).limit(10)`. Without Spark SQL the same steps are RDD
 * operations: the static side is an RDD keyed by `tweet_author` (`parallelize`, cached), the batch
 * is keyed by `author` (`keyBy`), `join` is the inner join, `sortBy(counter, false)` the order and
 * `limit(10)` is `take(10)` on the sorted RDD, parallelized back into the RDD `transform` returns.
 * Rows print as dicts of the joined columns. Where the lecture differs:
 * - it feeds the function `sum_hash_tags`, whose records are `(count, hashtag)` pairs, while
 *   `toDF` names three columns; the stream here counts `(author, hashtag)` pairs, so each record
 *   is the `(author, hashtag, counter)` row the function expects;
 * - `orderBy('counter.desc')` names a column `counter.desc`, which does not exist;
 *   `orderBy(col('counter').desc())` is meant, as here.
 *
 * The first batch has 12 joined rows: `limit(10)` leaves 10 (and `pprint` no `...`); the tweets of
 * `zoe`, who is not among the authors, join nothing.
 */
import { fileURLToPath } from 'node:url';
import { Seconds, type DStream, type Pair, type RDD } from 'dstream-ts';
import { lessonContext, noOptions, runBatches, type ClockSource } from './support/lesson-clock.js';

/** A row of the static `authors` table. */
export interface Author {
  readonly tweet_author: string;
  readonly name: string;
  readonly country: string;
}

/** The static data: the `authors` table. */
export const AUTHORS: readonly Author[] = [
  { tweet_author: 'ana', name: 'Ana Ruiz', country: 'ES' },
  { tweet_author: 'bob', name: 'Bob Stone', country: 'UK' },
  { tweet_author: 'carla', name: 'Carla Neri', country: 'IT' },
  { tweet_author: 'dan', name: 'Dan Park', country: 'US' },
];

/** Tweets as `author: text`, two one-second batches. */
export const TWEETS: string[][] = [
  [
    'ana: #Volcan sigue activo #LaPalma',
    'ana: más ceniza #Volcan',
    'bob: #Qatar2022 tickets #Volcan',
    'carla: #Qatar2022 forza #Azzurri #Volcan',
    'carla: ancora #Qatar2022',
    'dan: #WorldCup #Qatar2022 #Volcan',
    'dan: #WorldCup again',
    'zoe: #Volcan #Qatar2022',
    'ana: #MorataDimision',
    'bob: #Brexit',
  ],
  ['carla: #Qatar2022 #Qatar2022', 'bob: #Volcan news', 'zoe: #Volcan'],
];

/** One row of a batch: the lecture's `toDF("author", "hashtag", "counter")`. */
export type TweetRow = readonly [author: string, hashtag: string, counter: number];

/** A joined row: the batch's columns, then the author's. */
export interface TrendingRow {
  readonly author: string;
  readonly hashtag: string;
  readonly counter: number;
  readonly tweet_author: string;
  readonly name: string;
  readonly country: string;
}

/** Count each author's hashtags per batch: `(author, hashtag, counter)` rows. */
export function sumHashTagsByAuthor(inputStream: DStream<string>): DStream<TweetRow> {
  const tweetsStream = inputStream.flatMap((line) => {
    const [author = '', text = ''] = line.split(': ');
    return text
      .split(' ')
      .filter((word) => word.startsWith('#'))
      .map((hashtag): Pair<readonly [string, string], number> => [
        [author, hashtag.replace('#', '')],
        1,
      ]);
  });
  return tweetsStream
    .reduceByKey((c1, c2) => c1 + c2)
    .map(([[author, hashtag], counter]): TweetRow => [author, hashtag, counter]);
}

/** The lecture's function: join a batch with the authors, highest count first, at most 10 rows. */
export function calculate_trending_topic_by_author(
  rdd: RDD<TweetRow>,
  authors: RDD<Pair<string, Author>>,
): RDD<TrendingRow> {
  const dfTweet = rdd.keyBy(([author]) => author);
  const joined = dfTweet
    .join(authors)
    .map(([, [[author, hashtag, counter], authorRow]]): TrendingRow => ({
      author,
      hashtag,
      counter,
      ...authorRow,
    }))
    .sortBy((row) => row.counter, false);
  return rdd.context.parallelize(joined.take(10), 1);
}

/** Run the lesson. */
export async function main(args: readonly string[] = [], clocks?: ClockSource): Promise<void> {
  noOptions(args);
  const ssc = lessonContext(Seconds(1), clocks);
  const authors = ssc.sparkContext
    .parallelize(AUTHORS.map((author): Pair<string, Author> => [author.tweet_author, author]))
    .cache();
  const sum_hash_tags = sumHashTagsByAuthor(ssc.queueStream([...TWEETS]));
  const trending_topic_by_author = sum_hash_tags.transform((rdd) =>
    calculate_trending_topic_by_author(rdd, authors),
  );
  trending_topic_by_author.pprint();
  await runBatches(ssc, TWEETS.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
