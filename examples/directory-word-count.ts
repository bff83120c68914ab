/**
 * Word count over the text files moved into a directory: Spark's `HdfsWordCount` /
 * PySpark's `hdfs_wordcount.py` example. Each batch counts the words of the files that arrived
 * since the previous batch.
 *
 * Run it: `npx tsx examples/directory-word-count.ts <directory>`, then move text files into the
 * directory (write them elsewhere and `mv` them in: a file is read once, when it appears).
 */
import { fileURLToPath } from 'node:url';
import { Seconds, StreamingContext, type DStream, type Pair } from 'dstream-ts';

/**
 * Return the per-batch word counts of the new files in `directory`.
 *
 * @example
 * ```ts
 * directoryWordCount(ssc, '/tmp/incoming').pprint();
 * ```
 */
export function directoryWordCount(
  ssc: StreamingContext,
  directory: string,
): DStream<Pair<string, number>> {
  return ssc
    .textFileStream(directory)
    .flatMap((line) => line.split(' '))
    .mapToPair((word) => [word, 1])
    .reduceByKey((a, b) => a + b);
}

async function main(): Promise<void> {
  const directory = process.argv[2];
  if (directory === undefined) {
    console.error('Usage: directory-word-count.ts <directory>');
    process.exit(1);
  }
  const ssc = new StreamingContext(Seconds(1));
  directoryWordCount(ssc, directory).pprint();
  ssc.start();
  await ssc.awaitTermination();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
