/**
 * Spark's tasks, in process: the computation of one partition for a job. What a task adds to
 * accumulators is kept aside and merged into them only when the task succeeds, so a failed task
 * adds nothing, as in Spark (its updates never reach the driver).
 */

/** What an accumulator must offer a task: a zero copy to add to, merged back on success. */
export interface TaskAccumulator {
  copyAndReset(): TaskAccumulator;
  merge(other: TaskAccumulator): void;
}

/** The running task's accumulator copies, by accumulator (created on its first update). */
class TaskContext {
  updates: Map<TaskAccumulator, TaskAccumulator> | undefined;

  /** Return this task's copy of `accumulator`, the one its updates go to. */
  copyOf<A extends TaskAccumulator>(accumulator: A): A {
    this.updates ??= new Map();
    let copy = this.updates.get(accumulator);
    if (copy === undefined) {
      copy = accumulator.copyAndReset();
      this.updates.set(accumulator, copy);
    }
    return copy as A;
  }

  commit(): void {
    if (this.updates === undefined) return;
    for (const [accumulator, copy] of this.updates) accumulator.merge(copy);
  }
}

/**
 * The running task's context: `undefined` on the driver, `null` in a task that has not touched an
 * accumulator yet (most tasks never do, so they allocate nothing).
 */
let current: TaskContext | null | undefined;

/** Return the running task, or `undefined` on the driver (outside every task). */
export function currentTask(): TaskContext | undefined {
  if (current === null) current = new TaskContext();
  return current;
}

/**
 * Run `task(partition)` as one task. Tasks may nest (a shuffle's map tasks run inside the first
 * reduce task that needs them); each one commits on its own.
 */
export function runTask<A>(task: (partition: number) => A, partition: number): A {
  const previous = swapCurrent(null);
  let result: A;
  let context: TaskContext | null | undefined;
  try {
    result = task(partition);
  } finally {
    context = swapCurrent(previous);
  }
  context?.commit();
  return result;
}

/** Make `next` the running task's context; return the one it replaces. */
function swapCurrent(next: TaskContext | null | undefined): TaskContext | null | undefined {
  const replaced = current;
  current = next;
  return replaced;
}
