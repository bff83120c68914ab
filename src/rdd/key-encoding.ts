/**
 * Canonical text of a composite key, so that structurally equal tuples, dates and plain objects
 * land on the same entry of a Map. Primitives never go through here (they are their own Map key).
 */
export function encodeKey(key: unknown): string {
  switch (typeof key) {
    case 'string':
      return JSON.stringify(key);
    case 'number':
      return Object.is(key, -0) ? 'n0' : `n${key}`;
    case 'bigint':
      return `b${key}`;
    case 'boolean':
      return key ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'object':
      return encodeObject(key);
    case 'symbol':
    case 'function':
      throw new TypeError(`Expected a key that compares by value, got a ${typeof key}`);
  }
}

function encodeObject(key: object | null): string {
  if (key === null) return 'z';
  if (key instanceof Date) return `d${key.getTime()}`;
  if (Array.isArray(key)) {
    let text = '[';
    for (let i = 0; i < key.length; i++) text += (i === 0 ? '' : ',') + encodeKey(key[i]);
    return `${text}]`;
  }
  const record = key as Record<string, unknown>;
  let text = '{';
  for (const name of Object.keys(record).sort()) {
    text += `${JSON.stringify(name)}:${encodeKey(record[name])},`;
  }
  return `${text}}`;
}

/** Return whether `key` is its own identity in a JavaScript Map (the fast path). */
export function isPrimitiveKey(key: unknown): boolean {
  return key === null || (typeof key !== 'object' && typeof key !== 'function');
}
