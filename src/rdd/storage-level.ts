/** Port of Spark's StorageLevel (core/src/main/scala/org/apache/spark/storage/StorageLevel.scala). */

/**
 * How a persisted RDD is kept. Every level other than `NONE` memoises the computed partitions in
 * memory; the flags exist so that ported code and `toDebugString` read as in Spark.
 *
 * Differs from Spark: one process, one heap, so nothing is serialised, spilled to disk or replicated.
 *
 * @example
 * ```ts
 * rdd.persist(StorageLevel.MEMORY_AND_DISK);
 * ```
 */
export class StorageLevel {
  /** Whether partitions spill to disk (in Spark; here partitions stay in memory). */
  readonly useDisk: boolean;
  /** Whether computed partitions are kept in memory. */
  readonly useMemory: boolean;
  /** Whether they are kept as objects (Spark; here always). */
  readonly deserialized: boolean;
  /** Copies kept (Spark; here one). */
  readonly replication: number;
  readonly #name: string;

  private constructor(
    name: string,
    useDisk: boolean,
    useMemory: boolean,
    deserialized: boolean,
    replication = 1,
  ) {
    this.#name = name;
    this.useDisk = useDisk;
    this.useMemory = useMemory;
    this.deserialized = deserialized;
    this.replication = replication;
  }

  /** Not persisted (the default). */
  static readonly NONE = new StorageLevel('NONE', false, false, false);
  /** Spark: on disk only (here: kept in memory). */
  static readonly DISK_ONLY = new StorageLevel('DISK_ONLY', true, false, false);
  /** In memory, as objects (`cache()`). */
  static readonly MEMORY_ONLY = new StorageLevel('MEMORY_ONLY', false, true, true);
  /** In memory, two replicas in Spark (one here). */
  static readonly MEMORY_ONLY_2 = new StorageLevel('MEMORY_ONLY_2', false, true, true, 2);
  /** In memory, serialized in Spark (objects here). */
  static readonly MEMORY_ONLY_SER = new StorageLevel('MEMORY_ONLY_SER', false, true, false);
  /** In memory, spilling to disk in Spark. */
  static readonly MEMORY_AND_DISK = new StorageLevel('MEMORY_AND_DISK', true, true, true);
  /** In memory and disk, two replicas in Spark. */
  static readonly MEMORY_AND_DISK_2 = new StorageLevel('MEMORY_AND_DISK_2', true, true, true, 2);
  /** In memory and disk, serialized in Spark. */
  static readonly MEMORY_AND_DISK_SER = new StorageLevel('MEMORY_AND_DISK_SER', true, true, false);
  /** Spark's default for received blocks: serialized, memory and disk, two replicas. */
  static readonly MEMORY_AND_DISK_SER_2 = new StorageLevel(
    'MEMORY_AND_DISK_SER_2',
    true,
    true,
    false,
    2,
  );

  /** Whether data is kept at all. */
  get isValid(): boolean {
    return this.useMemory || this.useDisk;
  }

  /** Spark's `description`, e.g. `"Memory Serialized 1x Replicated"`; empty for `NONE`. */
  get description(): string {
    if (!this.isValid) return '';
    let text = '';
    if (this.useDisk) text += 'Disk ';
    if (this.useMemory) text += 'Memory ';
    text += this.deserialized ? 'Deserialized ' : 'Serialized ';
    return `${text}${this.replication}x Replicated`;
  }

  /**
   * Return the level's name, e.g. `MEMORY_ONLY`. Differs from Spark: Scala renders
   * `StorageLevel(memory, deserialized, 1 replicas)`; the constant's name is what code names.
   */
  toString(): string {
    return this.#name;
  }
}
