/** Port of Spark's StatCounter (core/src/main/scala/org/apache/spark/util/StatCounter.scala). */

/**
 * The count, mean, variance, max and min of numbers, kept in a numerically robust way (Welford's
 * and Chan's running variance), and mergeable. `rdd.stats()` returns one.
 *
 * @example
 * ```ts
 * const stats = sc.parallelize([1, 2, 3, 4]).stats();
 * stats.mean;          // 2.5
 * stats.sampleStdev;   // 1.2909944487358056
 * String(stats);       // '(count: 4, mean: 2.500000, stdev: 1.118034, max: 4.000000, min: 1.000000)'
 * ```
 */
export class StatCounter {
  #n = 0;
  #mu = 0;
  #m2 = 0;
  #max = Number.NEGATIVE_INFINITY;
  #min = Number.POSITIVE_INFINITY;

  /** Start with `values` (none by default). */
  constructor(values: Iterable<number> = []) {
    this.merge(values);
  }

  /**
   * Add a value, several values, or another StatCounter's statistics; returns this counter.
   *
   * @example
   * ```ts
   * new StatCounter([1, 2]).merge(3).merge([4, 5]).merge(new StatCounter([6])).count; // 6
   * ```
   */
  merge(value: number | Iterable<number> | StatCounter): this {
    if (typeof value === 'number') {
      this.#mergeValue(value);
    } else if (value instanceof StatCounter) {
      this.#mergeCounter(value === this ? value.copy() : value);
    } else {
      for (const v of value) this.#mergeValue(v);
    }
    return this;
  }

  /** Return a copy. @example `const copy = stats.copy()` */
  copy(): StatCounter {
    const other = new StatCounter();
    other.#n = this.#n;
    other.#mu = this.#mu;
    other.#m2 = this.#m2;
    other.#max = this.#max;
    other.#min = this.#min;
    return other;
  }

  #mergeValue(value: number): void {
    const delta = value - this.#mu;
    this.#n += 1;
    this.#mu += delta / this.#n;
    this.#m2 += delta * (value - this.#mu);
    this.#max = Math.max(this.#max, value);
    this.#min = Math.min(this.#min, value);
  }

  #mergeCounter(other: StatCounter): void {
    if (this.#n === 0) {
      this.#mu = other.#mu;
      this.#m2 = other.#m2;
      this.#n = other.#n;
      this.#max = other.#max;
      this.#min = other.#min;
      return;
    }
    if (other.#n === 0) return;
    const n = this.#n;
    const m = other.#n;
    const delta = other.#mu - this.#mu;
    if (m * 10 < n) {
      this.#mu = this.#mu + (delta * m) / (n + m);
    } else if (n * 10 < m) {
      this.#mu = other.#mu - (delta * n) / (n + m);
    } else {
      this.#mu = (this.#mu * n + other.#mu * m) / (n + m);
    }
    this.#m2 += other.#m2 + (delta * delta * n * m) / (n + m);
    this.#n += m;
    this.#max = Math.max(this.#max, other.#max);
    this.#min = Math.min(this.#min, other.#min);
  }

  /** The number of values. @example `stats.count` */
  get count(): number {
    return this.#n;
  }
  /** Their mean (0 when there are none, as in Spark). @example `stats.mean` */
  get mean(): number {
    return this.#mu;
  }
  /** Their sum. @example `stats.sum` */
  get sum(): number {
    return this.#n * this.#mu;
  }
  /** The largest (`-Infinity` when there are none). @example `stats.max` */
  get max(): number {
    return this.#max;
  }
  /** The smallest (`Infinity` when there are none). @example `stats.min` */
  get min(): number {
    return this.#min;
  }
  /** The population variance (alias of `popVariance`). @example `stats.variance` */
  get variance(): number {
    return this.popVariance;
  }
  /** The population variance, `NaN` without values. @example `stats.popVariance` */
  get popVariance(): number {
    return this.#n === 0 ? Number.NaN : this.#m2 / this.#n;
  }
  /** The sample variance (divides by n - 1), `NaN` for fewer than two values. @example `stats.sampleVariance` */
  get sampleVariance(): number {
    return this.#n <= 1 ? Number.NaN : this.#m2 / (this.#n - 1);
  }
  /** The population standard deviation (alias of `popStdev`). @example `stats.stdev` */
  get stdev(): number {
    return this.popStdev;
  }
  /** The population standard deviation. @example `stats.popStdev` */
  get popStdev(): number {
    return Math.sqrt(this.popVariance);
  }
  /** The sample standard deviation. @example `stats.sampleStdev` */
  get sampleStdev(): number {
    return Math.sqrt(this.sampleVariance);
  }

  /** Spark's `"(count: 4, mean: 2.500000, stdev: 1.118034, max: 4.000000, min: 1.000000)"`. @example `String(stats)` */
  toString(): string {
    return `(count: ${this.#n}, mean: ${fixed(this.mean)}, stdev: ${fixed(this.stdev)}, max: ${fixed(this.max)}, min: ${fixed(this.min)})`;
  }
}

/** Java's `%f`: six decimals; `NaN` and `Infinity` as Java writes them. */
function fixed(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return value.toFixed(6);
}
