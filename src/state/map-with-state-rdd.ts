/** Port of Spark's MapWithStateRDD (streaming/.../rdd/MapWithStateRDD.scala). */
import type { Pair } from '../rdd/pair.js';
import type { Partitioner } from '../rdd/partitioner.js';
import { RDDNode, type Dependency, type Sink } from '../rdd/rdd-node.js';
import type { Time } from '../time/time.js';
import { State } from './state.js';
import { StateMap } from './state-map.js';
import type { MappingFunctionWithTime } from './state-spec.js';

/** One partition of a mapWithState batch: the state after the batch and what it emitted. */
export interface MapWithStateRecord<K, S, M> {
  readonly stateMap: StateMap<K, S>;
  readonly mappedData: readonly M[];
}

/**
 * Partition p of batch t: partition p of the batch t - 1 state, updated by every record of
 * partition p of the (state-partitioned) data, in order. On checkpoint batches (`markForCheckpoint`)
 * it also times out idle keys, as Spark's full scan does.
 */
export class MapWithStateRDD<K, V, S, M> extends RDDNode<MapWithStateRecord<K, S, M>> {
  readonly className = 'MapWithStateRDD';
  readonly dependencies: readonly Dependency[];
  readonly #previous: RDDNode<MapWithStateRecord<K, S, M>>;
  readonly #data: RDDNode<Pair<K, V>>;
  readonly #mappingFunction: MappingFunctionWithTime<K, V, S, M>;
  readonly #batchTime: Time;
  readonly #timeoutThreshold: number | undefined;
  #fullScan = false;

  constructor(
    previous: RDDNode<MapWithStateRecord<K, S, M>>,
    data: RDDNode<Pair<K, V>>,
    mappingFunction: MappingFunctionWithTime<K, V, S, M>,
    batchTime: Time,
    timeoutThreshold: number | undefined,
  ) {
    super(previous.context, 'mapWithState');
    this.#previous = previous;
    this.#data = data;
    this.#mappingFunction = mappingFunction;
    this.#batchTime = batchTime;
    this.#timeoutThreshold = timeoutThreshold;
    this.dependencies = [
      { rdd: previous, shuffle: false },
      { rdd: data, shuffle: false },
    ];
  }

  get numPartitions(): number {
    return this.#previous.numPartitions;
  }

  override get partitioner(): Partitioner | undefined {
    return this.#previous.partitioner;
  }

  /** Spark's MapWithStateRDD.checkpoint(): a checkpointed batch also scans for timeouts. */
  override markForCheckpoint(): void {
    super.markForCheckpoint();
    this.#fullScan = true;
  }

  protected computeInto(index: number, sink: Sink<MapWithStateRecord<K, S, M>>): void {
    const previous = this.#previous.partition(index)[0];
    const stateMap =
      previous === undefined ? StateMap.empty<K, S>() : previous.stateMap.newVersion();
    const mappedData: M[] = [];
    const state = new State<S>();
    const time = this.#batchTime;
    const fn = this.#mappingFunction;
    const hasTimeout = this.#timeoutThreshold !== undefined;
    this.#data.iterate(index, ([key, value]) => {
      const slot = stateMap.slotOf(key);
      state.wrapState(slot >= 0, slot >= 0 ? stateMap.stateAt(slot) : undefined);
      const mapped = fn(time, key, value, state);
      if (state.isRemoved) {
        if (slot >= 0) stateMap.removeAt(key, slot);
      } else if (state.isUpdated || (hasTimeout && state.exists())) {
        stateMap.putAt(key, slot, state.get(), time.milliseconds);
      }
      if (mapped !== undefined) mappedData.push(mapped);
    });
    if (this.#fullScan && this.#timeoutThreshold !== undefined) {
      for (const [key, entry] of stateMap.getByTime(this.#timeoutThreshold)) {
        state.wrapTimingOut(entry.state);
        const mapped = fn(time, key, undefined, state);
        if (mapped !== undefined) mappedData.push(mapped);
        stateMap.remove(key);
      }
    }
    stateMap.seal();
    sink({ stateMap, mappedData });
  }
}

/** Spark's `MapWithStateRDD.createFromPairRDD`: the initial state, one state map per partition. */
export class InitialStateRDD<K, S, M> extends RDDNode<MapWithStateRecord<K, S, M>> {
  readonly className = 'MapWithStateRDD';
  readonly dependencies: readonly Dependency[];
  readonly #pairs: RDDNode<Pair<K, S>>;
  readonly #updateTime: number;

  constructor(pairs: RDDNode<Pair<K, S>>, updateTime: number) {
    super(pairs.context, 'mapWithState');
    this.#pairs = pairs;
    this.#updateTime = updateTime;
    this.dependencies = [{ rdd: pairs, shuffle: false }];
  }

  get numPartitions(): number {
    return this.#pairs.numPartitions;
  }

  override get partitioner(): Partitioner | undefined {
    return this.#pairs.partitioner;
  }

  protected computeInto(index: number, sink: Sink<MapWithStateRecord<K, S, M>>): void {
    const stateMap = StateMap.empty<K, S>();
    this.#pairs.iterate(index, ([key, state]) => {
      stateMap.put(key, state, this.#updateTime);
    });
    sink({ stateMap, mappedData: [] });
  }
}
