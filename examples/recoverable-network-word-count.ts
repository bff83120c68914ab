/**
 * Spark's `RecoverableNetworkWordCount` (examples/src/main/scala/org/apache/spark/examples/
 * streaming/RecoverableNetworkWordCount.scala), the streaming guide's example of "Accumulators,
 * Broadcast Variables, and Checkpoints": accumulators and broadcasts are not recovered from
 * checkpoints, so the exclude list (a broadcast) and the dropped-words counter (an accumulator)
 * are lazily created singletons, made again after a restart.
 *
 * Run it as Spark's: start `nc -lk 9999`, then
 * `npx tsx examples/recoverable-network-word-count.ts localhost 9999 /tmp/cp /tmp/out.txt`, type
 * lines, stop it (Ctrl-C) and start it again: it resumes from the checkpoint and the counter
 * starts again from 0.
 *
 * Differs from Spark: JavaScript cannot restore functions, so recovery runs `createContext` again
 * (its graph must match the checkpoint); it prints "Creating new context" and clears the output
 * file only when there is no checkpoint yet.
 */
import { appendFileSync, existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Broadcast,
  type DStream,
  type LongAccumulator,
  type RDD,
  Seconds,
  SparkConf,
  SparkContext,
  StreamingContext,
  type StreamingContextOptions,
  type Time,
} from '../src/index.js';

/** Use this singleton to get or register a Broadcast variable. */
export const WordExcludeList = {
  instance: undefined as Broadcast<readonly string[]> | undefined,
  getInstance(sc: SparkContext): Broadcast<readonly string[]> {
    this.instance ??= sc.broadcast(['a', 'b', 'c']);
    return this.instance;
  },
};

/** Use this singleton to get or register an Accumulator. */
export const DroppedWordsCounter = {
  instance: undefined as LongAccumulator | undefined,
  getInstance(sc: SparkContext): LongAccumulator {
    this.instance ??= sc.longAccumulator('DroppedWordsCounter');
    return this.instance;
  },
};

/**
 * Count the words of `lines`, drop the excluded ones (counting them), print each batch's counts
 * and append them to `outputPath`: Spark's `foreachRDD` body.
 */
export function countWords(lines: DStream<string>, outputPath: string): void {
  const words = lines.flatMap((line) => line.split(' '));
  const wordCounts = words.map((word) => [word, 1]).reduceByKey((a, b) => a + b);
  wordCounts.foreachRDD((rdd: RDD<readonly [string, number]>, time: Time) => {
    // Get or register the excludeList Broadcast
    const excludeList = WordExcludeList.getInstance(rdd.sparkContext);
    // Get or register the droppedWordsCounter Accumulator
    const droppedWordsCounter = DroppedWordsCounter.getInstance(rdd.sparkContext);
    // Use excludeList to drop words and use droppedWordsCounter to count them
    const counts = rdd
      .filter(([word, count]) => {
        if (excludeList.value.includes(word)) {
          droppedWordsCounter.add(count);
          return false;
        }
        return true;
      })
      .collect()
      .map(([word, count]) => `(${word},${count})`);
    const output = `Counts at time ${time} [${counts.join(', ')}]`;
    console.log(output);
    console.log(`Dropped ${droppedWordsCounter.value} word(s) totally`);
    console.log(`Appending to ${outputPath}`);
    appendFileSync(outputPath, `${output}\n`);
  });
}

/**
 * Spark's `createContext`: a context with 1-second batches checkpointing to
 * `checkpointDirectory`, counting the words of `input(ssc)` (Spark's: a socket).
 */
export function createContext(
  input: (ssc: StreamingContext) => DStream<string>,
  outputPath: string,
  checkpointDirectory: string,
  options: Partial<StreamingContextOptions> = {},
): StreamingContext {
  const fresh = !existsSync(checkpointDirectory);
  if (fresh) {
    // If you do not see this printed, the StreamingContext was loaded from the checkpoint.
    console.log('Creating new context');
    rmSync(outputPath, { force: true });
  }
  const sparkConf = new SparkConf().setAppName('RecoverableNetworkWordCount');
  const ssc = new StreamingContext({
    batchDuration: Seconds(1),
    ...options,
    sparkContext: options.sparkContext ?? new SparkContext(sparkConf),
  });
  ssc.checkpoint(checkpointDirectory);
  countWords(input(ssc), outputPath);
  return ssc;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length !== 4) {
    console.error(`Your arguments were [${args.join(', ')}]`);
    console.error(
      'Usage: recoverable-network-word-count <hostname> <port> <checkpoint-directory> <output-file>',
    );
    process.exit(1);
  }
  const [ip = 'localhost', port = '9999', checkpointDirectory = '', output = ''] = args;
  const outputPath = resolve(output);
  const ssc = await StreamingContext.getOrCreate(checkpointDirectory, () =>
    createContext(
      (context) => context.socketTextStream(ip, Number(port)),
      outputPath,
      checkpointDirectory,
    ),
  );
  ssc.start();
  process.once('SIGINT', () => void ssc.stop({ stopGracefully: true }));
  await ssc.awaitTermination();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
