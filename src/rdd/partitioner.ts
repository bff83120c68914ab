/** Port of Spark's Partitioner and HashPartitioner (core/src/main/scala/org/apache/spark/Partitioner.scala). */
import { requireArgument } from '../errors.js';
import { hashKey } from './key-hash.js';

/**
 * Decides which partition of a shuffled RDD a key goes to.
 *
 * @example
 * ```ts
 * const byFirstLetter: Partitioner = {
 *   numPartitions: 26,
 *   getPartition: (key) => String(key).charCodeAt(0) % 26,
 *   equals: (other) => other === byFirstLetter,
 * };
 * ```
 */
export interface Partitioner {
  /** The number of partitions keys are spread over. */
  readonly numPartitions: number;
  /** Return the partition of `key`, in `[0, numPartitions)`. */
  getPartition(key: unknown): number;
  /** Whether `other` partitions keys identically (lets joins skip a shuffle in Spark). */
  equals(other: Partitioner): boolean;
}

/**
 * A partitioner that puts key `k` in partition `nonNegativeMod(k.hashCode, numPartitions)`, with
 * Java's `hashCode` for strings and integers, so keys land where Spark's Scala API puts them.
 * `null` and `undefined` go to partition 0.
 *
 * @example
 * ```ts
 * new HashPartitioner(2).getPartition('spark'); // same partition as Spark: 1
 * ```
 */
export class HashPartitioner implements Partitioner {
  /** The number of partitions keys are spread over. */
  readonly numPartitions: number;

  constructor(partitions: number) {
    requireArgument(partitions >= 0, `Number of partitions (${partitions}) cannot be negative.`);
    checkWholeNumber(partitions);
    this.numPartitions = partitions;
  }

  /**
   * Return `key`'s partition: its Java `hashCode` modulo `numPartitions`, non-negative, as Spark's.
   */
  getPartition(key: unknown): number {
    if (key === null || key === undefined) return 0;
    const mod = hashKey(key) % this.numPartitions;
    // `%` gives -0 for a negative multiple of n; a partition index must be +0.
    return mod < 0 ? mod + this.numPartitions : mod === 0 ? 0 : mod;
  }

  equals(other: Partitioner): boolean {
    return other instanceof HashPartitioner && other.numPartitions === this.numPartitions;
  }

  toString(): string {
    return `HashPartitioner(${this.numPartitions})`;
  }
}

/** Differs from Spark: JavaScript has no Int type, so a fractional partition count is refused. */
export function checkWholeNumber(partitions: number): void {
  requireArgument(
    Number.isInteger(partitions),
    `Number of partitions (${partitions}) must be an integer.`,
  );
}

/** Spark's `require(numPartitions > 0, ...)` used by repartition, coalesce and parallelize. */
export function checkPositivePartitions(partitions: number): void {
  requireArgument(partitions > 0, `Number of partitions (${partitions}) must be positive.`);
  checkWholeNumber(partitions);
}
