/**
 * Lesson 000 (Structured Streaming II), cases 6 and 7, "Bolsa": stock exchange events in JSON
 * files, summed into 15-minute windows of their event time (`CreatedTime`): purchases (`BUY`) as
 * `Compras`, sales (`SELL`) as `Ventas`; then, with a 30-minute watermark, the closed windows are
 * appended to files, and a batch job over those files adds running totals and the net `Neto`.
 *
 * Run it: `npm run lesson -- bolsa-windows [directory]` (default: a temporary directory, removed
 * at the end; `entrada` and `salida` are made in it). The example drops the lesson's files into
 * `entrada`, one per one-second batch, as `maxFilesPerTrigger = 1` reads them: `bolsa1.json` (the
 * seven events), `bolsa2.json` (an event at 12:50, which moves the watermark past the morning's
 * windows) and `bolsa3.json` (a late sale at 10:10, older than the watermark). Two runs:
 * 1. case 6, complete mode: after each batch, every window so far with its sums;
 * 2. case 7, watermark and append mode: each batch prints (and writes under `salida`) the windows
 *    the watermark closed; once the stream stops, the batch job prints the running totals.
 *
 * On DStreams a window of event time is not a window operator (those are windows of batches, see
 * `socket-word-count-windows`): it is a key, the window's start, and state. Each event is keyed by
 * `floor(CreatedTime, 15 min)`, each batch is summed per key with `reduceByKey`, and
 * `updateStateByKey` adds the sums to the window's totals across batches: Structured Streaming's
 * state store, kept by hand. The watermark is kept by hand too: after each batch the driver sets it
 * to the latest event time seen minus 30 minutes (Spark updates it after a batch as well, for the
 * next one); events of a window that ended before it are dropped as late, and a window that ends
 * before it is final: emitted once (append mode), then removed from the state. So the late sale of
 * `bolsa3.json` still lands in the 10:00 window in case 6 (complete mode keeps every window, as
 * Structured Streaming does without a watermark), while case 7 drops it.
 *
 * Where the lesson's printout differs from its code: its case 7 batch job orders the window
 * function by `end`, but prints running totals summed in another order (10:00, 10:15, 10:45, then
 * 10:30: the order its parquet files came back in):
 *
 * ```
 * window          the lesson prints             Spark, the lesson's code (and this example)
 *                 Compras  Ventas  Neto         Compras  Ventas  Neto
 * 10:00-10:15     800      0       800          800      0       800
 * 10:15-10:30     1600     400     1200         1600     400     1200
 * 10:30-10:45     1600     1100    500          2500     400     2100
 * 10:45-11:00     2500     1100    1400         2500     1100    1400
 * ```
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Minutes, Seconds, SparkContext, type DStream, type Pair } from 'dstream-ts';
import { feedFiles, type FeedFile } from './support/file-feeder.js';
import { lessonContext, runBatches, type ClockSource } from './support/lesson-clock.js';
import { showTable } from './support/show-table.js';

/** The lesson's files, dropped into `entrada` one per batch. */
export const BOLSA_FILES: readonly FeedFile[] = [
  {
    name: 'bolsa1.json',
    text: [
      '{"CreatedTime": "2022-05-09 10:05:00", "Type": "BUY", "Amount": 500, "BrokerCode": "AME"}',
      '{"CreatedTime": "2022-05-09 10:12:00", "Type": "BUY", "Amount": 300, "BrokerCode": "AME"}',
      '{"CreatedTime": "2022-05-09 10:20:00", "Type": "BUY", "Amount": 800, "BrokerCode": "AME"}',
      '{"CreatedTime": "2022-05-09 10:40:00", "Type": "BUY", "Amount": 900, "BrokerCode": "AME"}',
      '{"CreatedTime": "2022-05-09 10:25:00", "Type": "SELL", "Amount": 400, "BrokerCode": "AME"}',
      '{"CreatedTime": "2022-05-09 10:48:00", "Type": "SELL", "Amount": 600, "BrokerCode": "AME"}',
      '{"CreatedTime": "2022-05-09 10:50:00", "Type": "SELL", "Amount": 100, "BrokerCode": "AME"}',
      '',
    ].join('\n'),
  },
  {
    name: 'bolsa2.json',
    text: '{"CreatedTime": "2022-05-09 12:50:00", "Type": "BUY", "Amount": 150, "BrokerCode": "AME"}\n',
  },
  {
    name: 'bolsa3.json',
    text: '{"CreatedTime": "2022-05-09 10:10:00", "Type": "SELL", "Amount": 200, "BrokerCode": "AME"}\n',
  },
];

/** Batches each run takes: an empty first one, one per file, one to close what is left. */
const BATCHES = BOLSA_FILES.length + 2;
const WINDOW_MS = Minutes(15).milliseconds;
const WATERMARK_MS = Minutes(30).milliseconds;

/** An event with the lesson's `Compras` and `Ventas` columns; times are epoch ms (UTC). */
export interface Accion {
  readonly CreatedTime: number;
  readonly Type: string;
  readonly Amount: number;
  readonly BrokerCode: string;
  readonly Compras: number;
  readonly Ventas: number;
}

/** A window's sums, as the lesson's `salidaDF` shows them. */
export interface Ventana {
  readonly start: string;
  readonly end: string;
  readonly Compras: number;
  readonly Ventas: number;
}

/** `yyyy-MM-dd HH:mm:ss` as UTC epoch ms (the lesson's `to_timestamp`). */
const parseTime = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);
/** Epoch ms as `yyyy-MM-dd HH:mm:ss` (UTC). */
const formatTime = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** The lesson's `accionesDF`: parsed events with `Compras` and `Ventas`. */
export function acciones(rawDF: DStream<string>): DStream<Accion> {
  return rawDF.map((line): Accion => {
    const raw = JSON.parse(line) as {
      CreatedTime: string;
      Type: string;
      Amount: number;
      BrokerCode: string;
    };
    return {
      ...raw,
      CreatedTime: parseTime(raw.CreatedTime),
      Compras: raw.Type === 'BUY' ? raw.Amount : 0,
      Ventas: raw.Type === 'SELL' ? raw.Amount : 0,
    };
  });
}

/** The start of the 15-minute window holding event time `ms`. */
const windowStart = (ms: number): number => Math.floor(ms / WINDOW_MS) * WINDOW_MS;

/** `window(col("CreatedTime"), "15 minutes")`: each event keyed by its window's start, summed per batch. */
export function windowSums(accionesDF: DStream<Accion>): DStream<Pair<number, Totals>> {
  return accionesDF
    .map((accion): Pair<number, Totals> => {
      const start = windowStart(accion.CreatedTime);
      return [start, { start, Compras: accion.Compras, Ventas: accion.Ventas, final: false }];
    })
    .reduceByKey(add);
}

/** A window's totals in the state; `final` once the watermark has passed its end. */
export interface Totals {
  readonly start: number;
  readonly Compras: number;
  readonly Ventas: number;
  readonly final: boolean;
}

function add(a: Totals, b: Totals): Totals {
  return { ...a, Compras: a.Compras + b.Compras, Ventas: a.Ventas + b.Ventas };
}

/** A window's totals after a batch: its `state` so far (none for a new window) plus the batch's sums. */
function addBatches(batches: Totals[], state: Totals | undefined): Totals {
  return state === undefined ? batches.reduce(add) : batches.reduce(add, state);
}

function ventana({ start, Compras, Ventas }: Totals): Ventana {
  return { start: formatTime(start), end: formatTime(start + WINDOW_MS), Compras, Ventas };
}

/** Case 6, complete mode: every window so far, with its totals, in window order. */
export function completeMode(accionesDF: DStream<Accion>): DStream<Ventana> {
  return windowSums(accionesDF)
    .updateStateByKey(addBatches)
    .transform((rdd) => rdd.sortByKey(true, 1).map(([, totals]) => ventana(totals)));
}

/**
 * Case 7, watermark and append mode: the windows the watermark closed in each batch. `watermark()`
 * is read when a batch runs; late events (of a window that ended before it) are dropped.
 */
export function appendMode(accionesDF: DStream<Accion>, watermark: () => number): DStream<Ventana> {
  const onTime = accionesDF.filter(
    (accion) => windowStart(accion.CreatedTime) + WINDOW_MS > watermark(),
  );
  return windowSums(onTime)
    .updateStateByKey((batches: Totals[], state: Totals | undefined) => {
      // A window emitted as final in the previous batch leaves the state.
      if (state?.final === true) return undefined;
      const totals = addBatches(batches, state);
      return { ...totals, final: totals.start + WINDOW_MS <= watermark() };
    })
    .filter(([, totals]) => totals.final)
    .transform((rdd) => rdd.sortByKey(true, 1).map(([, totals]) => ventana(totals)));
}

/** Case 7's batch job: the windows written under `salida`, with running totals and `Neto`. */
export async function runningTotals(sc: SparkContext, salida: string): Promise<string> {
  const rows: Ventana[] = [];
  for (const name of (await readdir(salida)).sort()) {
    const text = await readFile(join(salida, name), 'utf8');
    for (const line of text.split('\n')) if (line !== '') rows.push(JSON.parse(line) as Ventana);
  }
  // Window.orderBy("end").rowsBetween(unboundedPreceding, currentRow): running sums by end.
  const ordered = sc
    .parallelize(rows)
    .sortBy((row) => row.end, true, 1)
    .collect();
  let compras = 0;
  let ventas = 0;
  const table = ordered.map((row) => {
    compras += row.Compras;
    ventas += row.Ventas;
    return [row.start, row.end, compras, ventas, compras - ventas];
  });
  return showTable(['start', 'end', 'Compras', 'Ventas', 'Neto'], table, { truncate: false });
}

/** Run case 6, then case 7 and its batch job, in `args[0]` (default: a temporary directory). */
export async function main(args: readonly string[] = [], clocks?: ClockSource): Promise<void> {
  const root = args[0] ?? (await mkdtemp(join(tmpdir(), 'lesson-bolsa-')));
  try {
    console.log('# Case 6: 15-minute windows, complete mode');
    await runCase(join(root, 'case6'), clocks, (accionesDF) => {
      completeMode(accionesDF).pprint();
    });

    console.log('# Case 7: watermark of 30 minutes, append mode');
    const salida = join(root, 'case7', 'salida');
    await mkdir(salida, { recursive: true });
    let latest = -Infinity;
    await runCase(join(root, 'case7'), clocks, (accionesDF) => {
      const closed = appendMode(accionesDF, () => latest - WATERMARK_MS);
      closed.pprint();
      closed.foreachRDD(async (rdd, time) => {
        const lines = rdd.collect().map((row) => `${JSON.stringify(row)}\n`);
        if (lines.length > 0)
          await writeFile(join(salida, `part-${time.milliseconds}.json`), lines.join(''));
      });
      // After the batch's outputs: the watermark the next batch uses.
      accionesDF.foreachRDD((rdd) => {
        for (const accion of rdd.collect()) latest = Math.max(latest, accion.CreatedTime);
      });
    });
    // The batch job: a new application reading what the stream wrote (the lesson's spark.read).
    console.log(await runningTotals(new SparkContext({ appName: 'Bolsa batch' }), salida));
  } finally {
    if (args[0] === undefined) await rm(root, { recursive: true, force: true });
  }
}

/** One run: a context whose `entrada` gets the lesson's files, for every batch. */
async function runCase(
  dir: string,
  clocks: ClockSource,
  build: (accionesDF: DStream<Accion>) => void,
): Promise<void> {
  const entrada = join(dir, 'entrada');
  await mkdir(entrada, { recursive: true });
  const ssc = lessonContext(Seconds(1), clocks);
  ssc.checkpoint(join(dir, 'chk-point-dir'));
  build(acciones(ssc.textFileStream(entrada)));
  feedFiles(ssc, entrada, BOLSA_FILES);
  await runBatches(ssc, BATCHES);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
