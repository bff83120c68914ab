/**
 * Lesson 003 (the DStream lecture), "DStream-acciones": the output operations of a DStream, on
 * the visits per channel of `visits-queue-stream`:
 * - `pprint(2)`: the first 2 records of every batch and `...` when there are more;
 * - `saveAsTextFiles(prefix, suffix)`: every batch as a directory `prefix-TIME_IN_MS.suffix`
 *   holding one `part-NNNNN` file per partition (and `_SUCCESS`);
 * - `foreachRDD`: any code, run on the driver for every batch: here it writes the batch as a JSON
 *   file `visits-TIME_IN_MS.json`, a file per batch the student can open.
 *
 * Run it: `npm run lesson -- dstream-actions [output directory]` (default
 * `dstream-actions-output`); it lists the files it wrote at the end.
 *
 * The lecture also names `saveAsHadoopFiles`, which writes through a Hadoop OutputFormat; there is
 * no Hadoop here, so `saveAsTextFiles` is the file output.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Seconds } from 'dstream-ts';
import { lessonContext, runBatches, type ClockSource } from './support/lesson-clock.js';
import { DATE_VISITS, visitsPerChannel } from './visits-queue-stream.js';

/** Every file under `dir`, relative to it, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Run the lesson, writing its files under `args[0]` (default `dstream-actions-output`). */
export async function main(args: readonly string[] = [], clocks?: ClockSource): Promise<void> {
  const out = args[0] ?? 'dstream-actions-output';
  await mkdir(out, { recursive: true });
  const ssc = lessonContext(Seconds(1), clocks);
  const visits = visitsPerChannel(ssc.queueStream([...DATE_VISITS]));

  visits.pprint(2);
  visits.saveAsTextFiles(join(out, 'visits'), 'txt');
  visits.foreachRDD(async (rdd, time) => {
    const records = Object.fromEntries(rdd.collect());
    await writeFile(join(out, `visits-${time.milliseconds}.json`), `${JSON.stringify(records)}\n`);
  });

  await runBatches(ssc, DATE_VISITS.length);
  console.log(`Files in ${out}:`);
  for (const file of await listFiles(out)) console.log(`  ${file}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
