/**
 * One batch of `updateStateByKey` with a per-key update function, computed by merging the
 * previous state partition with the batch's data partition: what Spark's StateDStream gets from
 * `cogroup` + `mapPartitions`, in the same order, without building a group per key. A key whose
 * state the function returns unchanged keeps its pair object, so the versions the stream
 * remembers share the pairs of keys that did not change.
 *
 * Differs from Spark: one RDD instead of `CoGroupedRDD` + `MapPartitionsRDD`, so `toDebugString`
 * has no CoGroupedRDD line (the class name shown is MapPartitionsRDD, as Spark's top line).
 */
import { markAsList } from '../rdd/format.js';
import { KeyIndex } from '../rdd/key-map.js';
import { checkPair, type Pair } from '../rdd/pair.js';
import type { Partitioner } from '../rdd/partitioner.js';
import { RDDNode, type Dependency, type Sink } from '../rdd/rdd-node.js';

/**
 * The values of a key without new data: one shared, frozen empty list (Spark passes an empty,
 * immutable Seq), so a batch over millions of idle keys allocates nothing for them.
 */
const NO_VALUES = Object.freeze(markAsList<unknown[]>([])) as unknown[];

/** The per-key update: new values (possibly none) and the previous state, to the next state. */
export type KeyUpdate<K, V, S> = (
  key: K,
  values: V[],
  state: S | undefined,
) => S | null | undefined;

/**
 * Partition p: the keys of data partition p in first-seen order, then the keys of previous
 * partition p that had no data, in their order (cogroup's order, data first); each with the
 * state the update function gave it, keys it gave `null` or `undefined` dropped.
 *
 * The previous RDD must hold each key once, in the partition `partitioner` gives it (the output
 * of this RDD, or its checkpoint), and the data RDD must be partitioned by `partitioner`.
 */
export class UpdatedStateRDD<K, V, S> extends RDDNode<Pair<K, S>> {
  readonly className = 'MapPartitionsRDD';
  readonly dependencies: readonly Dependency[];
  readonly #previous: RDDNode<Pair<K, S>>;
  readonly #data: RDDNode<Pair<K, V>>;
  readonly #update: KeyUpdate<K, V, S>;
  readonly #partitioner: Partitioner;
  readonly #keepPartitioner: boolean;

  constructor(
    previous: RDDNode<Pair<K, S>>,
    data: RDDNode<Pair<K, V>>,
    update: KeyUpdate<K, V, S>,
    partitioner: Partitioner,
    keepPartitioner: boolean,
  ) {
    super(previous.context, 'updateStateByKey');
    this.#previous = previous;
    this.#data = data;
    this.#update = update;
    this.#partitioner = partitioner;
    this.#keepPartitioner = keepPartitioner;
    this.dependencies = [
      { rdd: previous, shuffle: false },
      { rdd: data, shuffle: false },
    ];
  }

  get numPartitions(): number {
    return this.#partitioner.numPartitions;
  }

  override get partitioner(): Partitioner | undefined {
    return this.#keepPartitioner ? this.#partitioner : undefined;
  }

  protected computeInto(index: number, sink: Sink<Pair<K, S>>): void {
    const items = this.partition(index);
    for (let i = 0; i < items.length; i++) sink(items[i] as Pair<K, S>);
  }

  protected override materialize(index: number): readonly Pair<K, S>[] {
    const update = this.#update;
    const dataKeys = new KeyIndex<K>();
    const dataValues: V[][] = [];
    this.#data.iterate(index, (record) => {
      checkPair(record);
      const slot = dataKeys.slotOf(record[0]);
      if (slot === dataValues.length) dataValues.push(markAsList([]));
      (dataValues[slot] as V[]).push(record[1]);
    });
    const keys = dataKeys.keys;
    const dataStates = new Array<S | undefined>(keys.length);
    const previous = this.#previous.partition(index);
    const untouched: Pair<K, S>[] = [];
    for (let i = 0; i < previous.length; i++) {
      const pair = previous[i] as Pair<K, S>;
      const slot = keys.length === 0 ? -1 : dataKeys.find(pair[0]);
      if (slot < 0) untouched.push(pair);
      else dataStates[slot] = pair[1];
    }
    const next: Pair<K, S>[] = [];
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot] as K;
      const state = update(key, dataValues[slot] as V[], dataStates[slot]);
      if (state !== undefined && state !== null) next.push([key, state]);
    }
    for (let i = 0; i < untouched.length; i++) {
      const pair = untouched[i] as Pair<K, S>;
      const state = update(pair[0], NO_VALUES as V[], pair[1]);
      if (state === pair[1]) next.push(pair);
      else if (state !== undefined && state !== null) next.push([pair[0], state]);
    }
    return next;
  }
}
