/**
 * Java/Scala hash codes of keys, so `HashPartitioner` puts a key in the same partition as Spark's
 * Scala API does: `String.hashCode`, `Int` as itself, `Long`/`Double`/`Boolean` as Java boxes them,
 * and tuples with Scala 2.13's `MurmurHash3.productHash`.
 */
import { encodeKey } from './key-encoding.js';

/** Java's `String.hashCode`. */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** Java's `Long.hashCode` of a safe integer, without BigInt (timestamps hash per record). */
function safeLongHash(value: number): number {
  const high = Math.floor(value / 4294967296);
  const low = value - high * 4294967296;
  return (low ^ high) | 0;
}

function longHash(value: bigint): number {
  const bits = BigInt.asUintN(64, value);
  return Number(BigInt.asIntN(32, bits ^ (bits >> 32n)));
}

const doubleView = new DataView(new ArrayBuffer(8));

function doubleHash(value: number): number {
  // Java canonicalises every NaN to one bit pattern before hashing.
  doubleView.setFloat64(0, Number.isNaN(value) ? NaN : value);
  return (doubleView.getInt32(0) ^ doubleView.getInt32(4)) | 0;
}

// Differs from Spark: a JavaScript number has no Scala type, so an integer in Int range hashes as
// an Int, another safe integer as a Long, anything else as a Double.
function numberHash(value: number): number {
  if ((value | 0) === value && !Object.is(value, -0)) return value;
  if (Number.isSafeInteger(value)) return safeLongHash(value);
  return doubleHash(value);
}

const floatView = new DataView(new ArrayBuffer(4));

/**
 * Scala's `##` of a boxed number (`Statics.doubleHash`), which `productHash` mixes for tuple
 * elements: the hash of the narrowest of Int, Long, Float, Double that holds the value exactly.
 */
function cooperativeNumberHash(value: number): number {
  if ((value | 0) === value) return value | 0;
  if (Number.isInteger(value)) {
    // Java's (long) cast saturates; the value counts as a Long only if it converts back exactly.
    const asLong =
      value >= 2 ** 63 ? 2n ** 63n - 1n : value <= -(2 ** 63) ? -(2n ** 63n) : BigInt(value);
    if (Number(asLong) === value) return longHash(asLong);
  }
  if (Math.fround(value) === value) {
    floatView.setFloat32(0, value);
    return floatView.getInt32(0);
  }
  return doubleHash(value);
}

/** Scala's `##` of a tuple element: like `hashCode`, but numbers hash cooperatively. */
function elementHash(value: unknown): number {
  if (typeof value === 'number') return cooperativeNumberHash(value);
  if (typeof value === 'bigint') {
    return BigInt.asIntN(32, value) === value ? Number(value) : longHash(value);
  }
  return hashKey(value);
}

const PRODUCT_SEED = 0xcafebabe | 0;
const TUPLE_PREFIX_HASH = new Map<number, number>();

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function mix(hash: number, data: number): number {
  let k = Math.imul(data, 0xcc9e2d51);
  k = rotl(k, 15);
  k = Math.imul(k, 0x1b873593);
  const h = rotl(hash ^ k, 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function avalanche(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function tupleHash(elements: readonly unknown[]): number {
  const arity = elements.length;
  let prefix = TUPLE_PREFIX_HASH.get(arity);
  if (prefix === undefined) {
    prefix = javaStringHash(`Tuple${arity}`);
    TUPLE_PREFIX_HASH.set(arity, prefix);
  }
  if (arity === 0) return prefix;
  let hash = mix(PRODUCT_SEED, prefix);
  for (let i = 0; i < arity; i++) hash = mix(hash, elementHash(elements[i]));
  return avalanche(hash ^ arity);
}

/** Return the JVM hash code Spark would compute for the equivalent Scala key. */
export function hashKey(key: unknown): number {
  switch (typeof key) {
    case 'string':
      return javaStringHash(key);
    case 'number':
      return numberHash(key);
    case 'boolean':
      return key ? 1231 : 1237;
    case 'bigint':
      return longHash(key);
    case 'undefined':
      return 0;
    case 'object':
      if (key === null) return 0;
      if (key instanceof Date) {
        // An invalid Date (time NaN) has no Long; hash it as Java hashes Double.NaN.
        const time = key.getTime();
        return Number.isNaN(time) ? doubleHash(time) : safeLongHash(time);
      }
      if (Array.isArray(key)) return tupleHash(key);
      return javaStringHash(encodeKey(key));
    case 'symbol':
    case 'function':
      throw new TypeError(`Expected a key that compares by value, got a ${typeof key}`);
  }
}
