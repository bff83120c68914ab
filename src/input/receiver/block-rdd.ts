/** Port of Spark's BlockRDD / WriteAheadLogBackedBlockRDD (streaming/.../rdd/). */
import type { RDDContext } from '../../rdd/rdd-context.js';
import { ParallelCollectionRDD } from '../../rdd/parallel-collection-rdd.js';
import type { Sink } from '../../rdd/rdd-node.js';

/**
 * A receiver batch: one partition per block. A block the write-ahead log could not give back is
 * a partition that fails when computed (as Spark's task reading the log record fails), so the
 * jobs that need it fail with `lost(index)`'s error and those that do not still run.
 */
export class BlockRDD<T> extends ParallelCollectionRDD<T> {
  readonly #lost: ReadonlyMap<number, () => Error>;

  constructor(
    context: RDDContext,
    blocks: readonly (readonly T[])[],
    lost: ReadonlyMap<number, () => Error>,
  ) {
    super(context, blocks, 'receiverStream', 'BlockRDD');
    this.#lost = lost;
  }

  protected override computeInto(index: number, sink: Sink<T>): void {
    this.#check(index);
    super.computeInto(index, sink);
  }

  protected override materialize(index: number): readonly T[] {
    this.#check(index);
    return super.materialize(index);
  }

  #check(index: number): void {
    const lost = this.#lost.get(index);
    if (lost !== undefined) throw lost();
  }
}
