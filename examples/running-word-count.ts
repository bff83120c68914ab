/**
 * A running word count with `mapWithState` and an idle timeout: each word's count so far is
 * emitted with every occurrence, `stateSnapshots()` shows all counts after each batch, and a word
 * unseen for longer than the timeout is dropped, with one last call where `isTimingOut()` is true.
 *
 * Run it: `npx tsx examples/running-word-count.ts`
 *
 * As in Spark, idle words are found only on the state's checkpoint batches (every 10 batches by
 * default), so a word times out up to one checkpoint interval after it went idle.
 */
import { fileURLToPath } from 'node:url';
import {
  Seconds,
  StateSpec,
  StreamingContext,
  type DStream,
  type Duration,
  type MapWithStateDStream,
  type Pair,
  type State,
} from 'dstream-ts';

/** What the mapping function emits: the word, its count so far, and whether it timed out. */
export type WordCount = readonly [word: string, count: number, timedOut: boolean];

/** Lines of text, one array per one-second batch. */
export const LINES: string[][] = [
  ['spark streams', 'spark batches'],
  ['node streams'],
  [],
  ['spark'],
];

/** Count every word so far; words idle for longer than `timeout` are dropped. */
export function runningWordCount(
  lines: DStream<string>,
  timeout: Duration,
): MapWithStateDStream<string, number, number, WordCount> {
  const spec = StateSpec.function(
    (word: string, one: number | undefined, state: State<number>): WordCount => {
      if (state.isTimingOut()) return [word, state.get(), true];
      const count = (state.getOption() ?? 0) + (one ?? 0);
      state.update(count);
      return [word, count, false];
    },
  ).timeout(timeout);
  return lines
    .flatMap((line) => line.split(' '))
    .mapToPair((word): Pair<string, number> => [word, 1])
    .mapWithState(spec);
}

async function main(): Promise<void> {
  const ssc = new StreamingContext(Seconds(1));
  ssc.checkpoint('checkpoint-running-word-count');
  const counts = runningWordCount(ssc.queueStream(LINES), Seconds(3));
  counts.pprint();
  counts.stateSnapshots().pprint();
  ssc.start();
  await ssc.awaitTerminationOrTimeout(12_500);
  await ssc.stop();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
