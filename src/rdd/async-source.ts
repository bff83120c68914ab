/**
 * RDDs whose data comes from an asynchronous source (a Kafka offset range): partitions compute
 * synchronously, so the source is loaded before a job computes it and released after the batch,
 * as Spark's KafkaRDD reads its range only when a task computes it.
 */
import type { RDDNode } from './rdd-node.js';

/** A source RDD that reads its data asynchronously before it can be computed. */
export interface AsyncSource {
  readonly isLoaded: boolean;
  /** Read the data (idempotent; concurrent calls share one read). */
  load(): Promise<void>;
  /** Drop the data; a later `load` reads it again. */
  release(): void;
}

/** Whether `node` reads its data asynchronously. */
export function isAsyncSource(node: RDDNode<unknown>): node is RDDNode<unknown> & AsyncSource {
  return typeof (node as Partial<AsyncSource>).load === 'function';
}

/**
 * Load every asynchronous source that computing `node` needs, and add it to `loaded`. The walk
 * stops at RDDs that already hold all their partitions (persisted and computed, shuffle output,
 * checkpoint data). Sources load one after the other, oldest RDD first: two of them may read the
 * same Kafka partition.
 */
export async function loadSources(node: RDDNode<unknown>, loaded: Set<AsyncSource>): Promise<void> {
  const sources = sourcesOf(node).sort((a, b) => a.id - b.id);
  for (const source of sources) {
    loaded.add(source);
    await source.load();
  }
}

/** Whether computing `node` needs an asynchronous source that is not loaded now. */
export function needsLoading(node: RDDNode<unknown>): boolean {
  return sourcesOf(node).some((source) => !source.isLoaded);
}

/** The asynchronous sources computing `node` reaches (not past RDDs holding their partitions). */
function sourcesOf(node: RDDNode<unknown>): (RDDNode<unknown> & AsyncSource)[] {
  const sources: (RDDNode<unknown> & AsyncSource)[] = [];
  const seen = new Set<RDDNode<unknown>>();
  const stack = [node];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    if (seen.has(current) || current.holdsAllPartitions) continue;
    seen.add(current);
    if (isAsyncSource(current)) sources.push(current);
    for (const dependency of current.dependencies) stack.push(dependency.rdd);
  }
  return sources;
}

/** Release every source in `loaded` and forget them. */
export function releaseSources(loaded: Set<AsyncSource>): void {
  for (const source of loaded) source.release();
  loaded.clear();
}
