/**
 * Lesson 003 (the DStream lecture), "DStream — File": `textFileStream("tweets")` watches a
 * directory and turns the lines of the files that appear in it into each batch's records; the
 * lecture's next slide takes the hashtags out of each tweet with `flatMap`.
 *
 * Run it: `npm run lesson -- tweets-file-stream [directory]` (default: a new temporary directory,
 * removed at the end). The example fills the directory itself, one file of tweets after each
 * one-second batch, so the first batch finds it empty and each later batch reads one new file.
 *
 * The lecture calls `ssc.checkpoint(...)` first: a stateless `flatMap` needs no checkpoint, so the
 * port leaves it out. It also names the stream `tweets_strored` and then uses `tweets_stored`;
 * here it is `tweets_stored`.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Seconds, type DStream } from 'dstream-ts';
import { feedFiles, type FeedFile } from './support/file-feeder.js';
import { lessonContext, runBatches, type ClockSource } from './support/lesson-clock.js';

/** The files dropped into the directory, one per batch. */
export const TWEET_FILES: readonly FeedFile[] = [
  {
    name: 'tweets-1.txt',
    text: 'Adiós a la selección #MorataDimision\nErupción en La Palma #Volcan #LaPalma\n',
  },
  { name: 'tweets-2.txt', text: 'Gol en el descuento #MorataDeMiVida\nsin hashtags hoy\n' },
  { name: 'tweets-3.txt', text: 'Rumbo al mundial #Qatar2022\n#Qatar2022 se acerca\n' },
];

/** The lecture's `flatMap`: every word of a tweet that starts with `#`. */
export function hashTags(tweets_stored: DStream<string>): DStream<string> {
  return tweets_stored.flatMap((tweet) => tweet.split(' ').filter((word) => word.startsWith('#')));
}

/** Run the lesson on `args[0]` (default: a temporary directory). */
export async function main(args: readonly string[] = [], clocks?: ClockSource): Promise<void> {
  const directory = args[0] ?? (await mkdtemp(join(tmpdir(), 'lesson-tweets-')));
  await mkdir(directory, { recursive: true });
  try {
    const ssc = lessonContext(Seconds(1), clocks);
    const tweets_stored = ssc.textFileStream(directory);
    const hash_tags_stored = hashTags(tweets_stored);
    hash_tags_stored.pprint();
    feedFiles(ssc, directory, TWEET_FILES);
    await runBatches(ssc, TWEET_FILES.length + 1);
  } finally {
    if (args[0] === undefined) await rm(directory, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
