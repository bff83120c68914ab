/** Port of Spark's UnionRDD (core/.../rdd/UnionRDD.scala). */
import type { RDDContext } from './rdd-context.js';
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';

/** The partitions of every parent, one after the other; duplicates are kept. */
export class UnionRDD<T> extends RDDNode<T> {
  readonly className = 'UnionRDD';
  readonly dependencies: readonly Dependency[];
  readonly numPartitions: number;
  readonly #parents: readonly RDDNode<T>[];
  /** For each of this RDD's partitions: which parent, and which partition of it. */
  readonly #sources: readonly (readonly [parent: number, partition: number])[];

  constructor(context: RDDContext, parents: readonly RDDNode<T>[], operation = 'union') {
    super(context, operation);
    this.#parents = parents;
    this.dependencies = parents.map((rdd) => ({ rdd: rdd, shuffle: false }));
    const sources: (readonly [number, number])[] = [];
    parents.forEach((parent, p) => {
      for (let i = 0; i < parent.numPartitions; i++) sources.push([p, i]);
    });
    this.#sources = sources;
    this.numPartitions = sources.length;
  }

  protected computeInto(index: number, sink: Sink<T>): void {
    const [parent, partition] = this.#sources[index] ?? [0, -1];
    if (partition >= 0) (this.#parents[parent] as RDDNode<T>).iterate(partition, sink);
  }

  override heldPartition(index: number): readonly T[] | undefined {
    const held = super.heldPartition(index);
    if (held !== undefined) return held;
    const [parent, partition] = this.#sources[index] ?? [0, -1];
    return partition >= 0 ? (this.#parents[parent] as RDDNode<T>).heldPartition(partition) : [];
  }
}
