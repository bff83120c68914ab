/** Spark's `RDD.toDebugString` layout (core/.../rdd/RDD.scala), spec §10.5. */
import type { RDDNode } from './rdd-node.js';
import { bytesToString, estimateSize } from './size-estimator.js';

/** Spark's `RDD.toString`: `"[name ]ClassName[id] at callSite"`. */
export function describeRDD(rdd: RDDNode<unknown>): string {
  const name = rdd.name === undefined ? '' : `${rdd.name} `;
  return `${name}${rdd.className}[${rdd.id}] at ${rdd.callSite.toString()}`;
}

/**
 * Return the lineage of `rdd`: one line per ancestor, narrow parents indented under `|`, each
 * shuffle parent opening a new stage with `+-`. As in Spark, every line shows the storage level
 * of the RDD it was called on.
 */
export function debugString(rdd: RDDNode<unknown>): string {
  const storage = `[${rdd.storageLevel.description}]`;
  const tag = `(${rdd.numPartitions})`;
  const nextPrefix = stagePrefix(tag);
  // Spark puts one more space after the prefix on the first RDD's extra lines (cached blocks).
  const lines = selfLines(rdd, storage).map((line, i) =>
    i === 0 ? `${tag} ${line}` : `${nextPrefix} ${line}`,
  );
  return [...lines, ...childLines(rdd, storage, nextPrefix)].join('\n');
}

function stagePrefix(tag: string): string {
  const leftOffset = Math.floor((tag.length - 1) / 2);
  return `${' '.repeat(leftOffset)}|${' '.repeat(tag.length - leftOffset)}`;
}

function selfLines(rdd: RDDNode<unknown>, storage: string): string[] {
  const lines = [`${describeRDD(rdd)} ${storage}`];
  if (rdd.cachedPartitions > 0) {
    // Differs from Spark: the size is an estimate from the values' shapes (see size-estimator.ts);
    // Spark's block manager reports its SizeEstimator's figure, an estimate too.
    let bytes = 0;
    for (const partition of rdd.cachedPartitionData) bytes += estimateSize(partition);
    const memory = bytesToString(bytes);
    lines.push(
      `    CachedPartitions: ${rdd.cachedPartitions}; MemorySize: ${memory}; DiskSize: 0.0 B`,
    );
  }
  return lines;
}

function childLines(rdd: RDDNode<unknown>, storage: string, prefix: string): string[] {
  const deps = rdd.lineage;
  return deps.flatMap((dep, i) =>
    dep.shuffle
      ? shuffleLines(dep.rdd, storage, prefix, i === deps.length - 1)
      : [
          ...selfLines(dep.rdd, storage).map((line) => `${prefix}${line}`),
          ...childLines(dep.rdd, storage, prefix),
        ],
  );
}

function shuffleLines(
  rdd: RDDNode<unknown>,
  storage: string,
  prefix: string,
  isLastChild: boolean,
): string[] {
  const tag = `(${rdd.numPartitions})`;
  const thisPrefix = prefix.replace(/\|\s+$/, '');
  const nextPrefix = `${thisPrefix}${isLastChild ? '  ' : '| '}${stagePrefix(tag)}`;
  const lines = selfLines(rdd, storage).map((line, i) =>
    i === 0 ? `${thisPrefix}+-${tag} ${line}` : `${nextPrefix}${line}`,
  );
  return [...lines, ...childLines(rdd, storage, nextPrefix)];
}
