/**
 * The timing harness: hand-rolled with `process.hrtime.bigint`, because a micro-batch engine is
 * timed per batch (one sample = one batch through one implementation), and the implementations of
 * a workload take turns batch by batch so that the noise of a shared machine hits them alike.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** One implementation of a workload: the engine, or a baseline computing the same thing. */
export interface Implementation {
  /** Shown in the table, e.g. `"dstream-ts"`, `"hand loop"`, `"RxJS bufferTime"`. */
  readonly name: string;
  /** Run one batch (the engine: one batch interval of virtual time). */
  batch(): void | Promise<void>;
  /** What the last batch computed, in a form that compares equal across implementations. */
  output(): unknown;
  /**
   * The milliseconds of the last batch's measured part, when a batch also sets up or tears down
   * something that is not measured (the Kafka clients' disconnect); otherwise the whole batch is.
   */
  measuredMs?(): number;
  close?(): void | Promise<void>;
}

/** How many batches to run unmeasured first, and how many to measure. */
export interface Rounds {
  readonly warmup: number;
  readonly measured: number;
}

/** Milliseconds taken by each measured batch, per implementation name. */
export type Samples = Record<string, number[]>;

/** Return the milliseconds `fn` took. */
export async function timeMs(fn: () => void | Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Run `rounds.warmup` then `rounds.measured` batches of every implementation, taking turns batch
 * by batch, and return the measured batch times.
 *
 * GC is not forced between batches: garbage is collected when V8 decides, as in a real run. (A
 * forced full GC before every batch also throws away optimised code that embedded the previous
 * batch's objects, which measures an artificial worst case.) One full GC separates the warm-up
 * from the measured batches.
 */
export async function runRounds(
  implementations: readonly Implementation[],
  rounds: Rounds,
): Promise<Samples> {
  const samples: Samples = {};
  for (const impl of implementations) samples[impl.name] = [];
  let profiler: Session | undefined;
  for (let round = 0; round < rounds.warmup + rounds.measured; round++) {
    const measured = round >= rounds.warmup;
    if (round === rounds.warmup) {
      collectGarbage();
      profiler = await startProfiler();
    }
    for (const impl of implementations) {
      const ms = await timeMs(() => impl.batch());
      if (measured) (samples[impl.name] as number[]).push(impl.measuredMs?.() ?? ms);
    }
    // Let timers and I/O callbacks that batches left behind run outside the measured time.
    if (round % 100 === 0) await sleep(0);
  }
  if (profiler !== undefined) await stopProfiler(profiler);
  return samples;
}

/**
 * With `BENCH_PROFILE_DIR` set, profile the measured batches only (not the set-up and warm-up
 * that `node --cpu-prof` would include), as a `.cpuprofile` file in that directory.
 */
async function startProfiler(): Promise<Session | undefined> {
  if (process.env['BENCH_PROFILE_DIR'] === undefined) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  // 100 µs between samples (V8's default is 1 ms): batches of a few milliseconds need finer ones.
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return session;
}

async function stopProfiler(session: Session): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const dir = process.env['BENCH_PROFILE_DIR'] ?? '.';
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${process.argv[2] ?? 'bench'}-${Date.now()}.cpuprofile`);
  await writeFile(file, JSON.stringify(profile));
}

/** Run a full GC when the process was started with `--expose-gc`. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

/** Return the median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Return the `q` quantile of `values`, interpolating linearly between neighbours. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  return low + ((sorted[upper] as number) - low) * (position - lower);
}

/** The spread of `values` as the interquartile range relative to the median (noise indicator). */
export function relativeSpread(values: readonly number[]): number {
  return (quantile(values, 0.75) - quantile(values, 0.25)) / median(values);
}
