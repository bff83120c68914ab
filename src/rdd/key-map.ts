import { encodeKey, isPrimitiveKey } from './key-encoding.js';

/**
 * An insertion-ordered index of keys compared by value. Primitives are looked up directly;
 * tuples, dates and objects through their canonical encoding. Each distinct key gets a slot
 * number, so callers keep their values in plain arrays (no entry object per key).
 */
export class KeyIndex<K> {
  readonly keys: K[] = [];
  readonly #slots = new Map<unknown, number>();
  #composite: Map<string, number> | undefined;

  get size(): number {
    return this.keys.length;
  }

  /** Return the slot of `key`, or -1 when it has none. */
  find(key: K): number {
    if (isPrimitiveKey(key)) return this.#slots.get(key) ?? -1;
    return this.#composite?.get(encodeKey(key)) ?? -1;
  }

  /** Give `key`, which must not be in the index yet, the next slot and return it. */
  addNew(key: K): number {
    if (isPrimitiveKey(key)) {
      this.#slots.set(key, this.keys.length);
    } else {
      this.#composite ??= new Map();
      this.#composite.set(encodeKey(key), this.keys.length);
    }
    this.keys.push(key);
    return this.keys.length - 1;
  }

  /** Return the slot of `key`, giving it the next slot if it is new. */
  slotOf(key: K): number {
    if (isPrimitiveKey(key)) {
      const slot = this.#slots.get(key);
      if (slot !== undefined) return slot;
      this.#slots.set(key, this.keys.length);
    } else {
      this.#composite ??= new Map();
      const encoded = encodeKey(key);
      const slot = this.#composite.get(encoded);
      if (slot !== undefined) return slot;
      this.#composite.set(encoded, this.keys.length);
    }
    this.keys.push(key);
    return this.keys.length - 1;
  }
}

/**
 * Build a JavaScript `Map` from entries whose keys compare by value: the first-seen key object
 * represents its equals, later values for an equal key replace earlier ones.
 */
export function mapByValue<K, V>(keys: readonly K[], values: readonly V[]): Map<K, V> {
  const map = new Map<K, V>();
  for (let i = 0; i < keys.length; i++) map.set(keys[i] as K, values[i] as V);
  return map;
}

/**
 * A Map whose keys compare by value (primitives directly, tuples/dates/objects through their
 * canonical encoding), with deletion; iteration lists primitive keys first, each group in
 * insertion order.
 */
export class ValueMap<K, V> {
  readonly #primitive = new Map<unknown, V>();
  #composite: Map<string, readonly [K, V]> | undefined;

  get size(): number {
    return this.#primitive.size + (this.#composite?.size ?? 0);
  }

  has(key: K): boolean {
    if (isPrimitiveKey(key)) return this.#primitive.has(key);
    return this.#composite?.has(encodeKey(key)) ?? false;
  }

  get(key: K): V | undefined {
    if (isPrimitiveKey(key)) return this.#primitive.get(key);
    return this.#composite?.get(encodeKey(key))?.[1];
  }

  set(key: K, value: V): void {
    if (isPrimitiveKey(key)) {
      this.#primitive.set(key, value);
    } else {
      this.#composite ??= new Map();
      this.#composite.set(encodeKey(key), [key, value]);
    }
  }

  delete(key: K): void {
    if (isPrimitiveKey(key)) this.#primitive.delete(key);
    else this.#composite?.delete(encodeKey(key));
  }

  *entries(): IterableIterator<readonly [K, V]> {
    for (const [key, value] of this.#primitive) yield [key as K, value];
    if (this.#composite !== undefined) yield* this.#composite.values();
  }
}
