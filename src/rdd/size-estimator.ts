/**
 * Port of the idea of Spark's SizeEstimator (core/.../util/SizeEstimator.scala): the memory a
 * cached partition takes, estimated from its values' shapes, for `toDebugString`'s `MemorySize`.
 * JavaScript exposes no object sizes, so each kind of value is counted at its usual size in V8 on a
 * 64-bit machine (8-byte slots, object headers, one or two bytes per string character); objects
 * reached twice count once; arrays longer than 400 elements are sampled at 100 evenly spaced
 * elements and scaled, as Spark samples large arrays (evenly here, so the figure is repeatable).
 */

const SLOT = 8;
const HEADER = 16;
const SAMPLE_ABOVE = 400;
const SAMPLES = 100;

/** Estimate the bytes `values` take: the array itself and everything it reaches. */
export function estimateSize(values: readonly unknown[]): number {
  return arraySize(values, new Set<object>());
}

function arraySize(array: readonly unknown[], seen: Set<object>): number {
  const slots = HEADER * 2 + SLOT * array.length;
  if (array.length <= SAMPLE_ABOVE) {
    let total = slots;
    for (let i = 0; i < array.length; i++) total += valueSize(array[i], seen);
    return total;
  }
  let sampled = 0;
  for (let s = 0; s < SAMPLES; s++) {
    sampled += valueSize(array[Math.floor((s * array.length) / SAMPLES)], seen);
  }
  return slots + Math.round((sampled * array.length) / SAMPLES);
}

/** The bytes of `value` beyond the slot that holds it. */
function valueSize(value: unknown, seen: Set<object>): number {
  switch (typeof value) {
    case 'string':
      // A sequential string: header, then one byte per character, or two when any is not Latin-1.
      // eslint-disable-next-line no-control-regex -- Latin-1 is exactly \u0000-\u00ff
      return HEADER + value.length * (/[^\u0000-\u00ff]/.test(value) ? 2 : 1);
    case 'number':
      // Small integers live in the slot; other numbers are boxed.
      return Number.isInteger(value) && Math.abs(value) < 2 ** 30 ? 0 : HEADER;
    case 'bigint':
      return HEADER + SLOT;
    case 'object':
      break;
    case 'boolean':
    case 'undefined':
    case 'symbol':
    case 'function':
      return 0;
  }
  if (value === null || seen.has(value)) return 0;
  seen.add(value);
  if (Array.isArray(value)) return arraySize(value, seen);
  if (value instanceof Date) return HEADER * 2;
  if (value instanceof Map || value instanceof Set) {
    let total = HEADER * 4 + SLOT * 3 * value.size;
    for (const [k, v] of value.entries()) total += valueSize(k, seen) + valueSize(v, seen);
    return total;
  }
  if (ArrayBuffer.isView(value)) return HEADER * 4 + value.byteLength;
  let total = HEADER + SLOT;
  for (const key of Object.keys(value)) {
    total += SLOT + valueSize((value as Record<string, unknown>)[key], seen);
  }
  return total;
}

/** Spark's `Utils.bytesToString`: `"0.0 B"`, `"1536.0 B"`, `"2.0 KiB"`, `"3.5 MiB"`, ... */
export function bytesToString(bytes: number): string {
  const units = ['EiB', 'PiB', 'TiB', 'GiB', 'MiB', 'KiB'];
  for (let i = 0; i < units.length; i++) {
    const unit = 2 ** (10 * (units.length - i));
    if (bytes >= 2 * unit) return `${(bytes / unit).toFixed(1)} ${units[i] ?? ''}`;
  }
  return `${bytes.toFixed(1)} B`;
}
