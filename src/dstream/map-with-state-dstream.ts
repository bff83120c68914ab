/** Port of Spark's MapWithStateDStream and InternalMapWithStateDStream (streaming/.../dstream/MapWithStateDStream.scala). */
import type { Pair } from '../rdd/pair.js';
import { HashPartitioner, type Partitioner } from '../rdd/partitioner.js';
import { RDD } from '../rdd/rdd.js';
import { StorageLevel } from '../rdd/storage-level.js';
import {
  InitialStateRDD,
  MapWithStateRDD,
  type MapWithStateRecord,
} from '../state/map-with-state-rdd.js';
import { StateMap } from '../state/state-map.js';
import type { StateSpec } from '../state/state-spec.js';
import type { StateColumns } from '../state/state-store.js';
import type { Duration } from '../time/duration.js';
import type { Time } from '../time/time.js';
import { DerivedDStream } from './derived-dstream.js';
import { DStreamNode } from './dstream-node.js';

/** Spark's DEFAULT_CHECKPOINT_DURATION_MULTIPLIER for mapWithState's state stream. */
const CHECKPOINT_MULTIPLIER = 10;

/** How one partition of a state RDD is written to a checkpoint. */
interface CheckpointedPartition<K, S, M> {
  readonly state: StateColumns<K, S>;
  readonly mappedData: readonly M[];
}

/** The hidden stream of state RDDs: one MapWithStateRDD record per partition per batch. */
export class InternalMapWithStateDStream<K, V, S, M> extends DStreamNode<
  MapWithStateRecord<K, S, M>
> {
  readonly #parent: DStreamNode<Pair<K, V>>;
  readonly #spec: StateSpec<K, V, S, M>;
  readonly #partitioner: Partitioner;

  constructor(parent: DStreamNode<Pair<K, V>>, spec: StateSpec<K, V, S, M>) {
    super(parent.context, 'mapWithState');
    this.#parent = parent;
    this.#spec = spec;
    this.#partitioner =
      spec.getPartitioner() ?? new HashPartitioner(parent.context.sparkContext.defaultParallelism);
    this.storageLevel = StorageLevel.MEMORY_ONLY;
    this.mustCheckpoint = true;
  }

  get slideDuration(): Duration {
    return this.#parent.slideDuration;
  }

  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.#parent];
  }

  override get checkpointPartitioner(): Partitioner {
    return this.#partitioner;
  }

  /**
   * Each partition's state as columns (`StateColumns`: no array per key, so a large state encodes
   * fast), plus what it emitted.
   */
  override encodeCheckpoint(rdd: RDD<MapWithStateRecord<K, S, M>>): unknown {
    const partitions: CheckpointedPartition<K, S, M>[] = [];
    for (let p = 0; p < rdd.node.numPartitions; p++) {
      const record = rdd.node.partition(p)[0];
      partitions.push({
        state: record?.stateMap.columns() ?? { keys: [], slots: [], states: [], times: [] },
        mappedData: record?.mappedData ?? [],
      });
    }
    return partitions;
  }

  protected override decodePartitions(
    data: unknown,
  ): readonly (readonly MapWithStateRecord<K, S, M>[])[] {
    const partitions = data as CheckpointedPartition<K, S, M>[];
    return partitions.map(({ state, mappedData }) => [
      { stateMap: StateMap.fromColumns(state), mappedData },
    ]);
  }

  /** The keys held after the batch at `time`: one state map per partition. */
  override stateSize(time: Time): number | undefined {
    const rdd = this.generatedRDDs.get(time.milliseconds);
    if (rdd === undefined) return undefined;
    let size = 0;
    for (let p = 0; p < rdd.node.numPartitions; p++) {
      size += rdd.node.partition(p)[0]?.stateMap.size ?? 0;
    }
    return size;
  }

  /** The `[key, state]` pairs held after the batch at `time`: every partition's state map. */
  override stateEntries(time: Time): (() => Iterable<readonly [unknown, unknown]>) | undefined {
    const rdd = this.generatedRDDs.get(time.milliseconds);
    if (rdd === undefined) return undefined;
    const node = rdd.node;
    return function* () {
      for (let p = 0; p < node.numPartitions; p++) {
        const stateMap = node.partition(p)[0]?.stateMap;
        if (stateMap === undefined) continue;
        for (const [key, entry] of stateMap.getAll()) yield [key, entry.state] as const;
      }
    };
  }

  override initialize(zeroTime: Time): void {
    this.checkpointDuration ??= this.slideDuration.times(CHECKPOINT_MULTIPLIER);
    super.initialize(zeroTime);
  }

  compute(validTime: Time): RDD<MapWithStateRecord<K, S, M>> {
    const sc = this.context.sparkContext;
    const previous =
      this.getOrCompute(validTime.minus(this.slideDuration))?.node ??
      new InitialStateRDD<K, S, M>(
        (this.#spec.getInitialStateRDD() ?? sc.parallelize<Pair<K, S>>([], 1)).partitionBy(
          this.#partitioner,
        ).node,
        validTime.milliseconds,
      );
    const data = (this.#parent.getOrCompute(validTime) ?? sc.emptyRDD<Pair<K, V>>()).partitionBy(
      this.#partitioner,
    );
    const timeout = this.#spec.getTimeoutInterval();
    return new RDD(
      new MapWithStateRDD(
        previous,
        data.node,
        this.#spec.mappingFunction,
        validTime,
        timeout === undefined ? undefined : validTime.minus(timeout).milliseconds,
      ),
    );
  }
}

/** The records a mapWithState function emitted, batch by batch. */
export class MapWithStateDStream<K, V, S, M> extends DerivedDStream<
  MapWithStateRecord<K, S, M>,
  M
> {
  constructor(internal: InternalMapWithStateDStream<K, V, S, M>) {
    super(internal, 'mapWithState');
  }

  /** Naming the mapped stream names its state stream, whose state checkpoints are matched by name. */
  override setName(name: string): void {
    super.setName(name);
    this.parent.setName(name);
  }

  /** Checkpointing the mapped stream sets the interval of the state stream, as in Spark. */
  override checkpoint(interval: Duration): void {
    this.parent.checkpoint(interval);
  }

  protected transformRDD(rdd: RDD<MapWithStateRecord<K, S, M>>): RDD<M> {
    return rdd.flatMap((record) => record.mappedData);
  }
}

/** Every `[key, state]` held after each batch (`stateSnapshots()`). */
export class StateSnapshotDStream<K, S, M> extends DerivedDStream<
  MapWithStateRecord<K, S, M>,
  Pair<K, S>
> {
  constructor(internal: DStreamNode<MapWithStateRecord<K, S, M>>) {
    super(internal, 'stateSnapshots');
  }

  protected transformRDD(rdd: RDD<MapWithStateRecord<K, S, M>>): RDD<Pair<K, S>> {
    return rdd.flatMap(function* (record): Generator<Pair<K, S>> {
      for (const [key, entry] of record.stateMap.getAll()) yield [key, entry.state];
    });
  }
}
