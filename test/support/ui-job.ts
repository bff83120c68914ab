/**
 * The job the live view's tests watch, in virtual time: a rate source of 3 rows per second, three
 * outputs (a count by value that fails at 3000 ms, a 2-second window, running totals in state).
 * Each output calls `spend(ms)`, which the tests make move a fake wall clock, so that every delay
 * the view shows is exact: a batch takes 40 + 5 + 2 = 47 ms and is scheduled at once. Also the
 * context the view's tests run their jobs on ({@link newUIContext}).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger, RDD, Time } from '../../src/index.js';
import { ManualClock, Seconds, StreamingContext } from '../../src/index.js';
import { callSites } from './call-sites.js';

/** The fake wall clock's start: 2026-11-22 10:00:00 UTC. */
export const WALL_START = Date.UTC(2026, 10, 22, 10, 0, 0);
/** The wall-clock time each batch takes. */
export const BATCH_MS = 47;
/** The batch whose first output fails. */
export const FAILING_BATCH = 3000;

/** `"<operation> at ui-job.ts:<line>"` of the marked lines below. */
export const jobSites = callSites(import.meta.url);

const total = (values: number[], sum: number | undefined): number =>
  values.reduce((a, b) => a + b, sum ?? 0);

/** Build the job on `ssc` (which needs a checkpoint directory: it keeps state). */
export function buildUIJob(ssc: StreamingContext, spend: (ms: number) => void): void {
  const countOf = (rdd: RDD<unknown>, time: Time): void => {
    spend(40);
    if (time.milliseconds === FAILING_BATCH) throw new Error(`boom at ${time}`);
    rdd.count();
  };
  const countWindow = (rdd: RDD<unknown>): void => {
    spend(5);
    rdd.count();
  };
  const countTotals = (rdd: RDD<unknown>): void => {
    spend(2);
    rdd.count();
  };
  const rows = ssc.rateStream({ rowsPerSecond: 3, numPartitions: 1 }); // @job-rate
  const values = rows.map((row) => String(row.value % 5)); // @job-values
  values.countByValue().foreachRDD(countOf); // @job-counts
  values.window(Seconds(2), Seconds(1)).foreachRDD(countWindow); // @job-window
  const totals = values.mapToPair((v) => [v, 1]).updateStateByKey(total); // @job-totals
  totals.name('totals').foreachRDD(countTotals); // @job-totals-output
}

const SILENT: Logger = { warn: () => undefined, error: () => undefined };

/** A context of the view's tests, and how to end it. */
export interface UITestContext {
  readonly ssc: StreamingContext;
  /** Stop the context and remove its checkpoint directory. */
  readonly dispose: () => Promise<void>;
}

/**
 * A context for the view's tests: one-second batches on a ManualClock, checkpointing to a fresh
 * temporary directory (the jobs keep state), quiet unless `logger` is given.
 */
export async function newUIContext(appName: string, logger = SILENT): Promise<UITestContext> {
  const dir = await mkdtemp(join(tmpdir(), 'ui-test-'));
  const ssc = new StreamingContext({
    batchDuration: Seconds(1),
    clock: new ManualClock(),
    appName,
    logger,
  });
  ssc.checkpoint(dir);
  return {
    ssc,
    dispose: async () => {
      await ssc.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
