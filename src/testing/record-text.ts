/**
 * How the test kit compares and shows records: `canonical` is a text equal for records that are
 * equal by value (what `toEqual` means for plain data, with 0 and -0 one value as for Map keys),
 * `render` the short form shown in failure messages.
 */
import { inspect } from 'node:util';
import { encodeKey } from '../rdd/key-encoding.js';

/**
 * Return a text that is the same for records equal by value: primitives (SameValueZero), arrays
 * element by element, plain objects by their own enumerable keys in any order, Dates by time,
 * Maps and Sets by their entries in any order, class instances by class name and fields (or by
 * their `toString` when they have no enumerable fields, as `Time` and `Duration`).
 */
export function canonical(value: unknown): string {
  return encode(value, new Set());
}

function encode(value: unknown, path: Set<object>): string {
  if (typeof value === 'symbol') return `y${String(value)}`;
  if (typeof value === 'function') return `f${value.name}`;
  if (typeof value === 'object' && value !== null) return encodeObject(value, path);
  // Primitives as the engine's keys: strings quoted, 0 and -0 one value.
  return encodeKey(value);
}

function encodeObject(value: object, path: Set<object>): string {
  if (path.has(value)) return '<cycle>';
  path.add(value);
  try {
    if (value instanceof Date) return `d${value.getTime()}`;
    if (Array.isArray(value)) return `[${value.map((v: unknown) => encode(v, path)).join(',')}]`;
    if (value instanceof Map) {
      const entries = [...value].map(([k, v]) => `${encode(k, path)}=>${encode(v, path)}`);
      return `Map{${entries.sort().join(',')}}`;
    }
    if (value instanceof Set) {
      return `Set{${[...value]
        .map((v: unknown) => encode(v, path))
        .sort()
        .join(',')}}`;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    const prototype: unknown = Object.getPrototypeOf(value);
    const className =
      prototype === Object.prototype || prototype === null ? '' : constructorName(value);
    const toText = (value as { toString?: unknown }).toString;
    if (className !== '' && keys.length === 0 && typeof toText === 'function') {
      // Time, Duration and the like keep their value in private fields; their text shows it.
      if (toText !== Object.prototype.toString)
        return `${className}(${String(toText.call(value))})`;
    }
    return `${className}{${keys.map((k) => `${JSON.stringify(k)}:${encode(record[k], path)}`).join(',')}}`;
  } finally {
    path.delete(value);
  }
}

function constructorName(value: object): string {
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'Object';
}

/** Return a record's short one-line form for messages: `[ 'a', 2 ]`, `{ id: 1 }`. */
export function render(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: Infinity, compact: true, maxArrayLength: 20 });
}
