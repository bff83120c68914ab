/**
 * How elements print, for `pprint`/`print` and `saveAsTextFile`. Two renderings:
 * - `'python'` (PySpark's `print`): arrays as tuples `('Store', 4)`, `(1,)`; the collections the
 *   engine builds (groupByKey and cogroup values, glom partitions) as lists `[1, 2]`; strings bare
 *   at the top level and quoted inside containers; `None`, `True`, `False`;
 * - `'scala'` (Scala's `toString`): arrays as tuples `(Store,4)`, engine-built collections as
 *   `CompactBuffer(1, 2)`, strings bare, `null`.
 *
 * Differs from Spark: JavaScript has one array type for Python's tuples and lists; records are
 * far more often tuples, so an array prints as a tuple unless the engine made it as a collection.
 */
export type ElementFormat = 'python' | 'scala';

// A non-enumerable symbol property, not a WeakSet: a WeakSet holding one entry per key of a
// large shuffle made garbage collection dominate whole batches (ephemeron tables).
const LIST = Symbol('dstream-ts list');
const LIST_PROPERTY: PropertyDescriptor = { value: true, enumerable: false };

function isList(array: readonly unknown[]): boolean {
  return (array as { [LIST]?: boolean })[LIST] === true;
}

/** Mark an array the engine built as a collection (prints as a list, not a tuple); returns it. */
export function markAsList<T extends readonly unknown[]>(array: T): T {
  Object.defineProperty(array, LIST, LIST_PROPERTY);
  return array;
}

/** Return `value` as PySpark or Scala would print it. */
export function formatElement(value: unknown, format: ElementFormat): string {
  if (typeof value === 'string') return value;
  return format === 'python' ? pythonRepr(value) : scalaString(value);
}

function pythonRepr(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return pythonString(value);
    case 'number':
      if (Number.isNaN(value)) return 'nan';
      if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
      return String(value);
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'undefined':
      return 'None';
    case 'object':
      if (value === null) return 'None';
      if (Array.isArray(value)) {
        const parts = value.map((v: unknown) => pythonRepr(v));
        if (isList(value)) return `[${parts.join(', ')}]`;
        return parts.length === 1 ? `(${parts[0] ?? ''},)` : `(${parts.join(', ')})`;
      }
      if (value instanceof Date) return pythonString(value.toISOString());
      if (value instanceof Map) {
        const parts = [...value].map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`);
        return `{${parts.join(', ')}}`;
      }
      if (value instanceof Set) {
        return value.size === 0 ? 'set()' : `{${[...value].map(pythonRepr).join(', ')}}`;
      }
      return `{${Object.entries(value)
        .map(([k, v]) => `${pythonString(k)}: ${pythonRepr(v)}`)
        .join(', ')}}`;
    case 'symbol':
    case 'function':
      return String(value);
  }
}

function pythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = text
    .replaceAll('\\', '\\\\')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\t', '\\t');
  if (quote === "'") body = body.replaceAll("'", "\\'");
  return `${quote}${body}${quote}`;
}

function scalaString(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'None';
  if (Array.isArray(value)) {
    const parts = value.map((v: unknown) => scalaString(v));
    return isList(value) ? `CompactBuffer(${parts.join(', ')})` : `(${parts.join(',')})`;
  }
  if (value instanceof Map) {
    return `Map(${[...value].map(([k, v]) => `${scalaString(k)} -> ${scalaString(v)}`).join(', ')})`;
  }
  if (value instanceof Set)
    return `Set(${[...value].map((v: unknown) => scalaString(v)).join(', ')})`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return `<function ${value.name}>`;
  return `${value as string | number | boolean | bigint}`;
}
