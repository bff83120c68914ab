/**
 * `rdd.checkpoint()` and `rdd.localCheckpoint()`, after Spark's `CheckpointSuite`
 * (core/src/test/scala/org/apache/spark/CheckpointSuite.scala), `LocalCheckpointSuite`
 * (core/src/test/scala/org/apache/spark/rdd/LocalCheckpointSuite.scala) and PySpark's
 * `checkpoint` doctest (python/pyspark/rdd.py). Checkpoints are written to a real temporary
 * directory.
 */
import { readdir } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HashPartitioner,
  type Pair,
  type RDD,
  SparkContext,
  SparkError,
  StorageLevel,
} from '../../../src/index.js';

let dir: string;
let sc: SparkContext;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dstream-ts-rdd-cp-'));
  sc = new SparkContext();
  sc.setCheckpointDir(dir);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('rdd.checkpoint() (CheckpointSuite)', () => {
  for (const reliable of [true, false]) {
    it(`CheckpointSuite › basic checkpointing [${reliable ? 'reliable' : 'local'} checkpoint]`, () => {
      const parCollection = sc.makeRDD(range(1, 4));
      const flatMapped = parCollection.flatMap((x) => range(1, x));
      if (reliable) flatMapped.checkpoint();
      else flatMapped.localCheckpoint();
      expect(flatMapped.node.lineage[0]?.rdd).toBe(parCollection.node);
      expect(flatMapped.isCheckpointed).toBe(false);
      const result = flatMapped.collect();
      expect(flatMapped.node.lineage[0]?.rdd).not.toBe(parCollection.node);
      expect(flatMapped.isCheckpointed).toBe(true);
      expect(flatMapped.collect()).toEqual(result);
    });

    it(`CheckpointSuite › checkpointAllMarkedAncestors (false, Spark's default) [${reliable ? 'reliable' : 'local'}]`, () => {
      const rdd1 = sc.parallelize(range(1, 10));
      const rdd2 = rdd1.map((x) => x + 1);
      for (const rdd of [rdd1, rdd2]) {
        if (reliable) rdd.checkpoint();
        else rdd.localCheckpoint();
      }
      rdd2.count();
      expect(rdd1.isCheckpointed).toBe(false);
      expect(rdd2.isCheckpointed).toBe(true);
    });
  }

  it("checkpoint() without a directory fails with Spark's text", () => {
    const bare = new SparkContext();
    expect(() => {
      bare.parallelize([1]).checkpoint();
    }).toThrow(SparkError);
    expect(() => {
      bare.parallelize([1]).checkpoint();
    }).toThrow('Checkpoint directory has not been set in the SparkContext');
  });

  it("rdd.py › checkpoint (PySpark's doctest): getCheckpointFile once a job ran", async () => {
    const rdd = sc.range(5);
    expect(rdd.isCheckpointed).toBe(false);
    expect(rdd.getCheckpointFile()).toBeUndefined();
    rdd.checkpoint();
    expect(rdd.getCheckpointFile()).toBeUndefined();
    expect(rdd.count()).toBe(5);
    expect(rdd.isCheckpointed).toBe(true);
    const file = rdd.getCheckpointFile() as string;
    expect(file).toBe(join(sc.getCheckpointDir() as string, `rdd-${rdd.id}`));
    expect((await readdir(file)).sort()).toEqual(['part-00000', 'part-00001']);
    // The files hold the data in saveAsObjectFile's format.
    expect(sc.objectFile<number>(file).collect()).toEqual([0, 1, 2, 3, 4]);
  });

  it("a descendant's job checkpoints a marked ancestor; the lineage then shows the checkpoint", () => {
    const pairs = sc
      .parallelize([1, 2, 3, 4], 2)
      .map((x): Pair<number, number> => [x % 2, x])
      .partitionBy(new HashPartitioner(2));
    pairs.checkpoint();
    const sums = pairs.reduceByKey((a, b) => a + b);
    expect(sums.collect()).toEqual([
      [0, 6],
      [1, 4],
    ]);
    expect(pairs.isCheckpointed).toBe(true);
    // The checkpoint keeps the partitioner ("checkpointing partitioners"): no shuffle after it.
    expect(pairs.partitioner?.equals(new HashPartitioner(2))).toBe(true);
    const lines = pairs.toDebugString().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\(2\) ShuffledRDD\[\d+\] at partitionBy at checkpoint\.test\.ts:\d+ \[\]$/,
    );
    expect(lines[1]).toMatch(/^ \| {2}ReliableCheckpointRDD\[\d+\] at collect at /);
  });

  it('a marked RDD whose job already ran is not checkpointed by a later job (Spark: mark it first)', () => {
    const rdd = sc.parallelize([1, 2, 3]).map((x) => x * 2);
    rdd.count();
    rdd.checkpoint();
    rdd.count();
    expect(rdd.isCheckpointed).toBe(false);
  });
});

describe('rdd.localCheckpoint() (LocalCheckpointSuite)', () => {
  const newRdd = (): RDD<number> =>
    sc
      .parallelize(range(1, 100), 4)
      .map((i) => i + 1)
      .filter((i) => i % 2 === 0);

  it('LocalCheckpointSuite › basic lineage truncation', () => {
    const parallel = sc.parallelize(range(1, 100), 4);
    const mapped = parallel.map((i) => i + 1);
    const filtered = mapped.filter((i) => i % 2 === 0);
    expect(filtered.getStorageLevel()).toBe(StorageLevel.NONE);
    expect(filtered.node.lineage[0]?.rdd).toBe(mapped.node);
    filtered.localCheckpoint();
    expect(filtered.isLocallyCheckpointed).toBe(true);
    expect(filtered.isCheckpointed).toBe(false);
    expect(filtered.getStorageLevel()).toBe(StorageLevel.MEMORY_AND_DISK);
    const result = filtered.collect();
    expect(filtered.isCheckpointed).toBe(true);
    const checkpoint = filtered.node.lineage[0]?.rdd;
    expect(checkpoint?.className).toBe('LocalCheckpointRDD');
    expect(checkpoint?.numPartitions).toBe(4);
    expect(filtered.collect()).toEqual(result);
    expect(filtered.getCheckpointFile()).toBeUndefined();
  });

  it('LocalCheckpointSuite › basic lineage truncation - caching before and after checkpointing', () => {
    expect(newRdd().persist(StorageLevel.MEMORY_ONLY).localCheckpoint().getStorageLevel()).toBe(
      StorageLevel.MEMORY_AND_DISK,
    );
    expect(newRdd().localCheckpoint().persist(StorageLevel.MEMORY_ONLY).getStorageLevel()).toBe(
      StorageLevel.MEMORY_AND_DISK,
    );
    expect(newRdd().persist(StorageLevel.MEMORY_ONLY_SER).localCheckpoint().getStorageLevel()).toBe(
      StorageLevel.MEMORY_AND_DISK_SER,
    );
  });

  it('LocalCheckpointSuite › indirect lineage truncation', () => {
    const rdd = newRdd().localCheckpoint();
    const child = rdd.map((x) => x * 10);
    const result = child.collect();
    expect(rdd.isCheckpointed).toBe(true);
    expect(child.collect()).toEqual(result);
  });

  it('LocalCheckpointSuite › missing checkpoint block fails with informative message', () => {
    const rdd = newRdd().localCheckpoint();
    rdd.collect();
    rdd.unpersist();
    let message = '';
    try {
      rdd.collect();
    } catch (error) {
      expect(error).toBeInstanceOf(SparkError);
      message = (error as Error).message;
    }
    expect(message).toContain(`Checkpoint block rdd_${rdd.id}_0 not found`);
    expect(message).toContain('rdd.checkpoint()');
    expect(message).toContain('fault-tolerant');
  });
});
