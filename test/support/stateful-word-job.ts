/**
 * The stateful part of the crash tests' jobs (test/kafka/fixtures/windowed-state-job.ts,
 * test/integration/fixtures/file-stream-job.ts): over a stream of words, a per-batch count, an
 * inverse window over 3 batches, `updateStateByKey` at its default checkpoint interval and
 * `mapWithState`, each output written as one file per batch time (`<out>/<output>/<timeMs>.json`,
 * temp file then rename), so a batch re-run after a crash rewrites the same file.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Milliseconds,
  StateSpec,
  StreamingContext,
  type DStream,
  type Pair,
  type RDD,
  type State,
  type Time,
} from '../../src/index.js';

/** The batch interval of the crash tests' jobs. */
export const BATCH_MS = 250;
/** The window, in batches. */
export const WINDOW_BATCHES = 3;

/**
 * Run the job in `checkpointDir` (recovered, or made by `create`) until `atEnd` resolves or a batch
 * fails, then stop it gracefully.
 */
export async function runRecoverable(
  checkpointDir: string,
  create: () => StreamingContext,
  atEnd: Promise<void>,
): Promise<void> {
  const ssc = await StreamingContext.getOrCreate(checkpointDir, create);
  ssc.start();
  await Promise.race([atEnd, ssc.awaitTermination()]);
  await ssc.stop({ stopGracefully: true });
}

/** Write `value` as the output `output` of the batch at `time`, atomically. */
export function writeBatchOutput(outDir: string, output: string, time: Time, value: unknown): void {
  const dir = join(outDir, output);
  mkdirSync(dir, { recursive: true });
  const name = `${time.milliseconds}.json`;
  const temp = join(dir, `.${name}.tmp`);
  writeFileSync(temp, JSON.stringify(value));
  renameSync(temp, join(dir, name));
}

function byKey<V>(pairs: readonly Pair<string, V>[]): Pair<string, V>[] {
  return [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Add the outputs `counts`, `window`, `state` and `seen` over `words`; `seen` is the last output
 * and prints `batch <timeMs>` once written.
 */
export function addStatefulOutputs(words: DStream<string>, outDir: string): void {
  const write = (output: string) => (rdd: RDD<Pair<string, number>>, time: Time) => {
    writeBatchOutput(outDir, output, time, byKey(rdd.collect()));
  };
  const pairs = words.mapToPair((word): Pair<string, number> => [word, 1]);
  const counts = pairs.reduceByKey((a, b) => a + b);
  counts.foreachRDD(write('counts'));
  counts
    .reduceByKeyAndWindow(
      (a, b) => a + b,
      (a, b) => a - b,
      Milliseconds(WINDOW_BATCHES * BATCH_MS),
      Milliseconds(BATCH_MS),
      undefined,
      ([, n]) => n > 0,
    )
    .foreachRDD(write('window'));
  counts
    .updateStateByKey((news: number[], total: number | undefined) =>
      news.reduce((a, b) => a + b, total ?? 0),
    )
    .name('totals')
    .foreachRDD(write('state'));
  const spec = StateSpec.function((word: string, one: number | undefined, seen: State<number>) => {
    const total = (seen.getOption() ?? 0) + (one ?? 0);
    seen.update(total);
    return [word, total] as const;
  });
  pairs
    .mapWithState(spec)
    .name('seen')
    .foreachRDD((rdd: RDD<readonly [string, number]>, time) => {
      const seen = [...rdd.collect()].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x - y));
      writeBatchOutput(outDir, 'seen', time, seen);
      process.stdout.write(`batch ${time.milliseconds}\n`);
    });
}
