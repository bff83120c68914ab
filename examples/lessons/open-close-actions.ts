/**
 * Lesson 004 (batch vs. streaming, the Open/Close exercise) on DStreams: JSON lines
 * `{"time": <epoch seconds>, "action": "Open" | "Close"}` arrive as files, one file per batch
 * (`maxFilesPerTrigger = 1`), and the job keeps the count of each action per minute, then the
 * exercise's statistics.
 *
 * Run it: `npm run lesson -- open-close-actions [directory]` (default: a temporary directory,
 * removed at the end). The exercise reads Databricks' `/databricks-datasets/structured-streaming/
 * events/` (50 files, 50,000 events over two days); the example writes files of the same shape,
 * three of 24 minutes each from 2016-07-26 04:00 UTC, made by a seeded generator
 * ({@link generateEvents}), with two bursts of `Open` at 04:07 and 04:50. Per batch it prints:
 * - 3(a) `select count(*) from counts`: how many (action, minute) counts the state holds;
 * - 2(a) on the stream: the count of each action per hour;
 * - 3(b) the minutes where `Open` and `Close` differ by more than 20, each once (the exercise's
 *   alert keeps `latest_already_shown`);
 * - 3(c) and 3(d): the moving average of each action's counts over the last 30 minutes of data,
 *   and the sample variance of all the counts (`variance(count)`).
 * After the stream, part 2(b), 2(d) and 2(e) on everything it saw: the total of each action, the
 * average of actions per minute in each hour, and the busiest hour.
 *
 * The exercise groups by `window(time, "1 minute")` in complete mode (a `memory` sink queried with
 * SQL); on DStreams the minute is a key and the counts are `updateStateByKey` state (see
 * `bolsa-windows` for why), and the SQL queries become RDD operations on the state of each batch
 * (`transform`, `foreachRDD`).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Minutes, Seconds, type DStream, type Pair } from 'dstream-ts';
import { feedFiles, type FeedFile } from './support/file-feeder.js';
import { lessonContext, runBatches, type ClockSource } from './support/lesson-clock.js';
import { showTable } from './support/show-table.js';

/** One event of the exercise's data. */
export interface Event {
  /** Epoch seconds, as in the dataset. */
  readonly time: number;
  readonly action: 'Open' | 'Close';
}

const MINUTE_MS = Minutes(1).milliseconds;
const HOUR_MS = Minutes(60).milliseconds;
const START_MS = Date.UTC(2016, 6, 26, 4, 0, 0);
const MINUTES_PER_FILE = 24;
const FILES = 3;
const BURSTS = new Set([7, 50]);

/**
 * The events of every minute of the three files: 5 to 14 of each action per minute (an LCG seeded
 * with 2016), 25 more `Open` in the burst minutes, spread over the minute in time order.
 */
export function generateEvents(): Event[][] {
  let seed = 2016;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed >>> 16) % n;
  };
  const files: Event[][] = [];
  for (let file = 0; file < FILES; file++) {
    const events: Event[] = [];
    for (let m = file * MINUTES_PER_FILE; m < (file + 1) * MINUTES_PER_FILE; m++) {
      const opens = 5 + next(10) + (BURSTS.has(m) ? 25 : 0);
      const closes = 5 + next(10);
      const actions = [
        ...Array<'Open'>(opens).fill('Open'),
        ...Array<'Close'>(closes).fill('Close'),
      ];
      actions.forEach((action, i) => {
        const second = Math.floor((i * 60) / actions.length);
        events.push({ time: (START_MS + m * MINUTE_MS) / 1000 + second, action });
      });
    }
    files.push(events.sort((a, b) => a.time - b.time));
  }
  return files;
}

/** The files, `file-0.json` ... (one JSON object per line, as the dataset's). */
export function eventFiles(): FeedFile[] {
  return generateEvents().map((events, i) => ({
    name: `file-${i}.json`,
    text: events.map((e) => `${JSON.stringify(e)}\n`).join(''),
  }));
}

/** `yyyy-MM-dd HH:mm` (UTC) of epoch ms. */
const minuteText = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** `[action, minute start]`: the exercise's `groupBy(action, window(time, "1 minute"))`. */
export type ActionMinute = readonly [action: string, minute: number];

/** The exercise's `streamingCountsDF` in complete mode: each (action, minute)'s count so far. */
export function streamingCounts(events: DStream<Event>): DStream<Pair<ActionMinute, number>> {
  return events
    .map((e): Pair<ActionMinute, number> => [
      [e.action, Math.floor((e.time * 1000) / MINUTE_MS) * MINUTE_MS],
      1,
    ])
    .reduceByKey((a, b) => a + b)
    .updateStateByKey((counts: number[], total: number | undefined) =>
      counts.reduce((a, b) => a + b, total ?? 0),
    );
}

/** 2(a) on the stream: each action's count per hour, as `(action, 'yyyy-MM-dd HH:00', count)`. */
export function hourlyCounts(
  counts: DStream<Pair<ActionMinute, number>>,
): DStream<readonly [string, string, number]> {
  return counts
    .map(([[action, minute], count]): Pair<ActionMinute, number> => [
      [action, Math.floor(minute / HOUR_MS) * HOUR_MS],
      count,
    ])
    .reduceByKey((a, b) => a + b)
    .transform((rdd) =>
      rdd
        .sortBy(([[action, hour]]) => [hour, action] as const, true, 1)
        .map(([[action, hour], count]) => [action, minuteText(hour), count] as const),
    );
}

/** 3(b): the minutes where Open and Close differ by more than 20, as `(minute, open, close)`. */
export function alerts(
  counts: DStream<Pair<ActionMinute, number>>,
): DStream<readonly [string, number, number]> {
  return counts
    .map(([[action, minute], count]): Pair<number, Pair<string, number>> => [
      minute,
      [action, count],
    ])
    .groupByKey()
    .flatMap(([minute, actions]) => {
      const open = actions.find(([a]) => a === 'Open')?.[1] ?? 0;
      const close = actions.find(([a]) => a === 'Close')?.[1] ?? 0;
      return Math.abs(open - close) > 20 ? [[minute, open, close] as const] : [];
    })
    .transform((rdd) =>
      rdd.sortBy(([minute]) => minute, true, 1).map(([m, o, c]) => [minuteText(m), o, c] as const),
    );
}

/** The sample variance (n − 1) of `values`, by Welford's online algorithm (the exercise's link). */
export function variance(values: readonly number[]): number {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const x of values) {
    n++;
    const delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
  }
  return n < 2 ? NaN : m2 / (n - 1);
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
const average = (values: readonly number[]): number =>
  values.reduce((a, b) => a + b, 0) / values.length;

/** 3(c) and 3(d) of one batch's counts: a line of text. */
export function movingStats(counts: readonly Pair<ActionMinute, number>[]): string {
  const latest = Math.max(...counts.map(([[, minute]]) => minute));
  const recent = (action: string): number[] =>
    counts
      .filter(([[a, minute]]) => a === action && minute > latest - 30 * MINUTE_MS)
      .map(([, count]) => count);
  return (
    `Moving average of the last 30 minutes: Open ${round(average(recent('Open')))}, ` +
    `Close ${round(average(recent('Close')))}; ` +
    `variance of the counts: ${round(variance(counts.map(([, count]) => count)))}`
  );
}

/** Part 2 on the final counts: totals per action, average per minute per hour, the busiest hour. */
export function batchStatistics(counts: readonly Pair<ActionMinute, number>[]): string {
  const totals = new Map<string, number>();
  for (const [[action], count] of counts) totals.set(action, (totals.get(action) ?? 0) + count);
  // 2(d): per hour, the average over its minutes of each minute's average over the actions.
  const minutes = new Map<number, number[]>();
  for (const [[, minute], count] of counts)
    minutes.set(minute, [...(minutes.get(minute) ?? []), count]);
  const hours = new Map<number, number[]>();
  for (const [minute, ofMinute] of minutes) {
    const hour = Math.floor(minute / HOUR_MS) * HOUR_MS;
    hours.set(hour, [...(hours.get(hour) ?? []), average(ofMinute)]);
  }
  const hourly = [...hours]
    .sort(([a], [b]) => a - b)
    .map(([hour, averages]): [number, number] => [hour, average(averages)]);
  const busiest = hourly.reduce((best, row) => (row[1] > best[1] ? row : best));
  return [
    showTable(
      ['action', 'total_count'],
      [...totals].sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
    showTable(
      ['window', 'average'],
      hourly.map(([hour, average]) => [
        `${minuteText(hour)}-${minuteText(hour + HOUR_MS).slice(11)}`,
        round(average),
      ]),
    ),
    `Busiest hour: ${minuteText(busiest[0])} (${round(busiest[1])} actions per minute on average)`,
  ].join('\n');
}

/** Run the lesson in `args[0]` (default: a temporary directory). */
export async function main(args: readonly string[] = [], clocks?: ClockSource): Promise<void> {
  const directory = args[0] ?? (await mkdtemp(join(tmpdir(), 'lesson-open-close-')));
  const inputPath = join(directory, 'events');
  await mkdir(inputPath, { recursive: true });
  try {
    const ssc = lessonContext(Seconds(1), clocks);
    ssc.checkpoint(join(directory, 'checkpoint'));
    const streamingInputDF = ssc.textFileStream(inputPath).map((line) => JSON.parse(line) as Event);
    const counts = streamingCounts(streamingInputDF);
    counts.count().pprint();
    hourlyCounts(counts).pprint();
    let latestShown = -Infinity;
    alerts(counts)
      .transform((rdd) => rdd.filter(([minute]) => Date.parse(`${minute}Z`) > latestShown))
      .foreachRDD((rdd) => {
        const shown = rdd.collect();
        if (shown.length === 0) return;
        const n = shown.length;
        console.log(
          `${n} new minute${n === 1 ? '' : 's'} where Open and Close differ by more than 20:`,
        );
        for (const [minute, open, close] of shown)
          console.log(`  ${minute}  Open ${open}  Close ${close}`);
        latestShown = Math.max(...shown.map(([minute]) => Date.parse(`${minute}Z`)));
      });
    let last: Pair<ActionMinute, number>[] = [];
    counts.foreachRDD((rdd) => {
      last = rdd.collect();
      if (last.length > 0) console.log(movingStats(last));
    });
    feedFiles(ssc, inputPath, eventFiles());
    await runBatches(ssc, FILES + 1);
    console.log(batchStatistics(last));
  } finally {
    if (args[0] === undefined) await rm(directory, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
