/** What every benchmark workload provides to the runner (full size) and to the test (tiny size). */
import {
  median,
  relativeSpread,
  type Implementation,
  type Rounds,
  type Samples,
} from './harness.js';

/** One row of the results table: one implementation's figure for one case. */
export interface Measurement {
  readonly implementation: string;
  readonly value: number;
  /** e.g. `"M words/s"`, `"ms/batch"`, `"µs/batch"`, `"bytes/key"`. */
  readonly unit: string;
  /** Interquartile range / median of the samples behind the value (how noisy it was). */
  readonly spread?: number;
  readonly note?: string;
}

/** A ratio the issue sets a target for, as measured in this case. */
export interface Ratio {
  readonly name: string;
  readonly value: number;
}

/** Everything one case reports. */
export interface CaseResult {
  readonly workload: string;
  readonly case: string;
  readonly measurements: readonly Measurement[];
  readonly ratios: readonly Ratio[];
  readonly notes?: readonly string[];
}

/** One configuration of a workload, run in its own process. */
export interface BenchCase<P> {
  /** Stable id, used on the worker's command line and in results.json. */
  readonly id: string;
  readonly label: string;
  readonly params: P;
  /** Old-space heap for the worker process, in MiB (large state needs more). */
  readonly heapMb?: number;
}

export interface Workload<P> {
  readonly id: string;
  readonly title: string;
  readonly cases: readonly BenchCase<P>[];
  /** Parameters small enough for `npm test`. */
  readonly tiny: P;
  /** Build the implementations, each ready to run batches of the same data. */
  create(params: P): Promise<Implementation[]>;
  /** Run the full measurement of one case (implementations created inside). */
  measure(params: P, label: string): Promise<CaseResult>;
}

/** Batches per case, overridable for quick runs (`BENCH_QUICK=1`). */
export function rounds(full: Rounds): Rounds {
  if (process.env['BENCH_QUICK'] === '1') {
    return { warmup: Math.min(full.warmup, 2), measured: Math.min(full.measured, 3) };
  }
  return full;
}

/** Close every implementation, even when one close fails. */
export async function closeAll(implementations: readonly Implementation[]): Promise<void> {
  for (const impl of implementations) await impl.close?.();
}

/**
 * One measurement per implementation: the median of its batch times turned into `unit` by
 * `fromMs` (e.g. records per second), with the samples' spread.
 */
export function medians(
  samples: Samples,
  names: readonly string[],
  unit: string,
  fromMs: (ms: number) => number,
): Measurement[] {
  return names.map((name) => {
    const values = samplesOf(samples, name);
    return {
      implementation: name,
      value: fromMs(median(values)),
      unit,
      spread: relativeSpread(values),
    };
  });
}

/** The value `implementation` measured (NaN when it has no measurement). */
export function valueOf(measurements: readonly Measurement[], implementation: string): number {
  return measurements.find((m) => m.implementation === implementation)?.value ?? Number.NaN;
}

/** The samples of `name`, which the runner always records. */
export function samplesOf(samples: Samples, name: string): number[] {
  const values = samples[name];
  if (values === undefined) throw new Error(`no samples for ${name}`);
  return values;
}
