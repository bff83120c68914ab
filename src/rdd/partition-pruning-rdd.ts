/** Port of Spark's PartitionPruningRDD (core/.../rdd/PartitionPruningRDD.scala). */
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';

/** The parent's partitions whose index passes a filter, renumbered from 0; no shuffle. */
export class PartitionPruningRDD<T> extends RDDNode<T> {
  readonly className = 'PartitionPruningRDD';
  readonly dependencies: readonly Dependency[];
  readonly #parent: RDDNode<T>;
  readonly #kept: readonly number[];

  constructor(parent: RDDNode<T>, keep: (partition: number) => boolean, operation: string) {
    super(parent.context, operation);
    this.#parent = parent;
    this.dependencies = [{ rdd: parent, shuffle: false }];
    const kept: number[] = [];
    for (let p = 0; p < parent.numPartitions; p++) if (keep(p)) kept.push(p);
    this.#kept = kept;
  }

  get numPartitions(): number {
    return this.#kept.length;
  }

  protected computeInto(index: number, sink: Sink<T>): void {
    const parentIndex = this.#kept[index];
    if (parentIndex !== undefined) this.#parent.iterate(parentIndex, sink);
  }
}
