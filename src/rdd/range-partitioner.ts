/** Port of Spark's RangePartitioner (core/src/main/scala/org/apache/spark/Partitioner.scala). */
import type { Partitioner } from './partitioner.js';

/**
 * Partitions sortable keys into ranges, used by `sortByKey`/`sortBy`. Partition p holds the keys
 * up to `bounds[p]`; with `ascending = false` the partition order is reversed.
 *
 * Differs from Spark: the bounds are exact quantiles of all keys rather than of a random sample,
 * so the layout is deterministic; like Spark, there may be fewer partitions than asked for.
 */
export class RangePartitioner<K> implements Partitioner {
  readonly #bounds: readonly K[];
  readonly #compare: (a: K, b: K) => number;
  readonly #ascending: boolean;

  constructor(
    partitions: number,
    keys: readonly K[],
    compare: (a: K, b: K) => number,
    ascending: boolean,
  ) {
    this.#compare = compare;
    this.#ascending = ascending;
    const sorted = [...keys].sort(compare);
    const bounds: K[] = [];
    for (let i = 1; i < partitions && sorted.length > 0; i++) {
      const candidate = sorted[Math.max(0, Math.floor((i * sorted.length) / partitions) - 1)] as K;
      const previous = bounds[bounds.length - 1];
      if (previous === undefined || compare(candidate, previous) > 0) bounds.push(candidate);
    }
    // The last bound would leave the last partition empty.
    const last = sorted[sorted.length - 1];
    if (
      bounds.length > 0 &&
      last !== undefined &&
      compare(bounds[bounds.length - 1] as K, last) >= 0
    ) {
      bounds.pop();
    }
    this.#bounds = bounds;
  }

  get numPartitions(): number {
    return this.#bounds.length + 1;
  }

  getPartition(key: unknown): number {
    let low = 0;
    let high = this.#bounds.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#compare(this.#bounds[mid] as K, key as K) < 0) low = mid + 1;
      else high = mid;
    }
    return this.#ascending ? low : this.#bounds.length - low;
  }

  equals(other: Partitioner): boolean {
    return other === this;
  }
}
