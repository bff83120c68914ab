/**
 * How elements print, for `pprint`/`print` and `saveAsTextFile`. Two renderings:
 * - `'python'` (PySpark's `print`): pairs as `('Store', 4)`, other arrays as lists `[1, 2]`,
 *   strings bare at the top level and quoted inside containers, `None`, `True`, `False`;
 * - `'scala'` (Scala's `toString`): every array as a tuple `(Store,4)`, strings bare, `null`.
 *
 * Differs from Spark: JavaScript has one array type for Python's tuples and lists, so in the
 * python rendering a 2-element array is a tuple and any other array a list.
 */
export type ElementFormat = 'python' | 'scala';

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
        return value.length === 2 ? `(${parts.join(', ')})` : `[${parts.join(', ')}]`;
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
  if (Array.isArray(value)) return `(${value.map((v: unknown) => scalaString(v)).join(',')})`;
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
