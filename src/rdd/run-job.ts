/** Spark's `SparkContext.runJob`, in process: one task per partition, then the lineage's checkpoints. */
import { doCheckpoint } from './rdd-checkpoint.js';
import type { RDDNode } from './rdd-node.js';
import { runTask } from './task-context.js';

/**
 * Run `task(p)` as a task for each partition `p` of `partitions` (default: all of `rdd`'s, in
 * order), then checkpoint the RDDs of `rdd`'s lineage marked for it (`operation` names the
 * action, as the checkpoint's call site shows).
 */
export function runJob(
  rdd: RDDNode<unknown>,
  operation: string,
  task: (partition: number) => void,
  partitions?: readonly number[],
): void {
  if (partitions === undefined) {
    for (let p = 0; p < rdd.numPartitions; p++) runTask(task, p);
  } else {
    for (const p of partitions) runTask(task, p);
  }
  doCheckpoint(rdd, operation);
}
