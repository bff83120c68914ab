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

/** One batch as both sides have it (a side without it: `undefined`). */
interface Row {
  readonly label: string;
  readonly actual: readonly unknown[] | undefined;
  readonly expected: readonly unknown[] | undefined;
}

/**
 * Return a report of how `actual` differs from `expected`, batch by batch, or `undefined` when
 * they are equal. Records compare by value; `ordered: false` compares each batch as a multiset.
 * When both sides carry batch times, batches are matched by time (an output at a wrong time shows
 * as unexpected there and missing where it belonged); otherwise by position.
 */
export function diffBatches(
  actual: ComparableBatches,
  expected: ComparableBatches,
  ordered: boolean,
): string | undefined {
  const actualTimes = timesOf(actual);
  const expectedTimes = timesOf(expected);
  const rows =
    actualTimes !== undefined && expectedTimes !== undefined
      ? byTime(actual, actualTimes, expected, expectedTimes)
      : byIndex(actual, expected);
  const differing: string[] = [];
  for (const row of rows) {
    const report = diffRow(row, ordered);
    if (report !== undefined) differing.push(report);
  }
  if (differing.length === 0) return undefined;
  const lines = differing.slice(0, MAX_REPORTED);
  if (differing.length > MAX_REPORTED) {
    lines.push(`  ... and ${differing.length - MAX_REPORTED} more differing batches`);
  }
  const how = ordered ? 'records in order' : 'each batch as a multiset of records';
  const counts =
    actual.batches.length === expected.batches.length
      ? ''
      : ` (expected ${expected.batches.length} output batches, got ${actual.batches.length})`;
  return [
    `${differing.length} of ${rows.length} batches differ${counts}, comparing ${how}:`,
    ...lines,
  ].join('\n');
}

/** The side's batch times, when it has one for every batch. */
function timesOf(side: ComparableBatches): Time[] | undefined {
  const times: Time[] = [];
  for (const time of side.times) {
    if (time === undefined) return undefined;
    times.push(time);
  }
  return times;
}

function byTime(
  actual: ComparableBatches,
  actualTimes: readonly Time[],
  expected: ComparableBatches,
  expectedTimes: readonly Time[],
): Row[] {
  const at = (side: ComparableBatches, times: readonly Time[], ms: number) => {
    const index = times.findIndex((time) => time.milliseconds === ms);
    return index < 0 ? undefined : side.batches[index];
  };
  const all = [...actualTimes, ...expectedTimes].map((time) => time.milliseconds);
  return [...new Set(all)]
    .sort((a, b) => a - b)
    .map((ms) => ({
      label: `batch at ${ms} ms`,
      actual: at(actual, actualTimes, ms),
      expected: at(expected, expectedTimes, ms),
    }));
}

function byIndex(actual: ComparableBatches, expected: ComparableBatches): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < Math.max(actual.batches.length, expected.batches.length); i++) {
    const time = actual.times[i] ?? expected.times[i];
    rows.push({
      label: time === undefined ? `output batch ${i + 1}` : `output batch ${i + 1} (at ${time})`,
      actual: actual.batches[i],
      expected: expected.batches[i],
    });
  }
  return rows;
}

function diffRow(row: Row, ordered: boolean): string | undefined {
  if (row.actual === undefined)
    return `  ${row.label}: missing (no output there): ${render(row.expected)}`;
  if (row.expected === undefined)
    return `  ${row.label}: unexpected (no output expected): ${render(row.actual)}`;
  const report = diffBatch(row.actual, row.expected, ordered);
  return report === undefined ? undefined : `  ${row.label}:\n${report}`;
}

function diffBatch(
  actual: readonly unknown[],
  expected: readonly unknown[],
  ordered: boolean,
): string | undefined {
  const actualTexts = actual.map(canonical);
  const expectedTexts = expected.map(canonical);
  const { missing, unexpected } = multisetDifference(actual, actualTexts, expected, expectedTexts);
  // Equal multisets have equal lengths, so in order they differ only by a record's position.
  const sameRecords = missing.length === 0 && unexpected.length === 0;
  if (sameRecords && !(ordered && actualTexts.some((text, i) => text !== expectedTexts[i]))) {
    return undefined;
  }
  const lines = [`    expected:   ${render(expected)}`, `    actual:     ${render(actual)}`];
  if (missing.length > 0) lines.push(`    missing:    ${missing.map(render).join(', ')}`);
  if (unexpected.length > 0) lines.push(`    unexpected: ${unexpected.map(render).join(', ')}`);
  if (sameRecords) lines.push('    (the same records in another order)');
  return lines.join('\n');
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
