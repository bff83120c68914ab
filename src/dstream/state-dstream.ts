/** Port of Spark's StateDStream (streaming/.../dstream/StateDStream.scala): `updateStateByKey`. */
import type { Pair } from '../rdd/pair.js';
import type { Partitioner } from '../rdd/partitioner.js';
import { RDD } from '../rdd/rdd.js';
import { StorageLevel } from '../rdd/storage-level.js';
import { UpdatedStateRDD } from '../state/updated-state-rdd.js';
import type { Time } from '../time/time.js';
import type { Duration } from '../time/duration.js';
import { DStreamNode } from './dstream-node.js';

/** One key's input to the partition-level update function: key, new values, previous state. */
export type StateUpdateInput<K, V, S> = readonly [key: K, values: V[], state: S | undefined];

/** Spark's iterator form of the update function, with the batch time. */
export type PartitionUpdateFunction<K, V, S> = (
  time: Time,
  items: Iterable<StateUpdateInput<K, V, S>>,
) => Iterable<Pair<K, S>>;

/** The update function: per key (`null`/`undefined` drops the key), or over a whole partition. */
export type StateUpdate<K, V, S> =
  | {
      readonly perKey: (
        time: Time,
        key: K,
        values: V[],
        state: S | undefined,
      ) => S | null | undefined;
    }
  | { readonly partition: PartitionUpdateFunction<K, V, S> };

/**
 * The state of every key after each batch. The update function sees every key that has new values
 * or a state, every batch (empty values for keys without data); keys it drops are gone.
 *
 * With a per-key function, each batch merges the previous state with the batch's data
 * (`UpdatedStateRDD`) instead of Spark's cogroup, once the previous state is known to hold each key
 * once in its partitioner's partition: the state this stream computed (not one restored from a
 * checkpoint, nor the initial RDD, which go through the cogroup once).
 */
export class StateDStream<K, V, S> extends DStreamNode<Pair<K, S>> {
  readonly #parent: DStreamNode<Pair<K, V>>;
  readonly #update: StateUpdate<K, V, S>;
  readonly #partitioner: Partitioner;
  readonly #preservePartitioning: boolean;
  readonly #initialRDD: RDD<Pair<K, S>> | undefined;
  /** Batch times whose state RDD this stream computed with a per-key function. */
  readonly #mergeable = new Set<number>();

  constructor(
    parent: DStreamNode<Pair<K, V>>,
    update: StateUpdate<K, V, S>,
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
    const previousTime = validTime.minus(this.slideDuration);
    const previous = this.getOrCompute(previousTime);
    const data = this.#parent.getOrCompute(validTime);
    const update = this.#update;
    if ('perKey' in update) {
      if (previous !== undefined && this.#mergeable.has(previousTime.milliseconds)) {
        this.#mergeable.add(validTime.milliseconds);
        return this.#merge(validTime, previous, data, update.perKey);
      }
      const rdd = this.#cogroupUpdate(validTime, previous, data, perKey(update.perKey));
      if (rdd !== undefined) this.#mergeable.add(validTime.milliseconds);
      return rdd;
    }
    return this.#cogroupUpdate(validTime, previous, data, update.partition);
  }

  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    for (const ms of this.#mergeable) if (!this.generatedRDDs.has(ms)) this.#mergeable.delete(ms);
  }

  #merge(
    time: Time,
    previous: RDD<Pair<K, S>>,
    data: RDD<Pair<K, V>> | undefined,
    update: (time: Time, key: K, values: V[], state: S | undefined) => S | null | undefined,
  ): RDD<Pair<K, S>> {
    const batch = (data ?? this.context.sparkContext.emptyRDD<Pair<K, V>>()).partitionBy(
      this.#partitioner,
    );
    return new RDD(
      new UpdatedStateRDD<K, V, S>(
        previous.node,
        batch.node,
        (key, values, state) => update(time, key, values, state),
        this.#partitioner,
        this.#preservePartitioning,
      ),
    );
  }

  /** Spark's way: cogroup the data with the previous state, then update each partition. */
  #cogroupUpdate(
    validTime: Time,
    previous: RDD<Pair<K, S>> | undefined,
    data: RDD<Pair<K, V>> | undefined,
    update: PartitionUpdateFunction<K, V, S>,
  ): RDD<Pair<K, S>> | undefined {
    if (previous !== undefined) {
      if (data !== undefined) return this.#updateWith(validTime, data, previous, update);
      // No new data: every existing key is updated with no values.
      return previous.mapPartitions(
        (items) => update(validTime, withoutValues<K, V, S>(items)),
        this.#preservePartitioning,
      );
    }
    if (data === undefined) return undefined;
    if (this.#initialRDD !== undefined) {
      return this.#updateWith(validTime, data, this.#initialRDD, update);
    }
    return data
      .groupByKey(this.#partitioner)
      .mapPartitions(
        (groups) => update(validTime, withoutState<K, V, S>(groups)),
        this.#preservePartitioning,
      );
  }

  #updateWith(
    time: Time,
    data: RDD<Pair<K, V>>,
    states: RDD<Pair<K, S>>,
    update: PartitionUpdateFunction<K, V, S>,
  ): RDD<Pair<K, S>> {
    return data
      .cogroup(states, this.#partitioner)
      .mapPartitions(
        (groups) => update(time, withStates<K, V, S>(groups)),
        this.#preservePartitioning,
      );
  }
}

/** Adapt a per-key update function to Spark's partition-level form. */
function perKey<K, V, S>(
  update: (time: Time, key: K, values: V[], state: S | undefined) => S | null | undefined,
): PartitionUpdateFunction<K, V, S> {
  return function* (time, items) {
    for (const [key, values, state] of items) {
      const next = update(time, key, values, state);
      if (next !== undefined && next !== null) yield [key, next];
    }
  };
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
