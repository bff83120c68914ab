/** Port of Spark's CartesianRDD (core/.../rdd/CartesianRDD.scala). */
import type { Pair } from './pair.js';
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';

/** Every pair `[x, y]` of an element of the first RDD and one of the second. */
export class CartesianRDD<T, U> extends RDDNode<Pair<T, U>> {
  readonly className = 'CartesianRDD';
  readonly dependencies: readonly Dependency[];
  readonly #first: RDDNode<T>;
  readonly #second: RDDNode<U>;

  constructor(first: RDDNode<T>, second: RDDNode<U>) {
    super(first.context, 'cartesian');
    this.#first = first;
    this.#second = second;
    this.dependencies = [
      { rdd: first, shuffle: false },
      { rdd: second, shuffle: false },
    ];
  }

  /** Partition `i·m + j` pairs partition i of the first RDD with partition j of the second. */
  get numPartitions(): number {
    return this.#first.numPartitions * this.#second.numPartitions;
  }

  protected computeInto(index: number, sink: Sink<Pair<T, U>>): void {
    const m = this.#second.numPartitions;
    const right = this.#second.partition(index % m);
    this.#first.iterate(Math.floor(index / m), (x) => {
      for (let j = 0; j < right.length; j++) sink([x, right[j] as U]);
    });
  }
}
