/**
 * Lesson 003 (the DStream lecture), "DStream — desde una cola": a `queueStream` of visits
 * `(date, channel, visits)`, one array per one-second micro-batch, and the visits of each batch
 * summed per channel.
 *
 * Run it: `npm run lesson -- visits-queue-stream`
 *
 * The lecture builds the queue and stops there; the sum per channel (`map` to `(channel, visits)`,
 * `reduceByKey`) is the step its later slides take. It also calls `ssc.checkpoint(...)`: a
 * stateless sum needs no checkpoint, and Spark cannot checkpoint a queue stream (it warns), so this
 * port leaves it out. Keys print in the order of Spark's hash partitions (Scala's `hashCode`, 2
 * partitions), as every lesson here does.
 *
 * It prints, one block per second (times are the batches'):
 *
 * ```
 * -------------------------------------------
 * Time: 2021-11-14 10:00:54
 * -------------------------------------------
 * ('Web', 4)
 * ('Store', 2)
 *
 * -------------------------------------------
 * Time: 2021-11-14 10:00:55
 * -------------------------------------------
 * ('Instagram', 2)
 * ('Web', 9)
 * ('Store', 4)
 *
 * -------------------------------------------
 * Time: 2021-11-14 10:00:56
 * -------------------------------------------
 * ('Store', 10)
 *
 * -------------------------------------------
 * Time: 2021-11-14 10:00:57
 * -------------------------------------------
 * ('Store', 10)
 * ```
 */
import { fileURLToPath } from 'node:url';
import { Seconds, type DStream, type Pair } from 'dstream-ts';
import { lessonContext, noOptions, runBatches, type ClockSource } from './support/lesson-clock.js';

/** A visit record: date as `yyyymmdd`, channel, number of visits. */
export type DateVisit = readonly [date: number, channel: string, visits: number];

/** The lecture's queue: four micro-batches. */
export const DATE_VISITS: DateVisit[][] = [
  [
    [20190101, 'Web', 1],
    [20190102, 'Web', 3],
    [20190102, 'Store', 2],
  ],
  [
    [20190101, 'Store', 1],
    [20190102, 'Store', 3],
    [20190102, 'Instagram', 2],
    [20190202, 'Web', 2],
    [20190103, 'Web', 7],
  ],
  [
    [20190202, 'Store', 2],
    [20190103, 'Store', 8],
  ],
  [
    [20190402, 'Store', 2],
    [20190403, 'Store', 8],
  ],
];

/** The visits of each batch, summed per channel. */
export function visitsPerChannel(dateVistis: DStream<DateVisit>): DStream<Pair<string, number>> {
  return dateVistis
    .map(([, channel, visits]): Pair<string, number> => [channel, visits])
    .reduceByKey((x, y) => x + y);
}

/** Run the lesson: one batch per queued array. */
export async function main(args: readonly string[] = [], clocks?: ClockSource): Promise<void> {
  noOptions(args);
  const ssc = lessonContext(Seconds(1), clocks);
  const dateVistis = ssc.queueStream([...DATE_VISITS]);
  visitsPerChannel(dateVistis).pprint();
  await runBatches(ssc, DATE_VISITS.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
