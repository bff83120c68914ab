/**
 * Lesson 001 (introduction to Spark Streaming), the rate source: rows `{timestamp, value}` made
 * at `rowsPerSecond` (values 0, 1, 2, ...), shown as they come, then counted by `value % 10`.
 *
 * Run it: `npm run lesson -- rate-source [--batches n]` (default 6 two-second batches).
 *
 * The lesson is Structured Streaming: `spark.readStream.format("rate").option("rowsPerSecond", 1)`,
 * `display(lineasDF)`, then `withColumn("resto", col("value") % 10).groupBy("resto").count()`.
 * Spark's DStream API has no rate source; `ssc.rateStream({ rowsPerSecond })` is Structured
 * Streaming's, with the same rows (row v is stamped zeroTime + (v + 1) s at one row per second).
 * `display` of an aggregation is a running count over everything seen so far (complete mode); a
 * DStream's `reduceByKey` would count each batch alone, so the running count is the state of
 * `updateStateByKey`, printed sorted by `resto`. Rows print as dicts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Seconds, type DStream, type Pair, type RateRow } from 'dstream-ts';
import { lessonContext, runBatches, type ClockSource } from './support/lesson-clock.js';

/** A rate row with the lesson's extra column. */
export interface RestoRow extends RateRow {
  readonly resto: number;
}

/** The lesson's `groupBy("resto").count()` in complete mode: the count of each `resto` so far. */
export function cantidad(restoDF: DStream<RestoRow>): DStream<Pair<number, number>> {
  return restoDF
    .map((row): Pair<number, number> => [row.resto, 1])
    .updateStateByKey((counts: number[], total: number | undefined) =>
      counts.reduce((a, b) => a + b, total ?? 0),
    )
    .transform((rdd) => rdd.sortByKey(true, 1));
}

/** Run the lesson for `--batches` two-second batches. */
export async function main(args: readonly string[] = [], clocks?: ClockSource): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: { batches: { type: 'string', default: '6' } },
  });
  const checkpointDirectory = await mkdtemp(join(tmpdir(), 'lesson-rate-'));
  try {
    const ssc = lessonContext(Seconds(2), clocks);
    ssc.checkpoint(checkpointDirectory);
    const lineasDF = ssc.rateStream({ rowsPerSecond: 1 });
    lineasDF.pprint();
    const restoDF = lineasDF.map((row): RestoRow => ({ ...row, resto: row.value % 10 }));
    const cantidadDF = cantidad(restoDF);
    cantidadDF.pprint();
    await runBatches(ssc, Number(values.batches));
  } finally {
    await rm(checkpointDirectory, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
