/**
 * Word count per batch: lines → flatMap(split) → map to [word, 1] → reduceByKey, against a
 * hand-written loop into a Map (the practical limit) and an RxJS bufferTime + reduce pipeline.
 */
import { bufferTime, map, mergeMap, Subject, VirtualTimeScheduler } from 'rxjs';
import { textLines } from '../corpus.js';
import { EngineDriver } from '../engine-driver.js';
import { runRounds, type Implementation } from '../harness.js';
import { closeAll, medians, rounds, valueOf, type Workload } from '../workload.js';

export interface WordCountParams {
  readonly words: number;
  readonly warmup: number;
  readonly measured: number;
}

const ENGINE = 'dstream-ts';
const HAND = 'hand loop';
const RXJS = 'RxJS bufferTime';

/** Count the words of `lines` the way one would by hand. */
export function countWords(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const words = (lines[i] as string).split(' ');
    for (let j = 0; j < words.length; j++) {
      const word = words[j] as string;
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

/** Word counts as sorted entries, so outputs of different implementations compare equal. */
function sortedEntries(entries: Iterable<readonly [string, number]>): [string, number][] {
  return [...entries]
    .map(([word, count]): [string, number] => [word, count])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

async function engine(lines: readonly string[]): Promise<Implementation> {
  const driver = await EngineDriver.create<string>();
  let counts: (readonly [string, number])[] = [];
  driver.input
    .flatMap((line) => line.split(' '))
    .mapToPair((word) => [word, 1])
    .reduceByKey((a, b) => a + b)
    .foreachRDD((rdd) => {
      counts = rdd.collect();
    });
  driver.start();
  return {
    name: ENGINE,
    batch: () => driver.batch(lines),
    output: () => sortedEntries(counts),
    close: () => driver.close(),
  };
}

function handLoop(lines: readonly string[]): Implementation {
  let counts = new Map<string, number>();
  return {
    name: HAND,
    batch: () => {
      counts = countWords(lines);
    },
    output: () => sortedEntries(counts),
  };
}

/**
 * The idiomatic RxJS pipeline: words cut into 1 s buffers, each buffer counted into a Map. Its
 * clock is a VirtualTimeScheduler moved one second per batch, as the engine's ManualClock is.
 */
function rxjs(lines: readonly string[]): Implementation {
  const scheduler = new VirtualTimeScheduler();
  const input = new Subject<string>();
  let counts = new Map<string, number>();
  const subscription = input
    .pipe(
      mergeMap((line) => line.split(' ')),
      bufferTime(1000, scheduler),
      map((words) => {
        const batch = new Map<string, number>();
        for (const word of words) batch.set(word, (batch.get(word) ?? 0) + 1);
        return batch;
      }),
    )
    .subscribe((batch) => {
      counts = batch;
    });
  return {
    name: RXJS,
    batch: () => {
      for (let i = 0; i < lines.length; i++) input.next(lines[i] as string);
      scheduler.maxFrames = scheduler.frame + 1000;
      scheduler.flush();
    },
    output: () => sortedEntries(counts),
    close: () => {
      subscription.unsubscribe();
    },
  };
}

export const wordCount: Workload<WordCountParams> = {
  id: 'word-count',
  title: 'word count per batch',
  cases: [
    {
      id: 'word-count-1e5',
      label: '1e5 words/batch',
      params: { words: 1e5, warmup: 20, measured: 40 },
    },
    {
      id: 'word-count-1e6',
      label: '1e6 words/batch',
      params: { words: 1e6, warmup: 6, measured: 15 },
    },
  ],
  tiny: { words: 200, warmup: 0, measured: 1 },

  async create(params) {
    const lines = textLines({ words: params.words });
    return [await engine(lines), handLoop(lines), rxjs(lines)];
  },

  async measure(params, label) {
    const implementations = await this.create(params);
    const samples = await runRounds(implementations, rounds(params));
    await closeAll(implementations);
    const measurements = medians(
      samples,
      [ENGINE, HAND, RXJS],
      'M words/s',
      (ms) => params.words / ms / 1e3,
    );
    const rate = (name: string): number => valueOf(measurements, name);
    return {
      workload: this.title,
      case: label,
      measurements,
      ratios: [
        { name: 'dstream-ts / hand loop', value: rate(ENGINE) / rate(HAND) },
        { name: 'dstream-ts / RxJS', value: rate(ENGINE) / rate(RXJS) },
      ],
    };
  },
};
