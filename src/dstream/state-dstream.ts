/** Port of Spark's StateDStream (streaming/.../dstream/StateDStream.scala): `updateStateByKey`. */
import type { Pair } from '../rdd/pair.js';
import type { Partitioner } from '../rdd/partitioner.js';
import type { RDD } from '../rdd/rdd.js';
import { StorageLevel } from '../rdd/storage-level.js';
import type { Duration } from '../time/duration.js';
import type { Time } from '../time/time.js';
import { DStreamNode } from './dstream-node.js';

/** One key's input to the partition-level update function: key, new values, previous state. */
export type StateUpdateInput<K, V, S> = readonly [key: K, values: V[], state: S | undefined];

/** Spark's iterator form of the update function, with the batch time. */
export type PartitionUpdateFunction<K, V, S> = (
  time: Time,
  items: Iterable<StateUpdateInput<K, V, S>>,
) => Iterable<Pair<K, S>>;

/**
 * The state of every key after each batch. The update function sees every key that has new values
 * or a state, every batch (empty values for keys without data); keys it drops are gone.
 */
export class StateDStream<K, V, S> extends DStreamNode<Pair<K, S>> {
  readonly #parent: DStreamNode<Pair<K, V>>;
  readonly #update: PartitionUpdateFunction<K, V, S>;
  readonly #partitioner: Partitioner;
  readonly #preservePartitioning: boolean;
  readonly #initialRDD: RDD<Pair<K, S>> | undefined;

  constructor(
    parent: DStreamNode<Pair<K, V>>,
    update: PartitionUpdateFunction<K, V, S>,
    partitioner: Partitioner,
    preservePartitioning: boolean,
    initialRDD: RDD<Pair<K, S>> | undefined,
  ) {
    super(parent.context, 'updateStateByKey');
    this.#parent = parent;
    this.#update = update;
    this.#partitioner = partitioner;
    this.#preservePartitioning = preservePartitioning;
    this.#initialRDD = initialRDD;
    this.storageLevel = StorageLevel.MEMORY_ONLY_SER;
    this.mustCheckpoint = true;
  }

  get slideDuration(): Duration {
    return this.#parent.slideDuration;
  }

  override get checkpointPartitioner(): Partitioner {
    return this.#partitioner;
  }

  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.#parent];
  }

  compute(validTime: Time): RDD<Pair<K, S>> | undefined {
    const previous = this.getOrCompute(validTime.minus(this.slideDuration));
    const data = this.#parent.getOrCompute(validTime);
    const update = this.#update;
    if (previous !== undefined) {
      if (data !== undefined) return this.#updateWith(validTime, data, previous);
      // No new data: every existing key is updated with no values.
      return previous.mapPartitions(
        (items) => update(validTime, withoutValues<K, V, S>(items)),
        this.#preservePartitioning,
      );
    }
    if (data === undefined) return undefined;
    if (this.#initialRDD !== undefined) return this.#updateWith(validTime, data, this.#initialRDD);
    return data
      .groupByKey(this.#partitioner)
      .mapPartitions(
        (groups) => update(validTime, withoutState<K, V, S>(groups)),
        this.#preservePartitioning,
      );
  }

  #updateWith(time: Time, data: RDD<Pair<K, V>>, states: RDD<Pair<K, S>>): RDD<Pair<K, S>> {
    const update = this.#update;
    return data
      .cogroup(states, this.#partitioner)
      .mapPartitions(
        (groups) => update(time, withStates<K, V, S>(groups)),
        this.#preservePartitioning,
      );
  }
}

function* withoutValues<K, V, S>(
  items: Iterable<Pair<K, S>>,
): Generator<StateUpdateInput<K, V, S>> {
  for (const [key, state] of items) yield [key, [], state];
}

function* withoutState<K, V, S>(
  groups: Iterable<Pair<K, V[]>>,
): Generator<StateUpdateInput<K, V, S>> {
  for (const [key, values] of groups) yield [key, values, undefined];
}

function* withStates<K, V, S>(
  groups: Iterable<Pair<K, readonly [V[], S[]]>>,
): Generator<StateUpdateInput<K, V, S>> {
  for (const [key, [values, states]] of groups) yield [key, values, states[0]];
}
