/** Port of Spark's ZippedWithIndexRDD (core/.../rdd/ZippedWithIndexRDD.scala). */
import type { Pair } from './pair.js';
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';

/** Each element with its position in the whole RDD (partition order, then element order). */
export class ZippedWithIndexRDD<T> extends RDDNode<Pair<T, number>> {
  readonly className = 'ZippedWithIndexRDD';
  readonly dependencies: readonly Dependency[];
  readonly #parent: RDDNode<T>;
  #startIndices: number[] | undefined;

  constructor(parent: RDDNode<T>) {
    super(parent.context, 'zipWithIndex');
    this.#parent = parent;
    this.dependencies = [{ rdd: parent, shuffle: false }];
  }

  get numPartitions(): number {
    return this.#parent.numPartitions;
  }

  protected computeInto(index: number, sink: Sink<Pair<T, number>>): void {
    // Spark runs a job over all but the last partition to learn where each one starts.
    this.#startIndices ??= this.#countStarts();
    let position = this.#startIndices[index] ?? 0;
    this.#parent.iterate(index, (value) => {
      sink([value, position++]);
    });
  }

  #countStarts(): number[] {
    const starts = [0];
    for (let p = 0; p + 1 < this.#parent.numPartitions; p++) {
      starts.push((starts[p] ?? 0) + this.#parent.partition(p).length);
    }
    return starts;
  }
}
