/** Port of Spark's SparkContext (core/src/main/scala/org/apache/spark/SparkContext.scala), in one process. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IllegalArgumentError, IllegalStateError, requireArgument } from '../errors.js';
import { HadoopRDD } from '../input/hadoop-rdd.js';
import { listInputFiles } from '../input/input-paths.js';
import { fileSplits, readSplitLines } from '../input/text-input-format.js';
import { wholeFileSplits } from '../input/whole-text-file-input-format.js';
import {
  CollectionAccumulator,
  DoubleAccumulator,
  LongAccumulator,
  type AccumulatorV2,
} from '../rdd/accumulator-v2.js';
import { Broadcast } from '../rdd/broadcast.js';
import { MapPartitionsRDD } from '../rdd/map-partitions-rdd.js';
import { readPartFile } from '../rdd/object-file.js';
import type { Pair } from '../rdd/pair.js';
import { ParallelCollectionRDD, sliceEvenly } from '../rdd/parallel-collection-rdd.js';
import { unionOf } from '../rdd/partitioner-aware-union-rdd.js';
import { checkWholeNumber } from '../rdd/partitioner.js';
import { RDD } from '../rdd/rdd.js';
import { withOperationScope } from '../rdd/rdd-node.js';
import { LogLevelFilter } from '../scheduler/log-level.js';
import { localCores } from './master-url.js';
import { SparkConf } from './spark-conf.js';

/** Options of {@link SparkContext}. @example `new SparkContext({ appName: 'demo', defaultParallelism: 4 })` */
export interface SparkContextOptions {
  /** The application's name (Spark's `spark.app.name`), shown by the web view. */
  readonly appName?: string;
  /** Spark's master URL: `local`, `local[N]` or `local[*]` (default `local[2]`). */
  readonly master?: string;
  /**
   * Default partition count of shuffles and `parallelize` (Spark's `spark.default.parallelism`).
   * When omitted it is the master's cores (2 for `local[2]`), and RDD shuffles without a
   * partition count keep the largest parent's count, exactly as Spark does when the setting is
   * absent.
   */
  readonly defaultParallelism?: number;
}

/** Spark's local properties of jobs (`SparkContext.SPARK_JOB_*`). */
const JOB_DESCRIPTION = 'spark.job.description';
const JOB_GROUP_ID = 'spark.jobGroup.id';
const JOB_INTERRUPT_ON_CANCEL = 'spark.job.interruptOnCancel';

/** The Spark version whose behaviour dstream-ts follows (`sc.version`). */
const SPARK_VERSION = '3.5.0';

let activeContext: SparkContext | undefined;

/**
 * The entry point for RDDs, broadcasts and accumulators. A `StreamingContext` creates one
 * (`ssc.sparkContext`) unless given one. Spark's constructors work: `new SparkContext(conf)`,
 * `new SparkContext('local[2]', 'App')`, plus an options object.
 *
 * Differs from Spark: several SparkContexts may exist in one process (Spark allows one per
 * JVM); `SparkContext.getOrCreate()` returns the newest that is not stopped. A conf without a
 * master or an app name runs as `local[2]` named `dstream-ts` (spark-submit would supply them).
 *
 * @example
 * ```ts
 * const sc = new SparkContext(new SparkConf().setAppName('demo').setMaster('local[2]'));
 * sc.parallelize([1, 2, 3, 4], 2).glom().collect(); // [[1, 2], [3, 4]]
 * ```
 */
export class SparkContext {
  /**
   * Partitions of `parallelize` and of shuffles when none is given (Spark's
   * `spark.default.parallelism`; 2 by default, as `local[2]`).
   */
  readonly defaultParallelism: number;
  /**
   * Whether `defaultParallelism` was given (Spark: the setting is present); RDD shuffles without a
   * partition count then use it instead of the largest parent's count.
   */
  readonly defaultParallelismIsSet: boolean;
  /** The time this context was created, in epoch milliseconds. */
  readonly startTime: number = Date.now();
  readonly #conf: SparkConf;
  /** Replaced, never changed in place, so each job can keep the properties it started with. */
  #localProperties: ReadonlyMap<string, string> = new Map<string, string>();
  /** @internal The level `setLogLevel` chose, applied to the loggers of contexts built on this one. */
  readonly logLevelFilter = new LogLevelFilter();
  #nextRddId = 0;
  #nextBroadcastId = 0;
  #nextAccumulatorId = 0;
  #callSiteOverride: string | undefined;
  #checkpointDir: string | undefined;
  #stopped = false;

  constructor(options?: SparkContextOptions);
  constructor(conf: SparkConf);
  constructor(master: string, appName: string, conf?: SparkConf);
  constructor(
    first: SparkContextOptions | SparkConf | string = {},
    appName?: string,
    conf?: SparkConf,
  ) {
    const settings = toConf(first, appName, conf);
    settings.setIfMissing('spark.master', 'local[2]');
    settings.setIfMissing('spark.app.name', 'dstream-ts');
    const cores = localCores(settings.get('spark.master'));
    const parallelism = settings.getOption('spark.default.parallelism');
    if (parallelism !== undefined) {
      const value = Number(parallelism);
      checkWholeNumber(value);
      requireArgument(value >= 1, `defaultParallelism (${value}) must be positive.`);
    }
    this.defaultParallelism = parallelism === undefined ? cores : Number(parallelism);
    this.defaultParallelismIsSet = parallelism !== undefined;
    settings.set('spark.app.id', `local-${this.startTime}`);
    settings.set('spark.app.startTime', this.startTime);
    this.#conf = settings;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- Spark's setActiveContext
    activeContext = this;
  }

  /**
   * Return the active SparkContext (the newest one not stopped), or a new one made from `conf`.
   *
   * @example
   * ```ts
   * const sc = SparkContext.getOrCreate(); // in a foreachRDD body: rdd.context works too
   * ```
   */
  static getOrCreate(conf?: SparkConf): SparkContext {
    if (activeContext !== undefined && !activeContext.isStopped) return activeContext;
    return conf === undefined ? new SparkContext() : new SparkContext(conf);
  }

  // --- Members ---

  /** Return the master URL (`spark.master`). @example `sc.master // 'local[2]'` */
  get master(): string {
    return this.#conf.get('spark.master');
  }
  /** Return the application name (`spark.app.name`). @example `sc.appName` */
  get appName(): string {
    return this.#conf.get('spark.app.name');
  }
  /** Return the application id, `local-<startTime>` as Spark's local mode. @example `sc.applicationId` */
  get applicationId(): string {
    return this.#conf.get('spark.app.id');
  }
  /** Return the Spark version whose behaviour dstream-ts follows. @example `sc.version // '3.5.0'` */
  get version(): string {
    return SPARK_VERSION;
  }
  /** Return `min(defaultParallelism, 2)`, the default partitions of `textFile`. @example `sc.defaultMinPartitions` */
  get defaultMinPartitions(): number {
    return Math.min(this.defaultParallelism, 2);
  }
  /** Return a copy of this context's configuration. @example `sc.getConf().get('spark.app.name')` */
  getConf(): SparkConf {
    return this.#conf.clone();
  }

  /** @internal */
  newRddId(): number {
    return this.#nextRddId++;
  }

  /** @internal */
  get callSiteOverride(): string | undefined {
    return this.#callSiteOverride;
  }

  /** @internal Run `body` with RDDs created inside it showing `callSite` (Spark's `setCallSite`). */
  withCallSite<R>(callSite: string, body: () => R): R {
    const previous = this.#callSiteOverride;
    this.#callSiteOverride = callSite;
    try {
      return body();
    } finally {
      this.#callSiteOverride = previous;
    }
  }

  // --- Creating RDDs ---

  /**
   * Return an RDD of `data` cut into `numSlices` partitions (default `defaultParallelism`);
   * partition i holds elements `[floor(i·n/k), floor((i+1)·n/k))`, as in Spark.
   *
   * @throws {@link IllegalArgumentError} unless `numSlices` is a positive integer.
   * @example
   * ```ts
   * sc.parallelize([1, 2, 3], 2).glom().collect(); // [[1], [2, 3]]
   * ```
   */
  parallelize<T>(data: Iterable<T>, numSlices: number = this.defaultParallelism): RDD<T> {
    return this.#parallelize(data, numSlices, 'parallelize');
  }

  #parallelize<T>(data: Iterable<T>, numSlices: number, operation: string): RDD<T> {
    this.#assertNotStopped();
    checkWholeNumber(numSlices);
    if (numSlices < 1) throw new IllegalArgumentError('Positive number of partitions required');
    const items = Array.isArray(data) ? (data as readonly T[]) : [...data];
    return new RDD(new ParallelCollectionRDD(this, sliceEvenly(items, numSlices), operation));
  }

  /** Alias of {@link SparkContext.parallelize}. @example `sc.makeRDD(['a', 'b'])` */
  makeRDD<T>(data: Iterable<T>, numSlices: number = this.defaultParallelism): RDD<T> {
    return this.#parallelize(data, numSlices, 'makeRDD');
  }

  /**
   * Return the integers from `start` (inclusive) to `end` (exclusive) by `step`, in `numSlices`
   * partitions cut as `parallelize` cuts. PySpark's `sc.range(end)` (from 0) works too.
   *
   * @throws {@link IllegalArgumentError} `"requirement failed: step cannot be 0"`.
   * @example
   * ```ts
   * sc.range(0, 10, 3).collect(); // [0, 3, 6, 9]
   * sc.range(5).collect();        // [0, 1, 2, 3, 4] (PySpark's form)
   * ```
   */
  range(
    start: number,
    end?: number,
    step = 1,
    numSlices: number = this.defaultParallelism,
  ): RDD<number> {
    this.#assertNotStopped();
    if (end === undefined) return this.range(0, start, step, numSlices);
    requireArgument(step !== 0, 'step cannot be 0');
    const span = end - start;
    const count =
      span % step === 0 || span > 0 !== step > 0
        ? Math.trunc(span / step)
        : Math.trunc(span / step) + 1;
    const numElements = Math.max(count, 0);
    return withOperationScope('range', () => {
      const slices = this.#parallelize(
        Array.from({ length: numSlices }, (_, i) => i),
        numSlices,
        'range',
      );
      return new RDD(
        new MapPartitionsRDD<number, number>(slices.node, 'range', {
          step: (sink) => (i) => {
            const from = Math.floor((i * numElements) / numSlices) * step + start;
            const until = Math.floor(((i + 1) * numElements) / numSlices) * step + start;
            if (step > 0) for (let x = from; x < until; x += step) sink(x);
            else for (let x = from; x > until; x += step) sink(x);
          },
        }),
      );
    });
  }

  /** Return an RDD with no partitions and no elements. @example `sc.emptyRDD<string>().count() // 0` */
  emptyRDD<T>(): RDD<T> {
    this.#assertNotStopped();
    return new RDD(new ParallelCollectionRDD<T>(this, [], 'emptyRDD', 'EmptyRDD'));
  }

  /**
   * Return the union of `rdds` (those without partitions left out): when they all have the same
   * partitioner, partition i is every RDD's partition i and the partitioner is kept (Spark's
   * PartitionerAwareUnionRDD); otherwise their partitions one after the other.
   *
   * @example
   * ```ts
   * sc.union([a, b, c]);
   * ```
   */
  union<T>(rdds: readonly RDD<T>[]): RDD<T> {
    this.#assertNotStopped();
    return new RDD(
      unionOf(
        this,
        rdds.map((rdd) => rdd.node),
        'union',
      ),
    );
  }

  /**
   * Return the lines of the text files at `path` (UTF-8; lines end at `\n`, `\r` or `\r\n`): a
   * file, a directory (its files, not names starting with `_` or `.`), a glob, or several of them
   * separated by commas. Files are cut into splits as Hadoop cuts them for `minPartitions`
   * (default `defaultMinPartitions`), one partition per split; they are listed when the
   * partitions are first needed and read when a job computes them.
   *
   * @throws {@link SparkError} (at the first action) `"Input path does not exist: file:<path>"`.
   * @example
   * ```ts
   * sc.textFile('/data/logs/*.txt').filter((l) => l.includes('ERROR')).count();
   * ```
   */
  textFile(path: string, minPartitions: number = this.defaultMinPartitions): RDD<string> {
    this.#assertNotStopped();
    return withOperationScope('textFile', () => {
      const hadoop = new HadoopRDD<string>(this, 'textFile', () =>
        fileSplits(listInputFiles(path), minPartitions).map((split) => (sink) => {
          readSplitLines(split, sink);
        }),
      );
      hadoop.name = path;
      // The map is Spark's `.map(pair => pair._2.toString)`: lineages show its MapPartitionsRDD.
      return new RDD(hadoop).map(identity).setName(path);
    });
  }

  /**
   * Return `[path, contents]` for each file at `path` (as `textFile` lists them), the path as
   * Spark writes it (`file:/abs/path`) and the contents decoded as UTF-8. Files are packed into
   * about `minPartitions` partitions of similar size.
   *
   * @example
   * ```ts
   * sc.wholeTextFiles('/data/docs').mapValues((text) => text.length).collect();
   * ```
   */
  wholeTextFiles(
    path: string,
    minPartitions: number = this.defaultMinPartitions,
  ): RDD<Pair<string, string>> {
    this.#assertNotStopped();
    return withOperationScope('wholeTextFiles', () => {
      const files = new HadoopRDD<Pair<string, string>>(
        this,
        'wholeTextFiles',
        () =>
          wholeFileSplits(listInputFiles(path), minPartitions).map((group) => (sink) => {
            for (const file of group) {
              sink([`file:${file.path}`, readFileSync(file.path).toString('utf8')]);
            }
          }),
        'WholeTextFileRDD',
      );
      files.name = path;
      return new RDD(files).map(identity).setName(path);
    });
  }

  /**
   * Return the elements that `rdd.saveAsObjectFile(path)` wrote (one partition per part file;
   * the format is described there).
   *
   * @throws {@link SparkError} (at the first action) `"Input path does not exist: file:<path>"`.
   * @example
   * ```ts
   * await rdd.saveAsObjectFile('/tmp/objects');
   * sc.objectFile<[string, number]>('/tmp/objects').collect();
   * ```
   */
  objectFile<T>(path: string, minPartitions: number = this.defaultMinPartitions): RDD<T> {
    this.#assertNotStopped();
    // Differs from Spark: one partition per part file, whatever is asked.
    checkWholeNumber(minPartitions);
    return withOperationScope('objectFile', () => {
      const files = new HadoopRDD<readonly T[]>(this, 'objectFile', () =>
        listInputFiles(path).map((file) => (sink) => {
          sink(readPartFile(file.path) as T[]);
        }),
      );
      return new RDD(files).flatMap(identity);
    });
  }

  // --- Shared variables ---

  /**
   * Return a read-only variable every task can read (`broadcast.value`).
   *
   * @throws {@link IllegalArgumentError} for an RDD (Spark's "Can not directly broadcast RDDs").
   * @example
   * ```ts
   * const excluded = sc.broadcast(['a', 'b', 'c']);
   * ```
   */
  broadcast<T>(value: T): Broadcast<T> {
    this.#assertNotStopped();
    requireArgument(
      !(value instanceof RDD),
      'Can not directly broadcast RDDs; instead, call collect() and broadcast the result.',
    );
    return new Broadcast(this.#nextBroadcastId++, value);
  }

  /**
   * Register `accumulator` with this context (the factories below do it for you).
   *
   * @throws {@link IllegalStateError} if it was already registered.
   * @example
   * ```ts
   * sc.register(new LongAccumulator(), 'errors');
   * ```
   */
  register(accumulator: AccumulatorV2<never, unknown>, name?: string): void {
    accumulator.register(this.#nextAccumulatorId++, name);
  }

  /** Return a new, registered {@link LongAccumulator}. @example `const errors = sc.longAccumulator('errors')` */
  longAccumulator(name?: string): LongAccumulator {
    return this.#registered(new LongAccumulator(), name);
  }

  /** Return a new, registered {@link DoubleAccumulator}. @example `const total = sc.doubleAccumulator('total')` */
  doubleAccumulator(name?: string): DoubleAccumulator {
    return this.#registered(new DoubleAccumulator(), name);
  }

  /** Return a new, registered {@link CollectionAccumulator}. @example `const bad = sc.collectionAccumulator<string>()` */
  collectionAccumulator<T>(name?: string): CollectionAccumulator<T> {
    return this.#registered(new CollectionAccumulator<T>(), name);
  }

  #registered<A extends AccumulatorV2<never, unknown>>(
    accumulator: A,
    name: string | undefined,
  ): A {
    this.register(accumulator, name);
    return accumulator;
  }

  // --- Settings ---

  /**
   * Set the level of the library's log (Spark's `setLogLevel`): `ALL`, `TRACE`, `DEBUG`,
   * `INFO`, `WARN`, `ERROR`, `FATAL` or `OFF`, in any case. It applies to the logger of every
   * StreamingContext on this SparkContext, at once.
   *
   * @throws {@link IllegalArgumentError} `"requirement failed: Supplied level X did not match one of: ..."`.
   * @example
   * ```ts
   * ssc.sparkContext.setLogLevel('ERROR'); // no more warnings
   * ```
   */
  setLogLevel(logLevel: string): void {
    this.logLevelFilter.set(logLevel);
  }

  /**
   * Set the directory `rdd.checkpoint()` writes to: a new sub-directory of `directory` with a
   * random name, as Spark makes (created when the first RDD is checkpointed).
   *
   * @example
   * ```ts
   * sc.setCheckpointDir('/tmp/checkpoints');
   * ```
   */
  setCheckpointDir(directory: string): void {
    this.#checkpointDir = join(resolve(directory), randomUUID());
  }

  /** Return the directory `rdd.checkpoint()` writes to, if set. @example `sc.getCheckpointDir()` */
  getCheckpointDir(): string | undefined {
    return this.#checkpointDir;
  }

  /**
   * Set a property of the jobs started from now on (`null` removes it), as Spark's
   * thread-local properties; streaming output operations start from the properties set before
   * `ssc.start()`.
   *
   * @example
   * ```ts
   * sc.setLocalProperty('spark.scheduler.pool', 'fast');
   * ```
   */
  setLocalProperty(key: string, value: string | null): void {
    const properties = new Map(this.#localProperties);
    if (value === null) properties.delete(key);
    else properties.set(key, value);
    this.#localProperties = properties;
  }

  /** Return a local property, or `undefined` (Spark's `null`). @example `sc.getLocalProperty('spark.job.description')` */
  getLocalProperty(key: string): string | undefined {
    return this.#localProperties.get(key);
  }

  /** Describe the jobs started from now on (shown with each output operation in the live view). @example `sc.setJobDescription('nightly totals')` */
  setJobDescription(value: string): void {
    this.setLocalProperty(JOB_DESCRIPTION, value);
  }

  /**
   * Put the jobs started from now on in group `groupId` with `description` (shown with each
   * output operation in the live view).
   *
   * @example
   * ```ts
   * sc.setJobGroup('reports', 'hourly report jobs');
   * ```
   */
  setJobGroup(groupId: string, description: string, interruptOnCancel = false): void {
    this.setLocalProperty(JOB_DESCRIPTION, description);
    this.setLocalProperty(JOB_GROUP_ID, groupId);
    this.setLocalProperty(JOB_INTERRUPT_ON_CANCEL, String(interruptOnCancel));
  }

  /** Clear the job group and description. @example `sc.clearJobGroup()` */
  clearJobGroup(): void {
    this.setLocalProperty(JOB_DESCRIPTION, null);
    this.setLocalProperty(JOB_GROUP_ID, null);
    this.setLocalProperty(JOB_INTERRUPT_ON_CANCEL, null);
  }

  /** @internal The local properties (Spark's `getLocalProperties`), never changed in place. */
  getLocalProperties(): ReadonlyMap<string, string> {
    return this.#localProperties;
  }

  /** @internal Replace the local properties (Spark's `setLocalProperties`). */
  setLocalProperties(properties: ReadonlyMap<string, string>): void {
    this.#localProperties = properties;
  }

  // --- Lifecycle ---

  /** Stop this context: later calls that make RDDs throw `IllegalStateError`. @example `sc.stop()` */
  stop(): void {
    this.#stopped = true;
    if (activeContext === this) activeContext = undefined;
  }

  #assertNotStopped(): void {
    if (this.#stopped)
      throw new IllegalStateError('Cannot call methods on a stopped SparkContext.');
  }

  /** Whether `stop()` was called. @example `sc.isStopped` */
  get isStopped(): boolean {
    return this.#stopped;
  }
}

/** The conf of one of SparkContext's constructor forms (a copy: the caller's stays as it is). */
function toConf(
  first: SparkContextOptions | SparkConf | string,
  appName: string | undefined,
  conf: SparkConf | undefined,
): SparkConf {
  if (first instanceof SparkConf) return first.clone();
  if (typeof first === 'string') {
    const settings = conf?.clone() ?? new SparkConf();
    settings.setMaster(first);
    if (appName !== undefined) settings.setAppName(appName);
    return settings;
  }
  const settings = new SparkConf();
  if (first.master !== undefined) settings.setMaster(first.master);
  if (first.appName !== undefined) settings.setAppName(first.appName);
  if (first.defaultParallelism !== undefined) {
    settings.set('spark.default.parallelism', first.defaultParallelism);
  }
  return settings;
}

function identity<T>(value: T): T {
  return value;
}
