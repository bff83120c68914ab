/** Spark's `Partitioner.defaultPartitioner` and the numPartitions-or-partitioner argument. */
import { HashPartitioner, checkWholeNumber, type Partitioner } from './partitioner.js';
import type { RDDNode } from './rdd-node.js';
import { IllegalArgumentError, requireArgument } from '../errors.js';

/** A partition count (hash partitioning) or a partitioner, as Spark's overloads accept. */
export type PartitionerLike = number | Partitioner;

/**
 * Choose the partitioner of a shuffle over `rdds` when the caller gave none, as Spark does: the
 * largest existing partitioner if it is not far smaller than the largest input, otherwise hash
 * partitioning into `defaultParallelism` partitions when the user set it, else into as many
 * partitions as the largest input.
 */
export function defaultPartitioner(rdds: readonly RDDNode<unknown>[]): Partitioner {
  const first = rdds[0] as RDDNode<unknown>;
  const maxPartitions = Math.max(...rdds.map((rdd) => rdd.numPartitions));
  let best: RDDNode<unknown> | undefined;
  for (const rdd of rdds) {
    if (
      (rdd.partitioner?.numPartitions ?? 0) > 0 &&
      (best === undefined || rdd.numPartitions > best.numPartitions)
    ) {
      best = rdd;
    }
  }
  const defaultCount = first.context.defaultParallelismIsSet
    ? first.context.defaultParallelism
    : maxPartitions;
  if (best?.partitioner !== undefined) {
    const eligible = Math.log10(maxPartitions) - Math.log10(best.numPartitions) < 1;
    if (eligible || defaultCount <= best.numPartitions) return best.partitioner;
  }
  return new HashPartitioner(defaultCount);
}

/** Resolve Spark's `(numPartitions)` / `(partitioner)` overload argument. */
export function toPartitioner(
  partitioning: PartitionerLike | undefined,
  rdds: readonly RDDNode<unknown>[],
): Partitioner {
  if (partitioning === undefined) return defaultPartitioner(rdds);
  if (typeof partitioning !== 'number') return partitioning;
  checkWholeNumber(partitioning);
  requireArgument(partitioning >= 0, `Number of partitions (${partitioning}) cannot be negative.`);
  return new HashPartitioner(partitioning);
}

/**
 * PySpark's `Partitioner(numPartitions, partitionFunc)`: key `k` goes to partition
 * `partitionFunc(k) mod numPartitions` (non-negative, as Python's `%`); equal to another with the
 * same count and the same function.
 */
export function functionPartitioner<K>(
  numPartitions: number,
  partitionFunc: (key: K) => number,
): Partitioner & { readonly partitionFunc: (key: K) => number } {
  checkWholeNumber(numPartitions);
  requireArgument(numPartitions > 0, `Number of partitions (${numPartitions}) must be positive.`);
  return {
    numPartitions,
    partitionFunc,
    getPartition(key: unknown): number {
      const hash = partitionFunc(key as K);
      if (!Number.isInteger(hash)) {
        throw new IllegalArgumentError(
          `Expected \`partitionFunc\` to return an integer, got ${String(hash)} for key ${String(key)}`,
        );
      }
      const p = hash % numPartitions;
      return p < 0 ? p + numPartitions : p === 0 ? 0 : p;
    },
    equals(other: Partitioner): boolean {
      return (
        other.numPartitions === numPartitions &&
        (other as { partitionFunc?: unknown }).partitionFunc === partitionFunc
      );
    },
  };
}
