/** Port of Spark's ZippedPartitionsRDD2/3/4 (core/.../rdd/ZippedPartitionsRDD.scala). */
import { IllegalArgumentError } from '../errors.js';
import type { Partitioner } from './partitioner.js';
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';

/** The function of `zipPartitions`: one iterator per RDD, over the same partition index. */
export type ZipPartitionsFunction<V> = (...iterators: IterableIterator<unknown>[]) => Iterable<V>;

/** Partition i is `f` over partition i of every parent; all must have as many partitions. */
export class ZippedPartitionsRDD<V> extends RDDNode<V> {
  readonly className: string;
  readonly dependencies: readonly Dependency[];
  readonly #parents: readonly RDDNode<unknown>[];
  readonly #f: ZipPartitionsFunction<V>;
  readonly #preservesPartitioning: boolean;

  constructor(
    parents: readonly RDDNode<unknown>[],
    f: ZipPartitionsFunction<V>,
    preservesPartitioning: boolean,
    operation: string,
  ) {
    super((parents[0] as RDDNode<unknown>).context, operation);
    this.className = `ZippedPartitionsRDD${parents.length}`;
    this.#parents = parents;
    this.#f = f;
    this.#preservesPartitioning = preservesPartitioning;
    this.dependencies = parents.map((rdd) => ({ rdd, shuffle: false }));
  }

  /** @throws {@link IllegalArgumentError} Spark's text when the partition counts differ. */
  get numPartitions(): number {
    const counts = this.#parents.map((rdd) => rdd.numPartitions);
    const first = counts[0] ?? 0;
    if (counts.some((count) => count !== first)) {
      throw new IllegalArgumentError(
        `Can't zip RDDs with unequal numbers of partitions: List(${counts.join(', ')})`,
      );
    }
    return first;
  }

  override get partitioner(): Partitioner | undefined {
    return this.#preservesPartitioning ? this.#parents[0]?.partitioner : undefined;
  }

  protected computeInto(index: number, sink: Sink<V>): void {
    const iterators = this.#parents.map((rdd) => rdd.partition(index).values());
    const output = this.#f(...iterators);
    for (const value of output) sink(value);
  }
}
