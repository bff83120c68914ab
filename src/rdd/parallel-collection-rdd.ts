/** Port of Spark's ParallelCollectionRDD (core/.../rdd/ParallelCollectionRDD.scala). */
import type { RDDContext } from './rdd-context.js';
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';

/**
 * Slice `data` into `numSlices` partitions as Spark does: partition i holds the elements
 * `[floor(i·n/k), floor((i+1)·n/k))`.
 */
export function sliceEvenly<T>(data: readonly T[], numSlices: number): (readonly T[])[] {
  const n = data.length;
  const slices: (readonly T[])[] = [];
  for (let i = 0; i < numSlices; i++) {
    slices.push(data.slice(Math.floor((i * n) / numSlices), Math.floor(((i + 1) * n) / numSlices)));
  }
  return slices;
}

/** An RDD over data already in memory, one array per partition. */
export class ParallelCollectionRDD<T> extends RDDNode<T> {
  readonly className: string;
  readonly dependencies: readonly Dependency[] = [];
  readonly #slices: readonly (readonly T[])[];

  constructor(
    context: RDDContext,
    slices: readonly (readonly T[])[],
    operation = 'parallelize',
    className = 'ParallelCollectionRDD',
  ) {
    super(context, operation);
    this.className = className;
    this.#slices = slices;
  }

  get numPartitions(): number {
    return this.#slices.length;
  }

  protected computeInto(index: number, sink: Sink<T>): void {
    const items = this.#slices[index] ?? [];
    for (let i = 0; i < items.length; i++) sink(items[i] as T);
  }

  protected override readonly holdsPartitions = true;

  protected override materialize(index: number): readonly T[] {
    return this.#slices[index] ?? [];
  }
}
