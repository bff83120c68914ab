/** Port of Spark's MapPartitionsRDD (core/.../rdd/MapPartitionsRDD.scala). */
import { opSink, type ElementOp } from './element-op.js';
import { fusedChain } from './fused-chain.js';
import type { Partitioner } from './partitioner.js';
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';
import { StorageLevel } from './storage-level.js';

/**
 * Build the sink that applies one element-wise step in front of `downstream`, for steps that
 * depend on the partition index. It is called once per partition, never per element.
 */
export type ElementStep<T, U> = (downstream: Sink<U>, partitionIndex: number) => Sink<T>;

/** A whole-partition function: Spark's `mapPartitionsWithIndex` function over an iterator. */
export type PartitionFunction<T, U> = (items: IterableIterator<T>, index: number) => Iterable<U>;

/** How a MapPartitionsRDD transforms its parent's partition. */
export type PartitionTransform<T, U> =
  | { readonly op: ElementOp }
  | { readonly step: ElementStep<T, U> }
  | { readonly partitionFunction: PartitionFunction<T, U> };

/**
 * A narrow, one-to-one-partition transformation. Element-wise steps (map, filter, flatMap, ...)
 * fuse with their parent's: computing a partition runs the whole narrow chain in one pass with no
 * array between steps, compiled into one loop once the chain repeats (`fused-chain.ts`).
 * Whole-partition functions see the parent's partition as an iterator.
 */
export class MapPartitionsRDD<T, U> extends RDDNode<U> {
  readonly className: string;
  readonly dependencies: readonly Dependency[];
  readonly #parent: RDDNode<T>;
  readonly #transform: PartitionTransform<T, U>;
  readonly #preservesPartitioning: boolean;

  constructor(
    parent: RDDNode<T>,
    operation: string,
    transform: PartitionTransform<T, U>,
    preservesPartitioning = false,
    className = 'MapPartitionsRDD',
  ) {
    super(parent.context, operation);
    this.className = className;
    this.#parent = parent;
    this.dependencies = [{ rdd: parent, shuffle: false }];
    this.#transform = transform;
    this.#preservesPartitioning = preservesPartitioning;
  }

  get numPartitions(): number {
    return this.#parent.numPartitions;
  }

  override get partitioner(): Partitioner | undefined {
    return this.#preservesPartitioning ? this.#parent.partitioner : undefined;
  }

  protected computeInto(index: number, sink: Sink<U>): void {
    const transform = this.#transform;
    if ('op' in transform) {
      this.#runChain(index, sink as Sink<unknown>);
    } else if ('step' in transform) {
      this.#parent.iterate(index, transform.step(sink, index));
    } else {
      // Differs from Spark: the parent partition is computed whole before `fn` iterates it (Spark
      // pipelines the iterator), so `take` through mapPartitions computes the whole upstream partition.
      const output = transform.partitionFunction(this.#parent.partition(index).values(), index);
      if (Array.isArray(output)) {
        const items = output as readonly U[];
        for (let i = 0; i < items.length; i++) sink(items[i] as U);
      } else {
        for (const value of output) sink(value);
      }
    }
  }

  override foldPartition<A>(index: number, acc: A, op: (acc: A, value: U) => A): A {
    if (
      'op' in this.#transform &&
      this.storageLevel === StorageLevel.NONE &&
      this.checkpointRDD === undefined
    ) {
      const { ops, base } = this.#chain();
      const items = base.heldPartition(index);
      const fused = items === undefined ? undefined : fusedChain(ops, this.id);
      if (fused !== undefined) return fused.fold(items as readonly unknown[], acc, op);
    }
    return super.foldPartition(index, acc, op);
  }

  /** Run the narrow chain ending here over its base's partition `index`. */
  #runChain(index: number, sink: Sink<unknown>): void {
    const { ops, base } = this.#chain();
    const items = base.heldPartition(index);
    const fused = items === undefined ? undefined : fusedChain(ops, this.id);
    if (fused !== undefined) {
      fused.each(items as readonly unknown[], sink);
      return;
    }
    let head = sink;
    for (let i = ops.length - 1; i >= 0; i--) head = opSink(ops[i] as ElementOp, head);
    if (items === undefined) {
      base.iterate(index, head);
    } else {
      for (let i = 0; i < items.length; i++) head(items[i]);
    }
  }

  /**
   * The element-wise steps from the nearest ancestor that is not one (or is persisted or
   * checkpointed: its kept partitions are read, not recomputed) down to this RDD, and that
   * ancestor.
   */
  #chain(): { ops: ElementOp[]; base: RDDNode<unknown> } {
    const ops: ElementOp[] = [];
    let node = this as MapPartitionsRDD<unknown, unknown>;
    for (;;) {
      if ('op' in node.#transform) ops.push(node.#transform.op);
      const parent = node.#parent;
      if (
        !(parent instanceof MapPartitionsRDD) ||
        !('op' in parent.#transform) ||
        parent.storageLevel !== StorageLevel.NONE ||
        parent.checkpointRDD !== undefined
      ) {
        return { ops: ops.reverse(), base: parent };
      }
      node = parent as MapPartitionsRDD<unknown, unknown>;
    }
  }
}
