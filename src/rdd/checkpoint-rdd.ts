/** Port of Spark's ReliableCheckpointRDD (core/.../rdd/ReliableCheckpointRDD.scala), kept in memory. */
import type { Partitioner } from './partitioner.js';
import { RDD } from './rdd.js';
import type { RDDContext } from './rdd-context.js';
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';

/** An RDD read back from a checkpoint: its partitions' data, its partitioner, no lineage. */
export class CheckpointRDD<T> extends RDDNode<T> {
  readonly className = 'ReliableCheckpointRDD';
  readonly dependencies: readonly Dependency[] = [];
  readonly #partitions: readonly (readonly T[])[];
  readonly #partitioner: Partitioner | undefined;

  constructor(
    context: RDDContext,
    partitions: readonly (readonly T[])[],
    partitioner: Partitioner | undefined,
  ) {
    super(context, 'checkpoint');
    this.#partitions = partitions;
    this.#partitioner = partitioner;
  }

  get numPartitions(): number {
    return this.#partitions.length;
  }

  override get partitioner(): Partitioner | undefined {
    return this.#partitioner;
  }

  protected computeInto(index: number, sink: Sink<T>): void {
    const items = this.materialize(index);
    for (let i = 0; i < items.length; i++) sink(items[i] as T);
  }

  protected override readonly holdsPartitions = true;

  protected override materialize(index: number): readonly T[] {
    return this.#partitions[index] ?? [];
  }
}

/**
 * Return an RDD with `rdd`'s data and partitioner and no lineage: every partition is computed
 * (once, if `rdd` is persisted) and kept.
 */
export function checkpointRDD<T>(rdd: RDD<T>): RDD<T> {
  const node = rdd.node;
  const partitions: (readonly T[])[] = [];
  for (let p = 0; p < node.numPartitions; p++) partitions.push(node.partition(p));
  const checkpointed = new RDD(new CheckpointRDD(node.context, partitions, node.partitioner));
  if (rdd.getStorageLevel() !== checkpointed.getStorageLevel()) {
    checkpointed.persist(rdd.getStorageLevel());
  }
  return checkpointed;
}
