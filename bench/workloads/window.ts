/**
 * reduceByKeyAndWindow over 10, 100 and 1000 batches, with an inverse function (incremental) and
 * without (the window's batches reduced again each time), against the same windows kept by hand:
 * a ring of per-batch counts and a running total (inverse), or a total rebuilt from the ring.
 */
import { Seconds } from '../../src/index.js';
import { zipfWords } from '../corpus.js';
import { EngineDriver } from '../engine-driver.js';
import { runRounds, type Implementation } from '../harness.js';
import { closeAll, medians, rounds, valueOf, type Workload } from '../workload.js';

export interface WindowParams {
  /** Window length in batches (1 s batches, slide 1 batch). */
  readonly window: number;
  readonly inverse: boolean;
  readonly recordsPerBatch: number;
  readonly vocabularySize: number;
  readonly measured: number;
}

const ENGINE = 'dstream-ts';
const HAND = 'hand ring';
/** Distinct input batches, used in turn. */
const DISTINCT_BATCHES = 16;

const add = (a: number, b: number): number => a + b;
const subtract = (a: number, b: number): number => a - b;

/** The window's counts without keys at zero (Spark keeps those keys unless a filter drops them). */
function nonZeroSorted(entries: Iterable<readonly [string, number]>): [string, number][] {
  return [...entries]
    .filter(([, count]) => count !== 0)
    .map(([word, count]): [string, number] => [word, count])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function countBatch(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

async function engine(batches: readonly string[][], params: WindowParams): Promise<Implementation> {
  const driver = await EngineDriver.create<string>({ checkpoint: true });
  let counts: (readonly [string, number])[] = [];
  const pairs = driver.input.mapToPair((word) => [word, 1]);
  const windowed = params.inverse
    ? pairs.reduceByKeyAndWindow(add, subtract, Seconds(params.window), Seconds(1))
    : pairs.reduceByKeyAndWindow(add, Seconds(params.window), Seconds(1));
  windowed.foreachRDD((rdd) => {
    counts = rdd.collect();
  });
  driver.start();
  let next = 0;
  return {
    name: ENGINE,
    batch: () => driver.batch(batches[next++ % batches.length]),
    output: () => nonZeroSorted(counts),
    close: () => driver.close(),
  };
}

function handRing(batches: readonly string[][], params: WindowParams): Implementation {
  const ring: Map<string, number>[] = [];
  let totals = new Map<string, number>();
  let next = 0;
  return {
    name: HAND,
    batch: () => {
      const entering = countBatch(batches[next++ % batches.length] as string[]);
      ring.push(entering);
      const leaving = ring.length > params.window ? ring.shift() : undefined;
      if (params.inverse) {
        for (const [word, count] of entering) totals.set(word, (totals.get(word) ?? 0) + count);
        if (leaving !== undefined) {
          for (const [word, count] of leaving) totals.set(word, (totals.get(word) ?? 0) - count);
        }
      } else {
        totals = new Map();
        for (const batch of ring) {
          for (const [word, count] of batch) totals.set(word, (totals.get(word) ?? 0) + count);
        }
      }
    },
    output: () => nonZeroSorted(totals),
  };
}

function windowCase(window: number, inverse: boolean) {
  return {
    id: `window-${inverse ? 'inverse' : 'plain'}-${window}`,
    label: `${inverse ? 'with' : 'without'} inverse, window ${window} batches`,
    params: { window, inverse, recordsPerBatch: 10_000, vocabularySize: 1000, measured: 60 },
  };
}

export const windows: Workload<WindowParams> = {
  id: 'window',
  title: 'reduceByKeyAndWindow',
  cases: [
    windowCase(10, true),
    windowCase(100, true),
    windowCase(1000, true),
    windowCase(10, false),
    windowCase(100, false),
    windowCase(1000, false),
  ],
  tiny: { window: 3, inverse: true, recordsPerBatch: 50, vocabularySize: 20, measured: 1 },

  async create(params) {
    const batches: string[][] = [];
    for (let b = 0; b < DISTINCT_BATCHES; b++) {
      batches.push(zipfWords(params.recordsPerBatch, params.vocabularySize, 100 + b));
    }
    return [await engine(batches, params), handRing(batches, params)];
  },

  async measure(params, label) {
    const implementations = await this.create(params);
    // Fill the window first: steady state starts once `window` batches are in it.
    const samples = await runRounds(
      implementations,
      rounds({ warmup: params.window + 5, measured: params.measured }),
    );
    await closeAll(implementations);
    const measurements = medians(samples, [ENGINE, HAND], 'ms/batch', (ms) => ms);
    const ms = (name: string): number => valueOf(measurements, name);
    return {
      workload: this.title,
      case: label,
      measurements,
      ratios: [{ name: 'dstream-ts / hand ring (time)', value: ms(ENGINE) / ms(HAND) }],
    };
  },
};
