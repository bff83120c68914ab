/**
 * A word count that survives being killed: `kill -9` it, start it again, and it resumes where it
 * stopped, losing nothing. The source is replayable (the lines of a batch are a function of the
 * batch's time), the state lives in checkpoints, and every output is written idempotently per
 * batch time, so re-running the last batches after a crash changes nothing.
 *
 * Run it: `npx tsx examples/recoverable-word-count.ts --checkpoint /tmp/wc-cp --out /tmp/wc-out`
 * (add `--batches 30` to stop after 30 batches). Kill it at any moment and run the same command.
 * The crash-equivalence test runs it with `--manual-clock` (virtual time, fast).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ManualClock,
  Seconds,
  StateSpec,
  StreamingContext,
  type DStream,
  type Pair,
  type RDD,
  type State,
  type Time,
} from 'dstream-ts';

const WORDS = ['spark', 'stream', 'batch', 'state', 'window', 'kafka', 'node', 'rdd'];

/** The lines of the batch at `time`: a pure function of the time, so any batch can be replayed. */
export function linesAt(timeMs: number): string[] {
  const k = Math.floor(timeMs / 1000);
  return Array.from({ length: 3 }, (_, line) =>
    Array.from({ length: 4 }, (_, i) => WORDS[(k * 5 + line * 3 + i * 7) % WORDS.length]).join(' '),
  );
}

/** Write `value` to `dir/name` atomically, so a crash never leaves half a file. */
function writeOutput(dir: string, name: string, value: unknown): void {
  const temp = join(dir, `.${name}.tmp`);
  writeFileSync(temp, JSON.stringify(value));
  renameSync(temp, join(dir, name));
}

/** Build the whole application on `ssc`: one replayable input, three stateful outputs. */
export function buildRecoverableWordCount(ssc: StreamingContext, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  const seed = ssc.sparkContext.parallelize([0], 1);
  const lines: DStream<string> = ssc
    .constantInputDStream(seed)
    .transform((rdd: RDD<number>, time: Time) =>
      rdd.context.parallelize(linesAt(time.milliseconds), 2),
    );
  const pairs = lines
    .flatMap((line) => line.split(' '))
    .mapToPair((word): Pair<string, number> => [word, 1]);
  const save = (name: string) => (rdd: RDD<unknown>, time: Time) => {
    writeOutput(outDir, `${name}-${time.milliseconds}.json`, rdd.collect());
  };

  pairs
    .updateStateByKey((values: number[], total: number | undefined) =>
      values.reduce((a, b) => a + b, total ?? 0),
    )
    .name('totals')
    .foreachRDD(save('totals'));
  pairs
    .reduceByKeyAndWindow(
      (a, b) => a + b,
      (a, b) => a - b,
      Seconds(3),
      Seconds(1),
    )
    .name('last-3s')
    .foreachRDD(save('window'));
  const spec = StateSpec.function((word: string, one: number | undefined, seen: State<number>) => {
    const count = (seen.getOption() ?? 0) + (one ?? 0);
    seen.update(count);
    return [word, count] as const;
  });
  pairs.mapWithState(spec).name('seen').foreachRDD(save('seen'));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      checkpoint: { type: 'string', default: 'checkpoint-recoverable-word-count' },
      out: { type: 'string', default: 'output-recoverable-word-count' },
      batches: { type: 'string' },
      'manual-clock': { type: 'boolean', default: false },
    },
  });
  const manual = values['manual-clock'];
  const lastBatch = values.batches === undefined ? Infinity : Number(values.batches) * 1000;
  const ssc = await StreamingContext.getOrCreate(values.checkpoint, () => {
    const context = new StreamingContext({
      batchDuration: Seconds(1),
      appName: 'recoverable word count',
      ...(manual ? { clock: new ManualClock() } : {}),
    });
    context.checkpoint(values.checkpoint);
    buildRecoverableWordCount(context, values.out);
    return context;
  });
  ssc.start();
  const clock = ssc.clock;
  if (clock instanceof ManualClock) {
    // Virtual time, but one batch per turn of the event loop, so a kill lands between batches.
    while (clock.now() < lastBatch) {
      await clock.advance(1000);
      // Progress for whoever watches (the crash test kills the app after the k-th line).
      process.stdout.write(`batch ${clock.now()}\n`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    // Real time: stop after `--batches` more batches, or run until killed.
    let completed = 0;
    let done = (): void => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    ssc.addStreamingListener({
      onBatchCompleted: () => {
        if (++completed * 1000 >= lastBatch) done();
      },
    });
    await Promise.race([finished, ssc.awaitTermination()]);
  }
  await ssc.stop({ stopGracefully: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
