/** Port of Spark's MapPartitionsRDD (core/.../rdd/MapPartitionsRDD.scala). */
import type { Partitioner } from './partitioner.js';
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';

/**
 * Build the sink that applies one element-wise step in front of `downstream`. It is called once
 * per partition, never per element, so the per-element path is a plain chain of calls.
 */
export type ElementStep<T, U> = (downstream: Sink<U>, partitionIndex: number) => Sink<T>;

/** A whole-partition function: Spark's `mapPartitionsWithIndex` function over an iterator. */
export type PartitionFunction<T, U> = (items: IterableIterator<T>, index: number) => Iterable<U>;

/**
 * A narrow, one-to-one-partition transformation. Element-wise steps (map, filter, flatMap, ...)
 * fuse with their parent's: computing a partition runs the whole narrow chain in one pass with no
 * array between steps. Whole-partition functions see the parent's partition as an iterator.
 */
export class MapPartitionsRDD<T, U> extends RDDNode<U> {
  readonly className = 'MapPartitionsRDD';
  readonly dependencies: readonly Dependency[];
  readonly #parent: RDDNode<T>;
  readonly #step: ElementStep<T, U> | undefined;
  readonly #partitionFunction: PartitionFunction<T, U> | undefined;
  readonly #preservesPartitioning: boolean;

  constructor(
    parent: RDDNode<T>,
    operation: string,
    transform: { step: ElementStep<T, U> } | { partitionFunction: PartitionFunction<T, U> },
    preservesPartitioning = false,
  ) {
    super(parent.context, operation);
    this.#parent = parent;
    this.dependencies = [{ rdd: parent, shuffle: false }];
    this.#step = 'step' in transform ? transform.step : undefined;
    this.#partitionFunction =
      'partitionFunction' in transform ? transform.partitionFunction : undefined;
    this.#preservesPartitioning = preservesPartitioning;
  }

  get numPartitions(): number {
    return this.#parent.numPartitions;
  }

  override get partitioner(): Partitioner | undefined {
    return this.#preservesPartitioning ? this.#parent.partitioner : undefined;
  }

  protected computeInto(index: number, sink: Sink<U>): void {
    if (this.#step !== undefined) {
      this.#parent.iterate(index, this.#step(sink, index));
      return;
    }
    // Differs from Spark: the parent partition is computed whole before `fn` iterates it (Spark
    // pipelines the iterator), so `take` through mapPartitions computes the whole upstream partition.
    const fn = this.#partitionFunction as PartitionFunction<T, U>;
    const output = fn(this.#parent.partition(index).values(), index);
    if (Array.isArray(output)) {
      const items = output as readonly U[];
      for (let i = 0; i < items.length; i++) sink(items[i] as U);
    } else {
      for (const value of output) sink(value);
    }
  }
}
