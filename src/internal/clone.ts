/**
 * A fresh copy of a zero value for each use. Spark serialises and deserialises the zero of
 * `fold`/`aggregate`/`foldByKey`, so an accumulator object is never shared between partitions
 * or keys; primitives need no copy.
 */
export function cloneZero<T>(zero: T): T {
  return typeof zero === 'object' && zero !== null ? structuredClone(zero) : zero;
}
