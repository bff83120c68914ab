/**
 * `rdd.checkpoint()` and `rdd.localCheckpoint()` (Spark's RDDCheckpointData, its reliable and
 * local kinds, and `RDD.doCheckpoint`): after a job, each RDD of the job's lineage that was marked
 * is materialised and its lineage replaced, so later computations read the checkpoint.
 */
import { join } from 'node:path';
import { SparkError } from '../errors.js';
import { CheckpointRDD } from './checkpoint-rdd.js';
import { writePartitionsSync } from './object-file.js';
import type { Partitioner } from './partitioner.js';
import { RDDNode, withOperationScope, type Dependency, type Sink } from './rdd-node.js';
import { StorageLevel } from './storage-level.js';

/**
 * After a job on `rdd` (the action `operation`): walk its lineage once (Spark's
 * `doCheckpointCalled`) and checkpoint the first marked RDD on every path.
 */
export function doCheckpoint(rdd: RDDNode<unknown>, operation: string): void {
  if (rdd.doCheckpointCalled) return;
  rdd.doCheckpointCalled = true;
  if (rdd.checkpointMark === undefined) {
    for (const dependency of rdd.dependencies) doCheckpoint(dependency.rdd, operation);
    return;
  }
  withOperationScope(operation, () => {
    if (rdd.checkpointMark === 'local') checkpointLocally(rdd);
    else checkpointReliably(rdd);
  });
}

/** Write every partition to `<checkpointDir>/rdd-<id>` and read the checkpoint from now on. */
function checkpointReliably(rdd: RDDNode<unknown>): void {
  const dir = rdd.context.getCheckpointDir();
  if (dir === undefined) throw checkpointDirectoryNotSet();
  const path = join(dir, `rdd-${rdd.id}`);
  const partitions = writePartitionsSync(rdd, path);
  // Differs from Spark: the data read back stays in memory (Spark reads the files again on each
  // computation unless the RDD is persisted).
  rdd.checkpointRDD = new CheckpointRDD(rdd.context, partitions, rdd.partitioner);
  rdd.checkpointFile = path;
}

/** Keep every partition in the cache and read the cache from now on (Spark's LocalCheckpointRDD). */
function checkpointLocally(rdd: RDDNode<unknown>): void {
  for (let p = 0; p < rdd.numPartitions; p++) rdd.partition(p);
  rdd.checkpointRDD = new LocalCheckpointRDD(rdd);
}

/** Spark's `SparkCoreErrors.checkpointDirectoryHasNotBeenSetInSparkContextError`. */
export function checkpointDirectoryNotSet(): SparkError {
  return new SparkError('Checkpoint directory has not been set in the SparkContext');
}

/** The storage level of a locally checkpointed RDD: its level with disk (Spark's `transformStorageLevel`). */
export function localCheckpointLevel(level: StorageLevel): StorageLevel {
  switch (level) {
    case StorageLevel.NONE:
    case StorageLevel.MEMORY_ONLY:
      return StorageLevel.MEMORY_AND_DISK;
    case StorageLevel.MEMORY_ONLY_2:
      return StorageLevel.MEMORY_AND_DISK_2;
    case StorageLevel.MEMORY_ONLY_SER:
      return StorageLevel.MEMORY_AND_DISK_SER;
    default:
      return level;
  }
}

/** The cached partitions of a locally checkpointed RDD; gone once it is unpersisted. */
class LocalCheckpointRDD<T> extends RDDNode<T> {
  readonly className = 'LocalCheckpointRDD';
  readonly dependencies: readonly Dependency[] = [];
  readonly #rdd: RDDNode<T>;

  constructor(rdd: RDDNode<T>) {
    super(rdd.context, 'localCheckpoint');
    this.#rdd = rdd;
  }

  get numPartitions(): number {
    return this.#rdd.numPartitions;
  }

  override get partitioner(): Partitioner | undefined {
    return this.#rdd.partitioner;
  }

  protected computeInto(index: number, sink: Sink<T>): void {
    const items = this.materialize(index);
    for (let i = 0; i < items.length; i++) sink(items[i] as T);
  }

  protected override materialize(index: number): readonly T[] {
    const items = this.#rdd.cachedPartition(index);
    if (items !== undefined) return items;
    throw new SparkError(
      [
        `Checkpoint block rdd_${this.#rdd.id}_${index} not found! Either the executor`,
        'that originally checkpointed this partition is no longer alive, or the original RDD is',
        'unpersisted. If this problem persists, you may consider using `rdd.checkpoint()`',
        'instead, which is slower than local checkpointing but more fault-tolerant.',
      ].join('\n'),
    );
  }
}
