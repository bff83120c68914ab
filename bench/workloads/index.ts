/** Every workload, in the order the runner runs and prints them. */
import type { BenchCase, Workload } from '../workload.js';
import { batchOverhead } from './batch-overhead.js';
import { kafka } from './kafka.js';
import { mapFilterChain } from './map-filter-chain.js';
import { state } from './state.js';
import { windows } from './window.js';
import { wordCount } from './word-count.js';

// Each workload has its own parameter type; the runner only passes a case's params back to it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const workloads: readonly Workload<any>[] = [
  wordCount,
  mapFilterChain,
  batchOverhead,
  windows,
  state,
  kafka,
];

/** Find a case by id, with its workload. */
export function findCase(id: string): {
  workload: Workload<unknown>;
  benchCase: BenchCase<unknown>;
} {
  for (const workload of workloads) {
    const benchCase = (workload.cases as readonly BenchCase<unknown>[]).find((c) => c.id === id);
    if (benchCase !== undefined) return { workload: workload as Workload<unknown>, benchCase };
  }
  throw new Error(`Unknown benchmark case ${id}`);
}
