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
  readonly useDisk: boolean;
  readonly useMemory: boolean;
  readonly deserialized: boolean;
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

  static readonly NONE = new StorageLevel('NONE', false, false, false);
  static readonly DISK_ONLY = new StorageLevel('DISK_ONLY', true, false, false);
  static readonly MEMORY_ONLY = new StorageLevel('MEMORY_ONLY', false, true, true);
  static readonly MEMORY_ONLY_2 = new StorageLevel('MEMORY_ONLY_2', false, true, true, 2);
  static readonly MEMORY_ONLY_SER = new StorageLevel('MEMORY_ONLY_SER', false, true, false);
  static readonly MEMORY_AND_DISK = new StorageLevel('MEMORY_AND_DISK', true, true, true);
  static readonly MEMORY_AND_DISK_2 = new StorageLevel('MEMORY_AND_DISK_2', true, true, true, 2);
  static readonly MEMORY_AND_DISK_SER = new StorageLevel('MEMORY_AND_DISK_SER', true, true, false);
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

  toString(): string {
    return this.#name;
  }
}
