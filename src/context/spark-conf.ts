/** Port of Spark's SparkConf (core/src/main/scala/org/apache/spark/SparkConf.scala). */
import { NoSuchElementError } from '../errors.js';

/**
 * Configuration of a Spark application as string key-value pairs. Every setter returns the same
 * conf, so calls chain. The keys dstream-ts reads are `spark.master` (`local`, `local[N]`,
 * `local[*]`), `spark.app.name` and `spark.default.parallelism`; others are kept and returned
 * as set.
 *
 * Differs from Spark: nothing is loaded from system properties (`spark.*` JVM properties).
 *
 * @example
 * ```ts
 * const conf = new SparkConf().setAppName('NetworkWordCount').setMaster('local[2]');
 * const ssc = new StreamingContext(conf, Seconds(1));
 * ```
 */
export class SparkConf {
  readonly #settings = new Map<string, string>();

  /** Set `key` to `value` (numbers and booleans are written as strings). @example `conf.set('spark.default.parallelism', 4)` */
  set(key: string, value: string | number | boolean): this {
    // Spark: NullPointerException("null key") / ("null value for " + key).
    if ((key as unknown) === null || (key as unknown) === undefined)
      throw new TypeError('null key');
    if ((value as unknown) === null || (value as unknown) === undefined) {
      throw new TypeError(`null value for ${key}`);
    }
    this.#settings.set(key, String(value));
    return this;
  }

  /** Set the master URL (`spark.master`): `local`, `local[N]` or `local[*]`. @example `conf.setMaster('local[4]')` */
  setMaster(master: string): this {
    return this.set('spark.master', master);
  }

  /** Set the application name (`spark.app.name`). @example `conf.setAppName('WordCount')` */
  setAppName(name: string): this {
    return this.set('spark.app.name', name);
  }

  /** Set every pair of `settings`. @example `conf.setAll([['spark.app.name', 'a']])` */
  setAll(settings: Iterable<readonly [string, string]>): this {
    for (const [key, value] of settings) this.set(key, value);
    return this;
  }

  /** Set `key` unless it is already set. @example `conf.setIfMissing('spark.master', 'local[2]')` */
  setIfMissing(key: string, value: string): this {
    if (!this.#settings.has(key)) this.set(key, value);
    return this;
  }

  /** Remove `key`. @example `conf.remove('spark.app.name')` */
  remove(key: string): this {
    this.#settings.delete(key);
    return this;
  }

  /**
   * Return the value of `key`, or `defaultValue` when it is not set.
   *
   * @throws {@link NoSuchElementError} (Spark's `NoSuchElementException(key)`) when `key` is not
   * set and there is no default. PySpark's `get` returns `None` instead: use `getOption`.
   * @example
   * ```ts
   * conf.get('spark.app.name'); // 'WordCount'
   * conf.get('spark.executor.memory', '1g');
   * ```
   */
  get(key: string, defaultValue?: string): string {
    const value = this.#settings.get(key) ?? defaultValue;
    if (value === undefined) throw new NoSuchElementError(key);
    return value;
  }

  /** Return the value of `key`, or `undefined` (Scala's `None`). @example `conf.getOption('spark.master')` */
  getOption(key: string): string | undefined {
    return this.#settings.get(key);
  }

  /** Return every `[key, value]` pair. @example `conf.getAll()` */
  getAll(): [string, string][] {
    return [...this.#settings];
  }

  /** Return whether `key` is set. @example `conf.contains('spark.master')` */
  contains(key: string): boolean {
    return this.#settings.has(key);
  }

  /** Return a copy of this conf. @example `const copy = conf.clone()` */
  clone(): SparkConf {
    return new SparkConf().setAll(this.#settings);
  }

  /** Return the settings as `key=value` lines, sorted (Spark's `toDebugString`). @example `console.log(conf.toDebugString())` */
  toDebugString(): string {
    return [...this.#settings]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => `${key}=${value}`)
      .join('\n');
  }
}
