/** Port of Spark's HadoopRDD and WholeTextFileRDD (core/.../rdd/): one partition per input split. */
import type { RDDContext } from '../rdd/rdd-context.js';
import { RDDNode, type Dependency, type Sink } from '../rdd/rdd-node.js';

/** One partition's input: pushes its records into a sink when a job computes it. */
export type InputSplitReader<T> = (sink: Sink<T>) => void;

/**
 * Records read from files. The files are listed and cut into splits when the partitions are
 * first needed (Spark's `getPartitions`: on the first action or `getNumPartitions()`), and each
 * split is read when a task computes it, so a missing path fails then, as in Spark.
 */
export class HadoopRDD<T> extends RDDNode<T> {
  readonly className: string;
  readonly dependencies: readonly Dependency[] = [];
  readonly #listSplits: () => readonly InputSplitReader<T>[];
  #splits: readonly InputSplitReader<T>[] | undefined;

  constructor(
    context: RDDContext,
    operation: string,
    listSplits: () => readonly InputSplitReader<T>[],
    className = 'HadoopRDD',
  ) {
    super(context, operation);
    this.#listSplits = listSplits;
    this.className = className;
  }

  get numPartitions(): number {
    this.#splits ??= this.#listSplits();
    return this.#splits.length;
  }

  protected computeInto(index: number, sink: Sink<T>): void {
    this.#splits ??= this.#listSplits();
    this.#splits[index]?.(sink);
  }
}
