/** Port of Spark's ShuffledRDD (core/.../rdd/ShuffledRDD.scala) with its in-process shuffle. */
import type { Aggregator } from './aggregator.js';
import { KeyIndex } from './key-map.js';
import { checkPair, type Pair } from './pair.js';
import type { Partitioner } from './partitioner.js';
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';
import { runTask } from './task-context.js';

/**
 * The result of a shuffle by key. All map outputs are computed on first access and kept for the
 * RDD's lifetime, as Spark keeps shuffle files.
 *
 * Differs from Spark: order within a reduce partition is deterministic (Spark leaves it unspecified): keys in first-seen order over the
 * parent's partitions taken in order; without an aggregator, records in that same order; with a
 * `keyOrdering`, sorted by key (stable).
 */
export class ShuffledRDD<K, V, C> extends RDDNode<Pair<K, C>> {
  readonly className = 'ShuffledRDD';
  readonly dependencies: readonly Dependency[];
  readonly #parent: RDDNode<Pair<K, V>>;
  readonly #partitioner: Partitioner;
  readonly #aggregator: Aggregator<V, C> | undefined;
  readonly #mapSideCombine: boolean;
  readonly #keyOrdering: ((a: K, b: K) => number) | undefined;
  #output: (readonly Pair<K, C>[])[] | undefined;

  constructor(
    parent: RDDNode<Pair<K, V>>,
    partitioner: Partitioner,
    operation: string,
    options: {
      aggregator?: Aggregator<V, C>;
      mapSideCombine?: boolean;
      keyOrdering?: (a: K, b: K) => number;
    } = {},
  ) {
    super(parent.context, operation);
    this.#parent = parent;
    this.dependencies = [{ rdd: parent, shuffle: true }];
    this.#partitioner = partitioner;
    this.#aggregator = options.aggregator;
    this.#mapSideCombine = options.mapSideCombine ?? options.aggregator !== undefined;
    this.#keyOrdering = options.keyOrdering;
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

  protected computeInto(index: number, sink: Sink<Pair<K, C>>): void {
    const items = this.materialize(index);
    for (let i = 0; i < items.length; i++) sink(items[i] as Pair<K, C>);
  }

  protected override readonly holdsPartitions = true;

  protected override materialize(index: number): readonly Pair<K, C>[] {
    this.#output ??= this.#shuffle();
    return this.#output[index] ?? [];
  }

  #shuffle(): Pair<K, C>[][] {
    const buckets =
      this.#aggregator === undefined ? this.#bucketRecords() : this.#combine(this.#aggregator);
    const ordering = this.#keyOrdering;
    if (ordering !== undefined) {
      for (const bucket of buckets) bucket.sort((a, b) => ordering(a[0], b[0]));
    }
    return buckets;
  }

  #bucketRecords(): Pair<K, C>[][] {
    const partitioner = this.#partitioner;
    // Without an aggregator Spark's ShuffledRDD[K, V, C] has C = V.
    const buckets: Pair<K, V>[][] = [];
    for (let p = 0; p < partitioner.numPartitions; p++) buckets.push([]);
    const sink = (record: Pair<K, V>): void => {
      checkPair(record);
      (buckets[partitioner.getPartition(record[0])] as Pair<K, V>[]).push(record);
    };
    // Each map partition is a task of the shuffle's map stage (accumulators count it alone).
    const mapTask = (m: number): void => {
      this.#parent.iterate(m, sink);
    };
    for (let m = 0; m < this.#parent.numPartitions; m++) runTask(mapTask, m);
    return buckets as unknown as Pair<K, C>[][];
  }

  #combine(aggregator: Aggregator<V, C>): Pair<K, C>[][] {
    const partitioner = this.#partitioner;
    const reduceKeys: KeyIndex<K>[] = [];
    const reduceValues: C[][] = [];
    for (let p = 0; p < partitioner.numPartitions; p++) {
      reduceKeys.push(new KeyIndex<K>());
      reduceValues.push([]);
    }
    const { createCombiner, mergeValue, mergeCombiners } = aggregator;
    // Each map partition is a task of the shuffle's map stage (accumulators count it alone).
    const mapTask = (m: number): void => {
      if (!this.#mapSideCombine) {
        this.#parent.iterate(m, (record) => {
          checkPair(record);
          const p = partitioner.getPartition(record[0]);
          const values = reduceValues[p] as C[];
          const slot = (reduceKeys[p] as KeyIndex<K>).slotOf(record[0]);
          values[slot] =
            slot === values.length
              ? createCombiner(record[1])
              : mergeValue(values[slot] as C, record[1]);
        });
        return;
      }
      const mapKeys = new KeyIndex<K>();
      const mapValues: C[] = [];
      this.#parent.iterate(m, (record) => {
        checkPair(record);
        const slot = mapKeys.slotOf(record[0]);
        mapValues[slot] =
          slot === mapValues.length
            ? createCombiner(record[1])
            : mergeValue(mapValues[slot] as C, record[1]);
      });
      const keys = mapKeys.keys;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as K;
        const p = partitioner.getPartition(key);
        const values = reduceValues[p] as C[];
        // The first map output's keys are new to every reduce partition: no lookup needed.
        const slot =
          m === 0
            ? (reduceKeys[p] as KeyIndex<K>).addNew(key)
            : (reduceKeys[p] as KeyIndex<K>).slotOf(key);
        values[slot] =
          slot === values.length
            ? (mapValues[i] as C)
            : mergeCombiners(values[slot] as C, mapValues[i] as C);
      }
    };
    for (let m = 0; m < this.#parent.numPartitions; m++) runTask(mapTask, m);
    return reduceKeys.map((index, p) => {
      const values = reduceValues[p] as C[];
      return index.keys.map((key, slot): Pair<K, C> => [key, values[slot] as C]);
    });
  }
}
