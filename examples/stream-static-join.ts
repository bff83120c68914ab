/**
 * Stream-static join (DStream lecture, "DStream-transform": merging the batch and streaming
 * worlds): every batch of (author, hashtag) counts is joined with a static RDD of author facts,
 * then ordered by count, descending.
 *
 * Run it: `npx tsx examples/stream-static-join.ts`
 *
 * The lecture joins a DataFrame read from parquet; without Spark SQL, the static side here is an
 * RDD made with `parallelize`, joined with `transform((rdd) => rdd.join(authors))`, as the
 * DStream programming guide does.
 */
import { fileURLToPath } from 'node:url';
import { Seconds, StreamingContext, type DStream, type Pair, type RDD } from 'dstream-ts';

/** Static data: author → country. */
export const AUTHORS: Pair<string, string>[] = [
  ['ana', 'ES'],
  ['bob', 'UK'],
  ['carla', 'IT'],
];

/** Tweets as `author: text`, in two one-second batches. */
export const TWEETS: string[][] = [
  ['ana: #Volcan ahora', 'bob: #Qatar2022 soon', 'ana: #Volcan sigue', 'dave: #Volcan wow'],
  ['carla: #Qatar2022 arriva', 'carla: #Qatar2022 forza', 'bob: #Volcan news'],
];

/** One record of the joined result: `[[author, country], [hashtag, count in the batch]]`. */
export type AuthorTrend = Pair<
  readonly [author: string, country: string],
  readonly [hashtag: string, count: number]
>;

/** Count (author, hashtag) per batch, join with `authors`, order by count descending. */
export function trendingByAuthor(
  tweets: DStream<string>,
  authors: RDD<Pair<string, string>>,
): DStream<AuthorTrend> {
  return tweets
    .flatMap((line) => {
      const [author = '', text = ''] = line.split(': ');
      return text
        .split(' ')
        .filter((word) => word.startsWith('#'))
        .map((tag): Pair<readonly [string, string], number> => [[author, tag.slice(1)], 1]);
    })
    .reduceByKey((a, b) => a + b)
    .map(([[author, tag], count]): Pair<string, readonly [string, number]> => [
      author,
      [tag, count],
    ])
    .transform((rdd) =>
      rdd
        .join(authors)
        .map(([author, [[tag, count], country]]): AuthorTrend => [
          [author, country],
          [tag, count],
        ])
        .sortBy(([, [, count]]) => count, false),
    );
}

async function main(): Promise<void> {
  const ssc = new StreamingContext(Seconds(1));
  const authors = ssc.sparkContext.parallelize(AUTHORS).cache();
  trendingByAuthor(ssc.queueStream(TWEETS), authors).pprint();
  ssc.start();
  await ssc.awaitTerminationOrTimeout(TWEETS.length * 1000 + 1500);
  await ssc.stop({ stopGracefully: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
