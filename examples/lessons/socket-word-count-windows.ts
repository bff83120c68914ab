/**
 * Lesson 000 (Structured Streaming II), cases 1 and 5 on DStreams: the words typed into a socket
 * (`nc -lk 9999`) counted per batch, then over a tumbling window of 2 minutes, then over a window
 * of 2 minutes sliding every minute.
 *
 * Run it: `npm run lesson -- socket-word-count-windows [--unit-seconds n]`. It starts its own line
 * server on 127.0.0.1 (the `nc` of the lesson) and types the lesson's lines into it, batch by
 * batch, three times: one run per program, each under a title line. One batch is one "minute" of
 * the lesson; the runs take a while with real minutes, so a minute is 5 seconds unless
 * `--unit-seconds 60` asks for the lesson's. The lines, per batch:
 *
 * ```
 * batch 1   Hola Mundo / Hola desde el Severo
 * batch 2   -
 * batch 3   Severo Ochoa y el Mundo
 * batch 4   Segunda ventana
 * batch 5   Segunda ventana Ochoa
 * batch 6   -
 * ```
 *
 * How the DStream answer differs from the lesson's Structured Streaming one:
 * - the lesson groups words by the window of their event time (`includeTimestamp`,
 *   `window(timestamp, "2 minutes")`) and, in complete mode, prints every window there is at each
 *   trigger, with its bounds. A DStream window is a window of batches (arrival time): the block at
 *   time t holds the words of the batches in (t − 2 min, t], and only that window is printed;
 * - a tumbling window (`reduceByKeyAndWindow(f, 2 min, 2 min)`) is computed only every 2 minutes
 *   (at zeroTime + 2k min), so half the batch times print nothing;
 * - with a slide of 1 minute every batch prints the window ending at it, so each word is counted
 *   in two consecutive blocks, as the lesson's sliding windows put each word in two windows.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Seconds, type DStream, type Duration, type Pair } from 'dstream-ts';
import {
  firstBatchTime,
  lessonContext,
  passBatch,
  type ClockSource,
} from './support/lesson-clock.js';
import { startLineServer } from './support/line-server.js';

/** The lines typed into the socket during each batch. */
export const TYPED_LINES: readonly (readonly string[])[] = [
  ['Hola Mundo', 'Hola desde el Severo'],
  [],
  ['Severo Ochoa y el Mundo'],
  ['Segunda ventana'],
  ['Segunda ventana Ochoa'],
  [],
];

/** Case 1: `(word, 1)` pairs of each line. */
export function palabras(lineas: DStream<string>): DStream<Pair<string, number>> {
  return lineas
    .flatMap((linea) => linea.split(' '))
    .map((palabra): Pair<string, number> => [palabra, 1]);
}

/** One program of the lesson: its title and its word counts. */
export interface SocketRun {
  readonly title: string;
  readonly counts: (lineas: DStream<string>, minute: Duration) => DStream<Pair<string, number>>;
}

/** The three programs, in the lesson's order. */
export const RUNS: readonly SocketRun[] = [
  {
    title: 'Case 1: word count per batch',
    counts: (lineas) => palabras(lineas).reduceByKey((a, b) => a + b),
  },
  {
    title: 'Case 5: tumbling window of 2 minutes',
    counts: (lineas, minute) =>
      palabras(lineas).reduceByKeyAndWindow((a, b) => a + b, minute.times(2), minute.times(2)),
  },
  {
    title: 'Case 5: window of 2 minutes sliding every minute',
    counts: (lineas, minute) =>
      palabras(lineas).reduceByKeyAndWindow((a, b) => a + b, minute.times(2), minute),
  },
];

/**
 * Tests only: wait until the lines just sent have reached the receiver (on the wall clock a batch
 * interval is plenty; in virtual time the test must wait before moving the clock).
 */
export type AfterSend = (ssc: ReturnType<typeof lessonContext>) => Promise<void>;

/** Run the three programs against the lesson's line server. */
export async function main(
  args: readonly string[] = [],
  clocks?: ClockSource,
  afterSend?: AfterSend,
): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: { 'unit-seconds': { type: 'string', default: '5' } },
  });
  const minute = Seconds(Number(values['unit-seconds']));
  const server = await startLineServer();
  try {
    for (const run of RUNS) {
      console.log(`# ${run.title}`);
      const ssc = lessonContext(minute, clocks);
      const lineas = ssc.socketTextStream('localhost', server.port);
      run.counts(lineas, minute).pprint();
      const first = firstBatchTime(ssc);
      const connected = server.nextClient();
      ssc.start();
      await connected;
      for (const [batch, lines] of TYPED_LINES.entries()) {
        await server.send(lines);
        if (lines.length > 0) await afterSend?.(ssc);
        await passBatch(ssc, first + batch * minute.milliseconds);
      }
      await ssc.stop({ stopGracefully: true });
    }
  } finally {
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
