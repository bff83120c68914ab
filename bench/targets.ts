/** The issue's performance targets, checked against one run's results. */
import type { CaseResult } from './workload.js';

/** A case's result with the id the runner ran it under. */
export type RunResult = CaseResult & { readonly id: string };

export interface TargetCheck {
  readonly target: string;
  /** The measured figure, as text; `undefined` when the cases it needs did not run. */
  readonly measured: string | undefined;
  readonly met: boolean | undefined;
}

function ratio(results: readonly RunResult[], id: string, name: string): number | undefined {
  return results.find((r) => r.id === id)?.ratios.find((r) => r.name === name)?.value;
}

function value(
  results: readonly RunResult[],
  id: string,
  implementation: string,
  unit: string,
): number | undefined {
  return results
    .find((r) => r.id === id)
    ?.measurements.find((m) => m.implementation === implementation && m.unit === unit)?.value;
}

function atLeast(target: string, figures: (number | undefined)[], limit: number): TargetCheck {
  return check(target, figures, (x) => x >= limit, 'x');
}

function atMost(target: string, figures: (number | undefined)[], limit: number, unit: string) {
  return check(target, figures, (x) => x <= limit, unit);
}

function check(
  target: string,
  figures: (number | undefined)[],
  holds: (x: number) => boolean,
  unit: string,
): TargetCheck {
  const known = figures.filter((x): x is number => x !== undefined && Number.isFinite(x));
  if (known.length === 0) return { target, measured: undefined, met: undefined };
  const digits = unit === 'x' ? 2 : 1;
  const measured = known.map((x) => `${x.toFixed(digits)}${unit === 'x' ? '×' : ` ${unit}`}`);
  return {
    target,
    measured: measured.join(', '),
    met: known.every(holds) && known.length === figures.length,
  };
}

function growth(
  results: readonly RunResult[],
  small: string,
  large: string,
  impl: string,
  unit: string,
) {
  const from = value(results, small, impl, unit);
  const to = value(results, large, impl, unit);
  return from === undefined || to === undefined ? undefined : to / from;
}

export function checkTargets(results: readonly RunResult[]): TargetCheck[] {
  const wordCases = ['word-count-1e5', 'word-count-1e6'];
  return [
    atLeast(
      'word count ≥ 0.7× hand loop',
      wordCases.map((id) => ratio(results, id, 'dstream-ts / hand loop')),
      0.7,
    ),
    atLeast(
      'word count ≥ 2× RxJS',
      wordCases.map((id) => ratio(results, id, 'dstream-ts / RxJS')),
      2,
    ),
    atLeast(
      'map/filter chain ≥ 0.8× plain loop',
      [ratio(results, 'map-filter-chain-1e6', 'dstream-ts / plain loop')],
      0.8,
    ),
    atMost(
      'per-batch overhead ≤ 50 µs (5 operators)',
      ['batch-overhead-empty', 'batch-overhead-10'].map((id) =>
        value(results, id, 'dstream-ts', 'µs/batch'),
      ),
      50,
      'µs',
    ),
    check(
      'inverse window: window 1000 ≤ 1.2× window 10 per batch',
      [growth(results, 'window-inverse-10', 'window-inverse-1000', 'dstream-ts', 'ms/batch')],
      (x) => x <= 1.2,
      'x',
    ),
    check(
      'mapWithState: 1e7 keys ≤ 1.5× 1e5 keys per batch',
      [growth(results, 'mapWithState-1e5', 'mapWithState-1e7', 'dstream-ts', 'ms/batch')],
      (x) => x <= 1.5,
      'x',
    ),
    atMost(
      'mapWithState ≤ 120 bytes/key at 1e7 keys',
      [value(results, 'mapWithState-1e7', 'dstream-ts', 'bytes/key')],
      120,
      'B',
    ),
    check(
      'mapWithState keeps working beyond 2^24 keys in one partition (2e7 keys)',
      [value(results, 'mapWithState-2e7-one-partition', 'dstream-ts', 'ms/batch')],
      (x) => Number.isFinite(x),
      'ms/batch',
    ),
    atLeast(
      'Kafka direct stream ≥ 0.9× bare kafkajs',
      [ratio(results, 'kafka-4x100k', 'direct stream / bare kafkajs')],
      0.9,
    ),
  ];
}
