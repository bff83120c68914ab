/** Port of Spark's CoGroupedRDD (core/.../rdd/CoGroupedRDD.scala). */
import { markAsList } from './format.js';
import { KeyIndex } from './key-map.js';
import { checkPair, type Pair } from './pair.js';
import type { Partitioner } from './partitioner.js';
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';
import { runTask } from './task-context.js';

/**
 * For each key in any parent, one record `[key, [valuesOfParent0, valuesOfParent1, ...]]`.
 * Keys appear in first-seen order (parent 0 first), values in their parent's partition order.
 */
export class CoGroupedRDD<K> extends RDDNode<Pair<K, unknown[][]>> {
  readonly className = 'CoGroupedRDD';
  readonly dependencies: readonly Dependency[];
  readonly #parents: readonly RDDNode<Pair<K, unknown>>[];
  readonly #partitioner: Partitioner;
  #output: Pair<K, unknown[][]>[][] | undefined;

  constructor(
    parents: readonly RDDNode<Pair<K, unknown>>[],
    partitioner: Partitioner,
    operation: string,
  ) {
    super((parents[0] as RDDNode<Pair<K, unknown>>).context, operation);
    this.#parents = parents;
    this.#partitioner = partitioner;
    // As Spark: a parent already partitioned by `partitioner` is a narrow (one-to-one) dependency.
    this.dependencies = parents.map((rdd) => ({
      rdd,
      shuffle: rdd.partitioner?.equals(partitioner) !== true,
    }));
  }

  override get holdsAllPartitions(): boolean {
    return this.#output !== undefined || super.holdsAllPartitions;
  }

  get numPartitions(): number {
    return this.#partitioner.numPartitions;
  }

  override get partitioner(): Partitioner {
    return this.#partitioner;
  }

  protected computeInto(index: number, sink: Sink<Pair<K, unknown[][]>>): void {
    const items = this.materialize(index);
    for (let i = 0; i < items.length; i++) sink(items[i] as Pair<K, unknown[][]>);
  }

  protected override materialize(index: number): readonly Pair<K, unknown[][]>[] {
    this.#output ??= this.#group();
    return this.#output[index] ?? [];
  }

  #group(): Pair<K, unknown[][]>[][] {
    const partitioner = this.#partitioner;
    const arity = this.#parents.length;
    const keys: KeyIndex<K>[] = [];
    const groups: unknown[][][][] = [];
    for (let p = 0; p < partitioner.numPartitions; p++) {
      keys.push(new KeyIndex<K>());
      groups.push([]);
    }
    this.#parents.forEach((parent, side) => {
      // Each parent partition is a task of the shuffle's map stage (accumulators count it alone).
      const mapTask = (m: number): void => {
        parent.iterate(m, (record) => {
          checkPair(record);
          const p = partitioner.getPartition(record[0]);
          const partitionGroups = groups[p] as unknown[][][];
          const slot = (keys[p] as KeyIndex<K>).slotOf(record[0]);
          if (slot === partitionGroups.length) {
            const sides: unknown[][] = [];
            for (let s = 0; s < arity; s++) sides.push(markAsList([]));
            partitionGroups.push(sides);
          }
          ((partitionGroups[slot] as unknown[][])[side] as unknown[]).push(record[1]);
        });
      };
      for (let m = 0; m < parent.numPartitions; m++) runTask(mapTask, m);
    });
    return keys.map((index, p) =>
      index.keys.map((key, slot): Pair<K, unknown[][]> => [
        key,
        (groups[p] as unknown[][][])[slot] as unknown[][],
      ]),
    );
  }
}
