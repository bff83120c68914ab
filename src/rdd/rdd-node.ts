/** Port of the abstract part of Spark's RDD (core/src/main/scala/org/apache/spark/rdd/RDD.scala). */
import { CallSite } from './call-site.js';
import type { Partitioner } from './partitioner.js';
import type { RDDContext } from './rdd-context.js';
import { StorageLevel } from './storage-level.js';

/** The public operation being built, if any: see {@link withOperationScope}. */
let scopedOperation: string | undefined;

/**
 * Run `body` so that every RDD it creates is named after `operation`. Spark's call site names an
 * RDD after the outermost API method the user called, so all RDDs behind `join` show
 * `join at ...` (not `cogroup`, `mapValues`, `flatMapValues`). Nested scopes keep the outer name.
 */
export function withOperationScope<R>(operation: string, body: () => R): R {
  if (scopedOperation !== undefined) return body();
  scopedOperation = operation;
  try {
    return body();
  } finally {
    scopedOperation = undefined;
  }
}

/** Where a computed element goes next: the fused narrow chain is a chain of sinks. */
export type Sink<T> = (value: T) => void;

/** A parent edge of the lineage: narrow (same partition) or a shuffle (stage boundary). */
export interface Dependency {
  readonly rdd: RDDNode<unknown>;
  readonly shuffle: boolean;
}

/**
 * An immutable, partitioned, lazily computed collection. Subclasses compute one partition by
 * pushing its elements into a sink, which lets narrow operations fuse into a single pass.
 */
export abstract class RDDNode<T> {
  readonly context: RDDContext;
  readonly id: number;
  readonly callSite: CallSite;
  name: string | undefined;
  #storageLevel = StorageLevel.NONE;
  #cached: (readonly T[] | undefined)[] | undefined;

  protected constructor(context: RDDContext, operation: string) {
    this.context = context;
    this.id = context.newRddId();
    this.callSite = new CallSite(scopedOperation ?? operation, context.callSiteOverride);
  }

  abstract readonly numPartitions: number;
  abstract readonly dependencies: readonly Dependency[];
  /** Spark's class name, shown by `toDebugString`. */
  abstract readonly className: string;
  get partitioner(): Partitioner | undefined {
    return undefined;
  }

  /** Push partition `index`'s elements, in order, into `sink`. */
  protected abstract computeInto(index: number, sink: Sink<T>): void;

  /**
   * What `rdd.checkpoint()` / `rdd.localCheckpoint()` asked for; the lineage is truncated after
   * the next job on this RDD or a descendant (see `rdd-checkpoint.ts`).
   */
  checkpointMark: 'reliable' | 'local' | undefined;
  /** The RDD that replaced this one's lineage once checkpointed (Spark's `checkpointRDD`). */
  checkpointRDD: RDDNode<T> | undefined;
  /** Whether a job already walked this RDD for checkpoints (Spark's `doCheckpointCalled`). */
  doCheckpointCalled = false;
  /** Where this RDD was written by `checkpoint()`, once it was. */
  checkpointFile: string | undefined;

  /** The parents to show and walk: the checkpoint instead of the lineage once checkpointed. */
  get lineage(): readonly Dependency[] {
    const checkpoint = this.checkpointRDD;
    return checkpoint === undefined ? this.dependencies : [{ rdd: checkpoint, shuffle: false }];
  }

  /** Push partition `index`'s elements into `sink`, from the cache when persisted. */
  iterate(index: number, sink: Sink<T>): void {
    if (this.#storageLevel === StorageLevel.NONE) {
      const checkpoint = this.checkpointRDD;
      if (checkpoint === undefined) this.computeInto(index, sink);
      else checkpoint.iterate(index, sink);
      return;
    }
    const items = this.partition(index);
    for (let i = 0; i < items.length; i++) sink(items[i] as T);
  }

  /** Return partition `index` as an array that callers must not modify. */
  partition(index: number): readonly T[] {
    const cached = this.#cached?.[index];
    if (cached !== undefined) return cached;
    const items = this.checkpointRDD?.partition(index) ?? this.materialize(index);
    if (this.#storageLevel !== StorageLevel.NONE) {
      this.#cached ??= new Array<readonly T[] | undefined>(this.numPartitions);
      this.#cached[index] = items;
    }
    return items;
  }

  /**
   * Return partition `index` as an array when this RDD holds it (source data, shuffle output, a
   * persisted partition), or when computing it makes the array anyway; `undefined` when it would
   * be computed element by element. Fused narrow chains loop over it.
   */
  heldPartition(index: number): readonly T[] | undefined {
    if (this.#storageLevel !== StorageLevel.NONE || this.holdsPartitions) {
      return this.partition(index);
    }
    return this.checkpointRDD?.heldPartition(index);
  }

  /** Return partition `index` if it is held in the cache now, without computing anything. */
  cachedPartition(index: number): readonly T[] | undefined {
    return this.#cached?.[index];
  }

  /** Whether `materialize` returns arrays this RDD already holds (set by such sources). */
  protected readonly holdsPartitions: boolean = false;

  /** Fold partition `index`'s elements, in order, into `acc` with `op`. */
  foldPartition<A>(index: number, acc: A, op: (acc: A, value: T) => A): A {
    const items = this.heldPartition(index);
    if (items !== undefined) {
      let result = acc;
      for (let i = 0; i < items.length; i++) result = op(result, items[i] as T);
      return result;
    }
    const holder = { acc };
    this.iterate(index, (value) => {
      holder.acc = op(holder.acc, value);
    });
    return holder.acc;
  }

  /** Compute partition `index` into a fresh array; sources holding arrays return them directly. */
  protected materialize(index: number): readonly T[] {
    const items: T[] = [];
    this.computeInto(index, (value) => items.push(value));
    return items;
  }

  /**
   * Spark's `RDD.checkpoint()` as a DStream calls it on a batch it will checkpoint; RDDs that
   * behave differently on such batches (mapWithState's timeout scan) override it.
   */
  markForCheckpoint(): void {
    this.checkpointMarked = true;
  }

  /** Whether `markForCheckpoint` was called. */
  checkpointMarked = false;

  get storageLevel(): StorageLevel {
    return this.#storageLevel;
  }

  setStorageLevel(level: StorageLevel): void {
    this.#storageLevel = level;
    if (level === StorageLevel.NONE) this.#cached = undefined;
  }

  /** Number of partitions currently held in memory. */
  get cachedPartitions(): number {
    return this.#cached?.filter((p) => p !== undefined).length ?? 0;
  }

  /**
   * Whether every partition can be read without computing the parents (persisted and computed;
   * shuffles override it once their output exists).
   */
  get holdsAllPartitions(): boolean {
    return this.#storageLevel !== StorageLevel.NONE && this.cachedPartitions === this.numPartitions;
  }

  /** The partitions currently held in memory. */
  get cachedPartitionData(): readonly (readonly T[])[] {
    return (this.#cached ?? []).filter((p) => p !== undefined);
  }
}
