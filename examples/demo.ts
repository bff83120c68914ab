/**
 * The demo behind `npm start`: a streaming word count over an embedded, generated source, in real
 * time, one-second batches printed with pprint. It stops by itself after `--batches N` (default 3).
 *
 * Run it: `npm start` or `npm start -- --batches 5`
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Seconds, StreamingContext, type DStream, type Pair } from '../src/index.js';

const VOCABULARY = ['spark', 'stream', 'batch', 'rdd', 'window', 'state', 'kafka', 'node'];
const LINES_PER_BATCH = 4;
const WORDS_PER_LINE = 6;

/** Return batch `k`'s generated lines: deterministic pseudo-random sentences (an LCG seeded by k; its high bits, since the low bits of a power-of-two LCG cycle). */
export function generateBatch(k: number): string[] {
  let seed = (k * 2654435761) >>> 0;
  const next = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed;
  };
  const lines: string[] = [];
  for (let l = 0; l < LINES_PER_BATCH; l++) {
    const words: string[] = [];
    for (let w = 0; w < WORDS_PER_LINE; w++)
      words.push(VOCABULARY[(next() >>> 16) % VOCABULARY.length] ?? '');
    lines.push(words.join(' '));
  }
  return lines;
}

/** Count the words of each batch, most frequent first (ties in first-seen order). */
export function wordCounts(lines: DStream<string>): DStream<Pair<string, number>> {
  return lines
    .flatMap((line) => line.split(' '))
    .mapToPair((word) => [word, 1])
    .reduceByKey((a, b) => a + b)
    .transform((rdd) => rdd.sortBy(([, count]) => count, false, 1));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { batches: { type: 'string', default: '3' } } });
  const batches = Number(values.batches);
  if (!Number.isInteger(batches) || batches < 1) {
    throw new RangeError(`Expected \`--batches\` to be a positive integer, got ${values.batches}`);
  }
  const ssc = new StreamingContext({ batchDuration: Seconds(1), appName: 'dstream-ts demo' });
  const queue = Array.from({ length: batches }, (_, k) => generateBatch(k + 1));
  wordCounts(ssc.queueStream(queue)).pprint();

  let completed = 0;
  const done = new Promise<void>((resolve) => {
    ssc.addStreamingListener({
      onBatchCompleted: () => {
        if (++completed === batches) resolve();
      },
    });
  });
  console.log(`dstream-ts demo: word count, ${batches} one-second batches`);
  ssc.start();
  await Promise.race([done, ssc.awaitTermination()]);
  await ssc.stop();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
