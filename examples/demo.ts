/**
 * The demo behind `npm start`: a streaming word count over a generated source (Structured
 * Streaming's rate source turned into sentences), one-second batches, with the live web view.
 * Per batch it prints the batch's word counts (pprint), the words of the last 3 seconds (a window
 * with an inverse function: each batch adds the newest second and subtracts the one that left) and
 * the running totals (state). The sentences' vocabulary grows and shifts as time goes on (new words
 * come in, old ones fade out), so the state keeps growing and the window's words visibly change.
 * It streams until Ctrl-C, which stops it gracefully.
 *
 * Run it: `npm start`, `npm start -- --batches 5` (stops after 5 batches), `npm start -- --no-ui`,
 * `npm start -- --port 8080` (default 4040; the next free port when taken), `npm start -- --step`
 * (step mode: the batches wait, and each "Next batch" on the page runs one).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Seconds, StreamingContext, type DStream, type Pair } from 'dstream-ts';

/** Every word the source ever uses, in the order they come into use. */
const VOCABULARY = [
  'spark',
  'stream',
  'batch',
  'rdd',
  'window',
  'state',
  'kafka',
  'node',
  'micro',
  'slide',
  'key',
  'reduce',
  'join',
  'checkpoint',
  'receiver',
  'offset',
  'driver',
  'lineage',
  'shuffle',
  'partition',
  'clock',
  'interval',
  'output',
  'input',
  'socket',
  'file',
  'queue',
  'rate',
  'map',
  'filter',
  'union',
  'cogroup',
  'transform',
  'foreach',
  'print',
  'listener',
  'graph',
  'timer',
];
/** Lines the generated source produces per second (one rate row per line). */
export const LINES_PER_SECOND = 4;
const WORDS_PER_LINE = 6;
/** The window of the windowed count. */
export const WINDOW_SECONDS = 3;

/**
 * The words in use during second `s` of the source: 4 at first, one more every 2 seconds up to
 * 12, and from then on the set moves along the vocabulary by one word every 3 seconds (the oldest
 * fades out, a new one comes in), wrapping around at its end.
 */
export function vocabularyAt(s: number): string[] {
  const size = Math.min(12, 4 + Math.floor(s / 2));
  const start = s < 16 ? 0 : Math.floor((s - 16) / 3);
  return Array.from({ length: size }, (_, i) => VOCABULARY[(start + i) % VOCABULARY.length] ?? '');
}

/**
 * Return line `n` of the source: a deterministic pseudo-random sentence of the words in use at
 * its second (an LCG seeded by n; its high bits, since the low bits of a power-of-two LCG cycle).
 */
export function generateLine(n: number): string {
  const vocabulary = vocabularyAt(Math.floor(n / LINES_PER_SECOND));
  let seed = (n * 2654435761) >>> 0;
  const words: string[] = [];
  for (let w = 0; w < WORDS_PER_LINE; w++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    words.push(vocabulary[(seed >>> 16) % vocabulary.length] ?? '');
  }
  return words.join(' ');
}

/** Count the words of each batch, most frequent first (ties in first-seen order). */
export function wordCounts(words: DStream<string>): DStream<Pair<string, number>> {
  return words
    .mapToPair((word) => [word, 1])
    .reduceByKey((a, b) => a + b)
    .transform((rdd) => rdd.sortBy(([, count]) => count, false, 1));
}

/** Build the demo's graph on `ssc`: the source, the three outputs. */
export function buildDemo(ssc: StreamingContext): void {
  const words = ssc
    .rateStream({ rowsPerSecond: LINES_PER_SECOND })
    .map((row) => generateLine(row.value))
    .flatMap((line) => line.split(' '));

  wordCounts(words).pprint();

  const pairs = words.mapToPair((word) => [word, 1]);
  pairs
    .reduceByKeyAndWindow({
      reduce: (a, b) => a + b,
      inverse: (a, b) => a - b,
      window: Seconds(WINDOW_SECONDS),
      slide: Seconds(1),
      // Words that left the window entirely count 0: drop them.
      filter: ([, count]) => count > 0,
    })
    .name('last 3 s')
    .foreachRDD((rdd) => {
      const total = rdd.map(([, count]) => count).fold(0, (a, b) => a + b);
      console.log(`Words in the last ${WINDOW_SECONDS} s: ${total}`);
    });

  pairs
    .updateStateByKey((counts: number[], total: number | undefined) =>
      counts.reduce((a, b) => a + b, total ?? 0),
    )
    .name('running totals')
    .foreachRDD((rdd) => {
      // Highest totals first, ties in word order.
      const top = rdd.sortBy(([word, total]) => [-total, word] as const, true, 1).take(3);
      const shown = top.map(([word, total]) => `${word} ${total}`).join(', ');
      console.log(`Running totals: ${rdd.count()} words seen; top: ${shown}\n`);
    });
}

interface DemoOptions {
  readonly batches: number | undefined;
  readonly ui: boolean;
  readonly port: number;
  readonly step: boolean;
}

function parseOptions(): DemoOptions {
  const { values } = parseArgs({
    options: {
      batches: { type: 'string' },
      'no-ui': { type: 'boolean', default: false },
      port: { type: 'string', default: '4040' },
      step: { type: 'boolean', default: false },
    },
  });
  const batches = values.batches === undefined ? undefined : Number(values.batches);
  if (batches !== undefined && (!Number.isInteger(batches) || batches < 1)) {
    throw new RangeError(`Expected \`--batches\` to be a positive integer, got ${values.batches}`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`Expected \`--port\` to be a port number, got ${values.port}`);
  }
  if (values.step && values['no-ui']) {
    throw new RangeError(
      '`--step` needs the view (its "Next batch" runs the batches): drop `--no-ui`',
    );
  }
  return { batches, ui: !values['no-ui'], port, step: values.step };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const checkpointDir = await mkdtemp(join(tmpdir(), 'dstream-ts-demo-'));
  const ssc = new StreamingContext({ batchDuration: Seconds(1), appName: 'dstream-ts demo' });
  ssc.checkpoint(checkpointDir);
  buildDemo(ssc);

  let completed = 0;
  const stopRequested = new Promise<string>((resolve) => {
    ssc.addStreamingListener({
      onBatchCompleted: () => {
        if (++completed === options.batches) resolve(`${completed} batches`);
      },
    });
    // Ctrl-C reaches every process of the terminal's group; the first signal stops, gracefully.
    process.once('SIGINT', () => {
      resolve('Ctrl-C');
    });
    process.once('SIGTERM', () => {
      resolve('SIGTERM');
    });
  });

  if (options.ui) {
    const ui = await ssc.ui({ port: options.port, step: options.step });
    console.log(`Streaming UI: ${ui.url}`);
    if (options.step) console.log('Step mode: each "Next batch" on the page runs one batch.');
  }
  console.log(
    `dstream-ts demo: word count over a generated source, one-second batches, ` +
      (options.batches === undefined
        ? 'until Ctrl-C'
        : `${options.batches} batch${options.batches === 1 ? '' : 'es'}`),
  );
  ssc.start();
  try {
    const reason = await Promise.race([stopRequested, ssc.awaitTermination().then(() => '')]);
    console.log(`Stopping gracefully (${reason}) ...`);
  } finally {
    await ssc.stop({ stopGracefully: true });
    await rm(checkpointDir, { recursive: true, force: true });
  }
  console.log(`Stopped after ${completed} batch${completed === 1 ? '' : 'es'}.`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
