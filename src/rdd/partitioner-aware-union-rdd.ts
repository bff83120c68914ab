/** Port of Spark's PartitionerAwareUnionRDD (core/.../rdd/PartitionerAwareUnionRDD.scala). */
import { IllegalArgumentError, requireArgument } from '../errors.js';
import type { Partitioner } from './partitioner.js';
import type { RDDContext } from './rdd-context.js';
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';
import { UnionRDD } from './union-rdd.js';

/**
 * The union of RDDs that share one partitioner: partition i is every parent's partition i, so
 * the union keeps the partitioner (and a join or reduce after it needs no shuffle).
 */
export class PartitionerAwareUnionRDD<T> extends RDDNode<T> {
  readonly className = 'PartitionerAwareUnionRDD';
  readonly dependencies: readonly Dependency[];
  readonly #parents: readonly RDDNode<T>[];
  readonly #partitioner: Partitioner;

  constructor(context: RDDContext, parents: readonly RDDNode<T>[], operation = 'union') {
    const partitioner = parents[0]?.partitioner;
    // Spark's two bare `require`s (no message).
    if (partitioner === undefined || parents.some((p) => p.partitioner === undefined)) {
      throw new IllegalArgumentError('requirement failed');
    }
    requireArgument(
      parents.every((p) => p.partitioner?.equals(partitioner) === true),
      `Parent RDDs have different partitioners: List(${parents.map((p) => describe(p.partitioner)).join(', ')})`,
    );
    super(context, operation);
    this.#parents = parents;
    this.#partitioner = partitioner;
    this.dependencies = parents.map((rdd) => ({ rdd, shuffle: false }));
  }

  get numPartitions(): number {
    return this.#partitioner.numPartitions;
  }

  override get partitioner(): Partitioner {
    return this.#partitioner;
  }

  protected computeInto(index: number, sink: Sink<T>): void {
    for (const parent of this.#parents) parent.iterate(index, sink);
  }
}

/**
 * Spark's `SparkContext.union`: the RDDs with partitions, as a PartitionerAwareUnionRDD when they
 * all have the same partitioner, otherwise as a UnionRDD (their partitions one after the other).
 */
export function unionOf<T>(
  context: RDDContext,
  rdds: readonly RDDNode<T>[],
  operation = 'union',
): RDDNode<T> {
  const nonEmpty = rdds.filter((rdd) => rdd.numPartitions > 0);
  const first = nonEmpty[0]?.partitioner;
  const samePartitioner =
    first !== undefined && nonEmpty.every((rdd) => rdd.partitioner?.equals(first) === true);
  return samePartitioner
    ? new PartitionerAwareUnionRDD(context, nonEmpty, operation)
    : new UnionRDD(context, nonEmpty, operation);
}

function describe(partitioner: Partitioner | undefined): string {
  return partitioner === undefined
    ? 'None'
    : `${partitioner.constructor.name}(${partitioner.numPartitions})`;
}
