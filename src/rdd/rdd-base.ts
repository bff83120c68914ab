import type { RDD } from './rdd.js';
import type { RDDNode } from './rdd-node.js';

/**
 * The lineage node behind an RDD facade. The facade's method groups (double, ordered, pair, then
 * the core in `rdd.ts`) extend one another down to this class, one file each, as Spark keeps
 * them; a group makes new RDDs with `wrap`, since it cannot import `rdd.ts` (which extends it:
 * importing it back would be the ESM cycle of STYLE §3.4).
 *
 * @example
 * ```ts
 * rdd instanceof RDDBase; // true for every RDD
 * ```
 */
export abstract class RDDBase<T> {
  readonly #node: RDDNode<T>;

  /** @internal */
  constructor(node: RDDNode<T>) {
    this.#node = node;
  }

  /** @internal The lineage node behind this facade. */
  get node(): RDDNode<T> {
    return this.#node;
  }

  /** @internal Return `node` behind a facade of this RDD's class. */
  protected wrap<U>(node: RDDNode<U>): RDD<U> {
    const Facade = this.constructor as new (node: RDDNode<U>) => RDD<U>;
    return new Facade(node);
  }
}
