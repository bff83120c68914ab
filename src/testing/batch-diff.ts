/** Comparing output batches, with a readable per-batch report of what differs. */
import { Time } from '../time/time.js';
import { canonical, render } from './record-text.js';

/** Output batches as the kit compares them: records per batch, and each batch's time if known. */
export interface ComparableBatches {
  readonly batches: readonly (readonly unknown[])[];
  readonly times: readonly (Time | undefined)[];
}

/** At most this many differing batches are described; the rest are counted. */
const MAX_REPORTED = 8;

/**
 * Read `value` as output batches: a `StreamRun`, an array of `{ time, output }`, or an array of
 * record arrays (runBatches' result). Returns undefined for anything else.
 */
export function toComparable(value: unknown): ComparableBatches | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const batches = (value as { batches?: unknown }).batches;
    return Array.isArray(batches) ? toComparable(batches) : undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const records: (readonly unknown[])[] = [];
  const times: (Time | undefined)[] = [];
  for (const batch of value as unknown[]) {
    if (Array.isArray(batch)) {
      records.push(batch);
      times.push(undefined);
    } else if (isBatchOutput(batch)) {
      records.push(batch.output);
      times.push(batch.time);
    } else {
      return undefined;
    }
  }
  return { batches: records, times };
}

function isBatchOutput(value: unknown): value is { time: Time; output: readonly unknown[] } {
  if (typeof value !== 'object' || value === null) return false;
  const { time, output } = value as { time?: unknown; output?: unknown };
  return time instanceof Time && Array.isArray(output);
}

/**
 * Return a report of how `actual` differs from `expected`, batch by batch, or `undefined` when
 * they are equal. Records compare by value; `ordered: false` compares each batch as a multiset.
 */
export function diffBatches(
  actual: ComparableBatches,
  expected: ComparableBatches,
  ordered: boolean,
): string | undefined {
  const differing: string[] = [];
  const common = Math.min(actual.batches.length, expected.batches.length);
  for (let i = 0; i < common; i++) {
    const report = diffBatch(
      actual.batches[i] ?? [],
      expected.batches[i] ?? [],
      actual.times[i],
      expected.times[i],
      ordered,
    );
    if (report !== undefined)
      differing.push(`  ${batchLabel(i, actual.times[i] ?? expected.times[i])}:\n${report}`);
  }
  const lines: string[] = differing.slice(0, MAX_REPORTED);
  if (differing.length > MAX_REPORTED) {
    lines.push(`  ... and ${differing.length - MAX_REPORTED} more differing batches`);
  }
  lines.push(...countReport(actual, expected));
  if (lines.length === 0) return undefined;
  const how = ordered ? 'records in order' : 'each batch as a multiset of records';
  const header =
    differing.length > 0
      ? `${differing.length} of ${common} output batches differ (${how}):`
      : `The output batches differ (${how}):`;
  return [header, ...lines].join('\n');
}

/** The lines for batches present on one side only. */
function countReport(actual: ComparableBatches, expected: ComparableBatches): string[] {
  const a = actual.batches.length;
  const e = expected.batches.length;
  if (a === e) return [];
  const lines = [`  expected ${e} output batches, got ${a}:`];
  const longer = a > e ? actual : expected;
  const word = a > e ? 'unexpected' : 'missing';
  const from = Math.min(a, e);
  for (let i = from; i < Math.min(longer.batches.length, from + MAX_REPORTED); i++) {
    lines.push(`    ${word} ${batchLabel(i, longer.times[i])}: ${render(longer.batches[i])}`);
  }
  if (longer.batches.length > from + MAX_REPORTED) {
    lines.push(`    ... and ${longer.batches.length - from - MAX_REPORTED} more`);
  }
  return lines;
}

function batchLabel(index: number, time: Time | undefined): string {
  return time === undefined ? `batch ${index + 1}` : `batch ${index + 1} (time ${time})`;
}

function diffBatch(
  actual: readonly unknown[],
  expected: readonly unknown[],
  actualTime: Time | undefined,
  expectedTime: Time | undefined,
  ordered: boolean,
): string | undefined {
  const lines: string[] = [];
  if (actualTime !== undefined && expectedTime !== undefined && !actualTime.equals(expectedTime)) {
    lines.push(`    time:       expected ${expectedTime}, actual ${actualTime}`);
  }
  const actualTexts = actual.map(canonical);
  const expectedTexts = expected.map(canonical);
  const { missing, unexpected } = multisetDifference(actual, actualTexts, expected, expectedTexts);
  const sameOrder = actualTexts.every((text, i) => text === expectedTexts[i]);
  const recordsDiffer =
    missing.length > 0 ||
    unexpected.length > 0 ||
    (ordered && (!sameOrder || actual.length !== expected.length));
  if (recordsDiffer) {
    lines.push(`    expected:   ${render(expected)}`, `    actual:     ${render(actual)}`);
    if (missing.length > 0) lines.push(`    missing:    ${missing.map(render).join(', ')}`);
    if (unexpected.length > 0) lines.push(`    unexpected: ${unexpected.map(render).join(', ')}`);
    if (missing.length === 0 && unexpected.length === 0) {
      lines.push('    (the same records in another order)');
    }
  }
  return lines.length === 0 ? undefined : lines.join('\n');
}

/** The records of `expected` not matched in `actual` and those of `actual` not in `expected`. */
function multisetDifference(
  actual: readonly unknown[],
  actualTexts: readonly string[],
  expected: readonly unknown[],
  expectedTexts: readonly string[],
): { missing: unknown[]; unexpected: unknown[] } {
  const counts = new Map<string, number>();
  for (const text of actualTexts) counts.set(text, (counts.get(text) ?? 0) + 1);
  const missing: unknown[] = [];
  expectedTexts.forEach((text, i) => {
    const n = counts.get(text) ?? 0;
    if (n > 0) counts.set(text, n - 1);
    else missing.push(expected[i]);
  });
  const unexpected: unknown[] = [];
  actualTexts.forEach((text, i) => {
    const n = counts.get(text) ?? 0;
    if (n > 0) {
      counts.set(text, n - 1);
      unexpected.push(actual[i]);
    }
  });
  return { missing, unexpected };
}
