/** Port of Spark's CoalescedRDD (core/.../rdd/CoalescedRDD.scala), without locality. */
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';

/**
 * Fewer partitions without a shuffle: with no locality to honour, Spark's coalescer gives
 * partition i the parent partitions `[floor(i·p/n), floor((i+1)·p/n))`. Asking for more
 * partitions than the parent has keeps the parent's count.
 */
export class CoalescedRDD<T> extends RDDNode<T> {
  readonly className = 'CoalescedRDD';
  readonly dependencies: readonly Dependency[];
  readonly numPartitions: number;
  readonly #parent: RDDNode<T>;

  constructor(parent: RDDNode<T>, maxPartitions: number, operation = 'coalesce') {
    super(parent.context, operation);
    this.#parent = parent;
    this.dependencies = [{ rdd: parent, shuffle: false }];
    this.numPartitions = Math.min(maxPartitions, parent.numPartitions);
  }

  protected computeInto(index: number, sink: Sink<T>): void {
    const parents = this.#parent.numPartitions;
    const start = Math.floor((index * parents) / this.numPartitions);
    const end = Math.floor(((index + 1) * parents) / this.numPartitions);
    for (let p = start; p < end; p++) this.#parent.iterate(p, sink);
  }
}
