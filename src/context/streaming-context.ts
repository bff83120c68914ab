/** Port of Spark's StreamingContext (streaming/src/main/scala/org/apache/spark/streaming/StreamingContext.scala). */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DStream } from '../dstream/dstream.js';
import type { ReceiverEnvironment, StreamingContextStateName } from '../dstream/dstream-context.js';
import { DStreamGraph, type GraphInput } from '../dstream/dstream-graph.js';
import { TransformedDStream } from '../dstream/transformed-dstream.js';
import { UnionDStream } from '../dstream/union-dstream.js';
import type { CheckpointMetadata } from '../checkpoint/checkpoint.js';
import type { WriteNewFile } from '../checkpoint/checkpoint-files.js';
import { readCheckpoints } from '../checkpoint/checkpoint-reader.js';
import { DataCheckpoints } from '../checkpoint/data-checkpoints.js';
import { v8Serializer, type CheckpointSerializer } from '../checkpoint/serializer.js';
import { CheckpointError, IllegalArgumentError, IllegalStateError, SparkError } from '../errors.js';
import { ManualClock } from '../scheduler/clock/manual-clock.js';
import { damagedMetadataFiles, describeDamage, restoreNewest } from './recovery.js';
import { CheckpointManager, type CheckpointWriteFailure } from './checkpoint-manager.js';
import { ConstantInputDStream } from '../input/constant-input-dstream.js';
import { ReceiverInputDStream, type ReceiverPosition } from '../input/receiver-input-dstream.js';
import {
  FileInputDStream,
  type FileInputPosition,
  type FileStreamOptions,
} from '../input/file-input-dstream.js';
import { fixedLengthReader, lineReader, wholeFileReader } from '../input/file-record-readers.js';
import type { Pair, PairOf } from '../rdd/pair.js';
import type { Receiver } from '../input/receiver/receiver.js';
import {
  bytesToLines,
  SocketReceiver,
  type LineOptions,
  type SocketConverter,
} from '../input/socket-input-dstream.js';
import { rollingIntervalMs, WriteAheadLog } from '../checkpoint/write-ahead-log.js';
import { blockQueueSize } from '../input/receiver/block-generator.js';
import { QueueInputDStream, type QueueItem } from '../input/queue-input-dstream.js';
import { CallSite } from '../rdd/call-site.js';
import type { RDD } from '../rdd/rdd.js';
import { BatchGate } from '../scheduler/clock/batch-gate.js';
import type { Clock, SettlingClock } from '../scheduler/clock/clock.js';
import { SystemClock } from '../scheduler/clock/system-clock.js';
import { JobScheduler, type SchedulerRecovery } from '../scheduler/job-scheduler.js';
import { ListenerBus } from '../scheduler/listener-bus.js';
import { consoleLogger, type Logger } from '../scheduler/logger.js';
import type { StreamingListener, StreamingListenerEvent } from '../scheduler/streaming-listener.js';
import { listenerEvents } from '../scheduler/listener-events.js';
import type { TextWriter } from '../output/print.js';
import { describeGraph } from '../scheduler/dstream-graph-info.js';
import { ObservableInputDStream } from '../input/observable-input-dstream.js';
import {
  RateInputDStream,
  type RateRow,
  type RateStreamOptions,
} from '../input/rate-input-dstream.js';
import type { Observable, Subscribable } from 'rxjs';
import {
  resolveBackpressure,
  type Backpressure,
  type BackpressureOptions,
} from '../scheduler/rate/backpressure.js';
import type { Duration } from '../time/duration.js';
import { requireDuration, requirePositiveDuration } from '../time/duration-argument.js';
import type { Time } from '../time/time.js';
import type { StreamingUI, StreamingUIOptions } from '../ui/streaming-ui.js';
import type { SparkConf } from './spark-conf.js';
import { SparkContext } from './spark-context.js';
import { streamingContextOptions } from './streaming-context-arguments.js';
import { TerminationWaiter } from './termination-waiter.js';

/**
 * Options of the {@link StreamingContext} constructor.
 *
 * @example
 * ```ts
 * new StreamingContext({ batchDuration: Seconds(1), clock: new ManualClock(), defaultParallelism: 4 });
 * ```
 */
export interface StreamingContextOptions {
  /** The interval at which batches are generated, e.g. `Seconds(1)`. */
  readonly batchDuration: Duration;
  /** Time source of the batch timer; default `SystemClock`. Tests pass a `ManualClock`. */
  readonly clock?: Clock;
  /** Shuffle partitions when none are given (default 2, as `local[2]`). */
  readonly defaultParallelism?: number;
  /** The application's name (Spark's `spark.app.name`), shown by the web view. */
  readonly appName?: string;
  /** An existing SparkContext to run on (Spark's `new StreamingContext(sc, batchDuration)`). */
  readonly sparkContext?: SparkContext;
  /** Where warnings and job errors are written; default the console. */
  readonly logger?: Logger;
  /** How checkpoint files encode data (default `v8Serializer`; `jsonSerializer` for plain data). */
  readonly checkpointSerializer?: CheckpointSerializer;
  /**
   * What a checkpoint write that failed 3 times does: `'log'` (default, as Spark) logs the error
   * and goes on; `'fail'` also makes `awaitTermination()` reject with a `CheckpointError`.
   * Either way later checkpoints are written, and a failed data checkpoint is written from the
   * stream's next batch. Example: `{ batchDuration: Seconds(1), checkpointWriteFailure: 'fail' }`.
   */
  readonly checkpointWriteFailure?: CheckpointWriteFailure;
  /** @internal How checkpoint files are written (tests inject faults such as ENOSPC). */
  readonly writeCheckpointFile?: WriteNewFile;
  /** How often receivers cut stored items into blocks (Spark's `spark.streaming.blockInterval`, 200 ms). */
  readonly blockInterval?: Duration;
  /** Records per second each receiver may store (Spark's `spark.streaming.receiver.maxRate`). */
  readonly receiverMaxRate?: number;
  /** Delay before a receiver restarts (Spark's `spark.streaming.receiverRestartDelay`, 2 s). */
  readonly receiverRestartDelay?: Duration;
  /**
   * How many blocks of single stored items a receiver may have waiting (Spark's
   * `spark.streaming.blockQueueSize`, default 10): held back by the rate limit, or cut and not yet
   * in the write-ahead log. While that many wait, `Receiver.store()` promises stay pending and
   * the socket receiver stops reading, so TCP flow control slows the sender: a receiver then
   * holds about `(receiverBlockQueueSize + 1) × rate × blockInterval` records.
   */
  readonly receiverBlockQueueSize?: number;
  /**
   * Log received blocks to `<checkpointDir>/receivedData` before they count as stored (Spark's
   * `spark.streaming.receiver.writeAheadLog.enable`); requires a checkpoint directory.
   */
  readonly writeAheadLog?: boolean;
  /**
   * How long a write-ahead log segment is written to before the next one starts, on the
   * context's clock (Spark's `spark.streaming.receiver.writeAheadLog.rollingIntervalSecs`, 60 s).
   * Only whole segments are deleted, once no batch a checkpoint remembers needs their blocks.
   */
  readonly writeAheadLogRollingInterval?: Duration;
  /**
   * Let receivers and the Kafka direct stream adapt how much they take per batch to the
   * processing rate (Spark's `spark.streaming.backpressure.*`).
   */
  readonly backpressure?: BackpressureOptions;
  /** Where `pprint`/`print` write (default `process.stdout`): any writable, or `{ write(text) }`. */
  readonly stdout?: TextWriter;
  /**
   * @internal The test kit's runs: exempt from the one-active-context rule (each has its own
   * virtual clock), never returned by `getActive()`.
   */
  readonly isolated?: boolean;
}

/**
 * Options of {@link StreamingContext.getOrCreate}.
 *
 * @example
 * ```ts
 * await StreamingContext.getOrCreate(dir, create, { createOnError: true });
 * ```
 */
export interface GetOrCreateOptions {
  /** With no readable checkpoint, call `create()` instead of failing (Spark's `createOnError`). */
  readonly createOnError?: boolean;
  /** Where skipped (corrupt) checkpoint files are reported; default the console. */
  readonly logger?: Logger;
  /** A custom serializer some checkpoint files may have been written with. */
  readonly checkpointSerializer?: CheckpointSerializer;
}

/**
 * Options of {@link StreamingContext.stop}.
 *
 * @example
 * ```ts
 * await ssc.stop({ stopSparkContext: false, stopGracefully: true });
 * ```
 */
export interface StopOptions {
  /** Also stop the SparkContext (default `true`, Spark's `stopSparkContextByDefault`). */
  readonly stopSparkContext?: boolean;
  /** Finish every batch already generated before stopping (default `false`). */
  readonly stopGracefully?: boolean;
}

/**
 * Spark's `StreamingContextState` values.
 *
 * @example
 * ```ts
 * if (ssc.getState() === StreamingContextState.ACTIVE) await ssc.stop();
 * ```
 */
export const StreamingContextState = {
  /** Created; streams and outputs can be added; not started yet. */
  INITIALIZED: 'INITIALIZED',
  /** Started: batches are generated and run. */
  ACTIVE: 'ACTIVE',
  /** Stopped; it cannot be started again. */
  STOPPED: 'STOPPED',
} as const satisfies Record<StreamingContextStateName, StreamingContextStateName>;
/** One of the values of the `StreamingContextState` object. @example `const s: StreamingContextState = ssc.getState()` */
export type StreamingContextState =
  (typeof StreamingContextState)[keyof typeof StreamingContextState];

let activeContext: { context: StreamingContext; startSite: CallSite } | undefined;

/**
 * The main entry point: owns the batch interval, the clock, the DStream graph and the scheduler.
 * Create input streams and transformations, register outputs, then `start()`.
 *
 * @example
 * ```ts
 * const ssc = new StreamingContext(Seconds(1));
 * const words = ssc.queueStream([['to be or not to be']]).flatMap((l) => l.split(' '));
 * words.mapToPair((w) => [w, 1]).reduceByKey((a, b) => a + b).pprint();
 * ssc.start();
 * await ssc.awaitTerminationOrTimeout(3000);
 * await ssc.stop();
 * ```
 */
export class StreamingContext {
  /** The SparkContext this context creates its RDDs with. */
  readonly sparkContext: SparkContext;
  /** The interval at which batches are generated. */
  readonly batchDuration: Duration;
  /** @internal */
  readonly graph = new DStreamGraph();
  readonly #clock: Clock;
  /** The live view's pause switch on the batch timer (step mode), once a view asked for it. */
  #batchGate: BatchGate | undefined;
  readonly #logger: Logger;
  /** @internal */
  readonly stdout: TextWriter;
  readonly #isolated: boolean;
  readonly #bus: ListenerBus;
  readonly #waiter = new TerminationWaiter();
  #state: StreamingContextStateName = 'INITIALIZED';
  #scheduler: JobScheduler | undefined;
  #removeSettler: (() => void) | undefined;
  #checkpointDir: string | undefined;
  #stopping: Promise<void> | undefined;
  readonly #stopCallbacks = new Set<() => void>();
  /** @internal */
  readonly receiverEnvironment: ReceiverEnvironment;
  /** @internal */
  readonly backpressure: Backpressure | undefined;
  readonly #writeAheadLogEnabled: boolean;
  readonly #writeAheadLogRollingMs: number;
  #wal: WriteAheadLog | undefined;
  readonly #serializer: CheckpointSerializer;
  readonly #checkpointWriteFailure: CheckpointWriteFailure;
  readonly #writeCheckpointFile: WriteNewFile | undefined;
  readonly #dataCheckpoints = new DataCheckpoints();
  #checkpoints: CheckpointManager | undefined;
  #recovery: SchedulerRecovery | undefined;
  /** What getOrCreate found: checkpoints after `supersededAfterMs` are of batches run again. */
  #found: { supersededAfterMs: number; reported: ReadonlySet<string> } | undefined;

  /**
   * Spark's forms: `(batchDuration)`, `(sparkContext, batchDuration)`, `(conf, batchDuration)`,
   * `(master, appName, batchDuration)`, or an options object.
   *
   * @throws {@link IllegalArgumentError} when the batch duration is missing, a number (write
   * `Seconds(n)`), zero or negative.
   * @example
   * ```ts
   * new StreamingContext(new SparkConf().setAppName('NetworkWordCount').setMaster('local[2]'), Seconds(1));
   * ```
   */
  constructor(batchDurationOrOptions: Duration | StreamingContextOptions);
  constructor(sparkContextOrConf: SparkContext | SparkConf, batchDuration: Duration);
  constructor(master: string, appName: string, batchDuration: Duration);
  constructor(
    first: Duration | SparkContext | SparkConf | StreamingContextOptions | string,
    second?: Duration | string,
    third?: Duration,
  ) {
    const options = streamingContextOptions(first, second, third);
    this.batchDuration = requirePositiveDuration(
      options.batchDuration,
      'batchDuration',
      'requirement failed: Batch duration for StreamingContext cannot be null',
    );
    this.sparkContext =
      options.sparkContext ??
      new SparkContext({
        ...(options.appName === undefined ? {} : { appName: options.appName }),
        ...(options.defaultParallelism === undefined
          ? {}
          : { defaultParallelism: options.defaultParallelism }),
      });
    this.#clock = options.clock ?? new SystemClock();
    // sc.setLogLevel(level) filters what this context logs, from then on.
    this.#logger = this.sparkContext.logLevelFilter.wrap(options.logger ?? consoleLogger());
    if (this.sparkContext.master === 'local' || this.sparkContext.master === 'local[1]') {
      this.#logger.warn(
        'spark.master should be set as local[n], n > 1 in local mode if you have receivers to get data, otherwise Spark jobs will not get resources to process the received data.',
      );
    }
    this.stdout = options.stdout ?? process.stdout;
    this.#isolated = options.isolated ?? false;
    this.#bus = new ListenerBus(this.#logger);
    this.#serializer = options.checkpointSerializer ?? v8Serializer;
    this.#checkpointWriteFailure = options.checkpointWriteFailure ?? 'log';
    this.#writeCheckpointFile = options.writeCheckpointFile;
    const { blockInterval: blockIntervalOption, receiverRestartDelay } = options;
    const blockInterval =
      blockIntervalOption === undefined
        ? 200
        : requireDuration(blockIntervalOption, 'blockInterval').milliseconds;
    if (!(blockInterval > 0)) {
      throw new IllegalArgumentError(
        "requirement failed: 'spark.streaming.blockInterval' should be a positive value",
      );
    }
    this.backpressure = resolveBackpressure(options.backpressure, this.batchDuration.milliseconds);
    const bus = this.#bus;
    this.#writeAheadLogEnabled = options.writeAheadLog ?? false;
    this.#writeAheadLogRollingMs = rollingIntervalMs(options.writeAheadLogRollingInterval);
    this.receiverEnvironment = {
      clock: this.#clock,
      logger: this.#logger,
      blockIntervalMs: blockInterval,
      maxRate: options.receiverMaxRate ?? Infinity,
      blockQueueSize: blockQueueSize(options.receiverBlockQueueSize),
      restartDelayMs:
        receiverRestartDelay === undefined
          ? 2000
          : requireDuration(receiverRestartDelay, 'receiverRestartDelay').milliseconds,
      writeAheadLog: this.#writeAheadLogEnabled,
      postReceiverEvent: (kind, receiverInfo) => {
        bus.post({ kind, event: { receiverInfo } });
      },
    };
  }

  /** Return the active (started, not stopped) context, if any. @example `StreamingContext.getActive()?.stop()` */
  static getActive(): StreamingContext | undefined {
    return activeContext?.context;
  }

  /**
   * Return the active context, or the one `create()` makes.
   *
   * @example
   * ```ts
   * const ssc = StreamingContext.getActiveOrCreate(() => buildContext());
   * ```
   */
  static getActiveOrCreate(create: () => StreamingContext): StreamingContext;
  static getActiveOrCreate(
    checkpointPath: string,
    create: () => StreamingContext,
    options?: GetOrCreateOptions,
  ): Promise<StreamingContext>;
  static getActiveOrCreate(
    first: string | (() => StreamingContext),
    create?: () => StreamingContext,
    options?: GetOrCreateOptions,
  ): StreamingContext | Promise<StreamingContext> {
    if (typeof first === 'function') return activeContext?.context ?? first();
    const active = activeContext?.context;
    if (active !== undefined) return Promise.resolve(active);
    return StreamingContext.getOrCreate(first, create as () => StreamingContext, options);
  }

  /**
   * Recreate the context from the checkpoint in `checkpointPath`, or make a new one with `create`
   * when there is none. Either way `create()` builds the graph (JavaScript cannot serialise
   * functions, so recovery restores data, not code): with a checkpoint, the graph must match the
   * one that wrote it (or its stateful operators must be matched by `.name()`), its state and
   * remembered RDDs are loaded, and `start()` re-runs the batches that had not completed (the
   * last checkpointed one included, as Spark does) before continuing on the original grid.
   * The newest checkpoint that restores every stream wins: each file skipped (corrupt, truncated,
   * a data file missing, a state that can no longer be computed) is logged with what is wrong and
   * what it held.
   *
   * Differs from Spark: like PySpark, a context made by `create()` without a checkpoint directory
   * gets `checkpointPath`; with `createOnError`, starting afresh is logged with what was lost.
   *
   * @throws {@link CheckpointError} when no checkpoint can be restored (unless `createOnError`):
   * `"Failed to read checkpoint from directory <dir>: ..."` naming each damaged file, or when
   * the rebuilt graph does not match, or for a queue stream in a recovered graph.
   * @example
   * ```ts
   * const ssc = await StreamingContext.getOrCreate('/tmp/cp', () => {
   *   const ssc = new StreamingContext(Seconds(1));
   *   ssc.checkpoint('/tmp/cp');
   *   buildPipeline(ssc);
   *   return ssc;
   * });
   * ssc.start();
   * ```
   */
  static async getOrCreate(
    checkpointPath: string,
    create: () => StreamingContext,
    options: GetOrCreateOptions = {},
  ): Promise<StreamingContext> {
    const logger = options.logger ?? consoleLogger();
    const serializers =
      options.checkpointSerializer === undefined ? [] : [options.checkpointSerializer];
    const found = await readCheckpoints(checkpointPath, serializers, (name, reason) => {
      logger.warn(`Skipping checkpoint file ${name}: ${reason.message}`);
    });
    const fresh = (): StreamingContext => {
      const ssc = create();
      if (ssc.#checkpointDir === undefined) ssc.checkpoint(checkpointPath);
      return ssc;
    };
    if (found.files === 0) return fresh();
    const unusable = damagedMetadataFiles(found.unusable);
    let ssc: StreamingContext | undefined;
    if (found.valid.length > 0) {
      const context = fresh();
      ssc = context;
      const all = [...serializers, context.#serializer];
      const result = await restoreNewest(found.valid, found.unusable, {
        dir: checkpointPath,
        graph: context.graph,
        batchDuration: context.batchDuration,
        serializers: all,
        data: context.#dataCheckpoints,
        logger,
        restoreInputs: (metadata) => context.#restoreInputs(metadata, all),
      });
      unusable.push(...result.unusable);
      if (result.restored !== undefined) {
        const { name, metadata } = result.restored;
        logger.info?.(`Checkpoint successfully loaded from file ${join(checkpointPath, name)}`);
        logger.info?.(`Checkpoint was generated at time ${metadata.checkpointTimeMs} ms`);
        await context.#resumeFrom(metadata, unusable);
        return context;
      }
    }
    const message = describeDamage(checkpointPath, unusable);
    if (options.createOnError !== true) {
      throw new CheckpointError(message, { cause: found.unusable.at(-1)?.reason });
    }
    // Differs from Spark: Spark starts afresh without a word; losing the state deserves one.
    logger.warn(
      `${message}. Starting a new context instead (createOnError): the state and input positions the checkpoints held are lost`,
    );
    const context = ssc ?? fresh();
    context.#found = {
      supersededAfterMs: -Infinity,
      reported: new Set(unusable.map((file) => file.name)),
    };
    return context;
  }

  async #resumeFrom(
    metadata: CheckpointMetadata,
    unusable: readonly { name: string }[],
  ): Promise<void> {
    this.#found = {
      supersededAfterMs: metadata.checkpointTimeMs,
      reported: new Set(unusable.map((file) => file.name)),
    };
    this.#recovery = {
      zeroTimeMs: metadata.zeroTimeMs,
      checkpointTimeMs: metadata.checkpointTimeMs,
      pendingTimesMs: metadata.pendingTimesMs,
    };
    // Spark moves a ManualClock to the checkpoint's time on recovery (manualClock.jump = 0).
    const clock = this.#clock as Partial<ManualClock>;
    if (clock instanceof ManualClock && clock.now() < metadata.checkpointTimeMs) {
      await clock.setTime(metadata.checkpointTimeMs);
    }
  }

  /** The write-ahead log of received blocks, when enabled (checked at start, as in Spark). */
  #attachWriteAheadLog(): void {
    const receivers = this.graph.inputs.filter((input) => input instanceof ReceiverInputDStream);
    if (!this.#writeAheadLogEnabled || receivers.length === 0) return;
    const dir = this.#checkpointDir;
    if (dir === undefined) {
      throw new SparkError(
        'Cannot enable receiver write-ahead log without checkpoint directory set. Please use streamingContext.checkpoint() to set the checkpoint directory. See documentation for more details.',
      );
    }
    this.#wal ??= this.#newWriteAheadLog(dir, []);
    for (const input of receivers) input.useBlockLog(this.#wal);
  }

  #newWriteAheadLog(dir: string, serializers: readonly CheckpointSerializer[]): WriteAheadLog {
    return new WriteAheadLog(dir, this.#serializer, {
      now: () => this.#clock.now(),
      rollingIntervalMs: this.#writeAheadLogRollingMs,
      serializers,
    });
  }

  /** Give receiver streams their batches' blocks back from the write-ahead log. */
  async #restoreInputs(
    metadata: CheckpointMetadata,
    serializers: readonly CheckpointSerializer[],
  ): Promise<void> {
    for (const { inputId, position } of metadata.inputs) {
      const input = this.graph.inputs.find((i) => i.inputId === inputId);
      if (input instanceof FileInputDStream && position !== undefined) {
        input.restorePosition(position as FileInputPosition);
        continue;
      }
      if (input instanceof ObservableInputDStream) {
        // Like a receiver without the write-ahead log, as in Spark: said, not silent.
        this.#logger.warn(
          `${input.displayName} held its values in memory only: the values of the batches re-run or remembered from the checkpoint are lost, and those batches are empty`,
        );
        continue;
      }
      // Any other input that can restore its own position (e.g. the Kafka direct stream).
      if (input !== undefined && !(input instanceof ReceiverInputDStream)) {
        const restorable = input as Partial<{ restorePosition(position: unknown): void }>;
        if (position !== undefined) restorable.restorePosition?.(position);
        continue;
      }
      if (!(input instanceof ReceiverInputDStream) || position === undefined) continue;
      const dir = this.#checkpointDir;
      if (!this.#writeAheadLogEnabled || dir === undefined) {
        this.#logger.warn(
          'Some blocks could not be recovered as they were not found in memory. To prevent such data loss, enable Write Ahead Log (see programming guide for more details.',
        );
        continue;
      }
      this.#wal ??= this.#newWriteAheadLog(dir, serializers);
      input.restorePosition(position as ReceiverPosition, await this.#wal.recover(inputId));
    }
  }

  #checkpointManager(dir: string, scheduler: JobScheduler): CheckpointManager {
    return new CheckpointManager({
      dir,
      graph: this.graph,
      data: this.#dataCheckpoints,
      serializer: this.#serializer,
      logger: this.#logger,
      appName: this.sparkContext.appName,
      batchDuration: this.batchDuration,
      onWriteFailure: this.#checkpointWriteFailure,
      pendingTimes: () => scheduler.pendingTimes,
      afterMetadata: () => this.#cleanWriteAheadLog(),
      writeNewFile: this.#writeCheckpointFile,
      supersededAfterMs: this.#found?.supersededAfterMs,
      ...(this.#found === undefined ? {} : { reported: this.#found.reported }),
    });
  }

  /** Delete log segments that no remembered or pending batch needs any more. */
  async #cleanWriteAheadLog(): Promise<void> {
    const wal = this.#wal;
    if (wal === undefined) return;
    for (const input of this.graph.inputs) {
      if (input instanceof ReceiverInputDStream)
        await wal.clean(input.inputId, input.oldestNeededSeq());
    }
  }

  /** Return the context's lifecycle state. @example `ssc.getState() // 'INITIALIZED'` */
  getState(): StreamingContextState {
    return this.#state;
  }

  /** Return the clock that drives the batches. @example `(ssc.clock as ManualClock).advance(Seconds(1))` */
  get clock(): Clock {
    return this.#clock;
  }

  /**
   * Keep every stream's RDDs for at least `duration` (for `slice` or ad-hoc queries). Allowed once.
   *
   * @throws {@link IllegalArgumentError} on a second call.
   * @example
   * ```ts
   * ssc.remember(Minutes(1));
   * ```
   */
  remember(duration: Duration): void {
    this.graph.remember(duration);
  }

  /**
   * Set the checkpoint directory (created if missing); stateful operations require one.
   *
   * @example
   * ```ts
   * ssc.checkpoint('/tmp/app-checkpoint');
   * ```
   */
  checkpoint(directory: string | null): void {
    if (directory === null) {
      this.#checkpointDir = undefined;
      return;
    }
    mkdirSync(directory, { recursive: true });
    this.#checkpointDir = resolve(directory);
    // As Spark: rdd.checkpoint() in the job's functions writes under it too.
    this.sparkContext.setCheckpointDir(directory);
  }

  /** Return the checkpoint directory, if set. @example `ssc.checkpointDir` */
  get checkpointDir(): string | undefined {
    return this.#checkpointDir;
  }

  /** Register a listener for batch events. @example `ssc.addStreamingListener({ onBatchCompleted: (e) => log(e) })` */
  addStreamingListener(listener: StreamingListener): void {
    this.#bus.add(listener);
  }

  /** Unregister a listener. @example `ssc.removeStreamingListener(listener)` */
  removeStreamingListener(listener: StreamingListener): void {
    this.#bus.remove(listener);
  }

  /**
   * Start the live web view of this context on 127.0.0.1 and resolve once it is served: batch
   * timelines (input records, scheduling delay, processing time, total delay), the table of recent
   * batches, the DStream graph, each output's RDD lineage and first records for a chosen batch,
   * and the state sizes of stateful streams, updated live. It is fed by a StreamingListener only
   * and stops when the context stops. Call it before `start()`.
   *
   * With `{ step: true }` the batches wait and each "Next batch" on the page runs one (step mode).
   *
   * Differs from Spark: Spark serves its web UI (port 4040) with every SparkContext; here the view
   * is opt-in, the events it asks for (`detailedEvents`) carry each output's RDD, and it can pause
   * the batches.
   *
   * @throws {@link IllegalStateError} once the context has started.
   * @throws {@link IllegalArgumentError} for a port outside 0–65535.
   * @throws {@link SparkError} when no port could be bound.
   * @example
   * ```ts
   * const ui = await ssc.ui({ port: 4040 });
   * console.log(`Streaming UI: ${ui.url}`);
   * ssc.start();
   * ```
   */
  async ui(options: StreamingUIOptions = {}): Promise<StreamingUI> {
    if (this.#state !== 'INITIALIZED') {
      throw new IllegalStateError(
        `Cannot start the streaming UI of a context that is ${this.#state.toLowerCase()}: call ui() before start()`,
      );
    }
    // Loaded on first use: the view's server, page and uPlot stay out of programs that never
    // call ui() (and out of their bundles' start-up).
    const { startStreamingUI } = await import('../ui/streaming-ui.js');
    const ui = await startStreamingUI(
      {
        appName: this.sparkContext.appName,
        batchDurationMs: this.batchDuration.milliseconds,
        logger: this.#logger,
        clock: this.#clock,
        batchGate: () => (this.#batchGate ??= new BatchGate()),
        addStreamingListener: (listener) => {
          this.addStreamingListener(listener);
        },
        removeStreamingListener: (listener) => {
          this.removeStreamingListener(listener);
        },
      },
      options,
    );
    this.onStop(() => void ui.close());
    return ui;
  }

  /**
   * Return an Observable of every StreamingListener event, as `{ kind, event }` where `kind` is
   * the callback's name (`'onBatchCompleted'`, ...) and `event` its argument. Each subscription
   * is a listener registered with `addStreamingListener` (removed on unsubscribe), so events
   * arrive asynchronously and in order, as listeners get them; it completes once the context has
   * stopped (at once if it already has).
   *
   * @example
   * ```ts
   * ssc.listenerEvents()
   *   .pipe(filter((e) => e.kind === 'onBatchCompleted'))
   *   .subscribe((e) => console.log(e.event));
   * ```
   */
  listenerEvents(): Observable<StreamingListenerEvent> {
    return listenerEvents(this.#bus, (callback) => this.onStop(callback));
  }

  // --- Inputs ---

  /**
   * Return an input stream fed from `queue`: each batch takes the next queued RDD (or array), or
   * with `oneAtATime = false` the union of everything queued; an empty queue gives `defaultRDD`
   * or an empty RDD. The queue is live: push to it while the context runs.
   *
   * @example
   * ```ts
   * const queue: number[][] = [[1, 2], [3]];
   * ssc.queueStream(queue).count().pprint(); // 2, then 1, then 0 ...
   * ssc.queueStream([[['a', 1], ['b', 2]]]).reduceByKey((x, y) => x + y); // literal pairs infer
   * ```
   */
  queueStream<R extends readonly [unknown, unknown]>(
    queue: QueueItem<R>[],
    oneAtATime?: boolean,
    defaultRDD?: QueueItem<R>,
  ): DStream<PairOf<R>>;
  queueStream<T>(
    queue: QueueItem<T>[],
    oneAtATime?: boolean,
    defaultRDD?: QueueItem<T>,
  ): DStream<T>;
  queueStream<T>(queue: QueueItem<T>[], oneAtATime = true, defaultRDD?: QueueItem<T>): DStream<T> {
    return new DStream(new QueueInputDStream(this, queue, oneAtATime, defaultRDD));
  }

  /**
   * Return an input stream fed by a custom {@link Receiver}: what it stores is grouped into blocks
   * every block interval, and each batch takes the blocks stored since the previous one.
   *
   * @example
   * ```ts
   * ssc.receiverStream(new MyReceiver()).pprint();
   * ```
   */
  receiverStream<T>(receiver: Receiver<T>): DStream<T> {
    return new DStream(new ReceiverInputDStream(this, receiver, 'Receiver stream'));
  }

  /**
   * Return an input stream of the UTF-8 lines read from a TCP connection to `host:port` (lines end
   * at `\n`, `\r` or `\r\n`). The receiver reconnects after the restart delay whenever the
   * connection fails or ends, or a line is longer than `options.maxLineLength` (64 Mi characters
   * by default; the receiver then reports a {@link LineTooLongError}). When items are held back
   * (backpressure's rate, `receiverMaxRate`, a slow write-ahead log) the receiver stops reading
   * the socket once `receiverBlockQueueSize` blocks wait, so TCP flow control slows the sender.
   *
   * @throws {@link IllegalArgumentError} for a port outside 0–65535, or a `maxLineLength` that is
   * not a positive integer (or `Infinity`).
   * @example
   * ```ts
   * // nc -lk 9999
   * ssc.socketTextStream('localhost', 9999).flatMap((l) => l.split(' ')).countByValue().pprint();
   * ssc.socketTextStream('localhost', 9999, { maxLineLength: 1024 * 1024 });
   * ```
   */
  socketTextStream(host: string, port: number, options: LineOptions = {}): DStream<string> {
    const { maxLineLength } = options;
    if (maxLineLength === undefined) return this.socketStream(host, port, bytesToLines);
    if (!(maxLineLength === Infinity || (Number.isInteger(maxLineLength) && maxLineLength > 0))) {
      throw new IllegalArgumentError(
        `maxLineLength must be a positive integer or Infinity, got ${maxLineLength}`,
      );
    }
    return this.socketStream(host, port, (chunks) => bytesToLines(chunks, { maxLineLength }));
  }

  /**
   * Return an input stream of the records `converter` makes of the bytes of a TCP connection to
   * `host:port` (Spark's `socketStream`).
   *
   * @throws {@link IllegalArgumentError} for a port outside 0–65535.
   * @example
   * ```ts
   * ssc.socketStream('localhost', 9999, bytesToLines);
   * ```
   */
  socketStream<T>(host: string, port: number, converter: SocketConverter<T>): DStream<T> {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new IllegalArgumentError(`port out of range:${port}`);
    }
    const receiver = new SocketReceiver(host, port, converter);
    return new DStream(new ReceiverInputDStream(this, receiver, 'Socket stream', 'socketStream'));
  }

  /**
   * Return an input stream of the values `source` emits (an RxJS Observable or any
   * `Subscribable`). It is subscribed to by `start()` and unsubscribed from by `stop()`. A value
   * belongs to the batch after its arrival on the context's clock: batch `t` takes the values that
   * arrived in `[t − B, t)` (one partition, in arrival order). Completion ends the data; an error
   * makes `awaitTermination()` reject with it (and is posted to listeners as `onReceiverError`),
   * while the context keeps running. Values are not recovered from a checkpoint.
   *
   * @example
   * ```ts
   * ssc.fromObservable(interval(100)).count().pprint(); // about 10 per one-second batch
   * ```
   */
  fromObservable<T>(source: Observable<T> | Subscribable<T>): DStream<T> {
    return new DStream(new ObservableInputDStream(this, source));
  }

  /**
   * Return an input stream of rows `{ timestamp, value }` with values 0, 1, 2, ... at
   * `rowsPerSecond` (Structured Streaming's rate source). Each batch `t` holds the rows stamped in
   * `(t − B, t]`, `rowsPerSecond × B` rows for a batch of `B` seconds, computed from the batch time
   * alone, so batches re-run after recovery are identical.
   *
   * @throws {@link IllegalArgumentError} unless `rowsPerSecond` and `numPartitions` are positive
   * integers.
   * @example
   * ```ts
   * ssc.rateStream({ rowsPerSecond: 100 }).map((row) => row.value).count().pprint(); // 100 per second
   * ```
   */
  rateStream(options: RateStreamOptions): DStream<RateRow> {
    return new DStream(new RateInputDStream(this, options));
  }

  /**
   * Return an input stream of the lines of the new files in `directory` (UTF-8; lines end at
   * `\n`, `\r` or `\r\n`). Each batch lists the directory (not its sub-directories) and takes the
   * files modified since the stream was created, up to the batch time, that no batch of the last
   * minute took, skipping names that start with `.`. Move files in atomically (write elsewhere,
   * then rename): a file is read once, and what is written to it later is ignored.
   *
   * @example
   * ```ts
   * ssc.textFileStream('/data/incoming').flatMap((l) => l.split(' ')).countByValue().pprint();
   * ```
   */
  textFileStream(directory: string): DStream<string> {
    return new DStream(new FileInputDStream(this, directory, lineReader, {}, 'textFileStream'));
  }

  /**
   * Return an input stream of `[path, contents]`, one pair per new file in `directory`, selected as
   * by {@link StreamingContext.textFileStream}. Spark's `fileStream[K, V, F]` reads the pairs that
   * the Hadoop input format `F` makes of each file; here the record is the whole file (as Spark's
   * `binaryFiles`): derive lines or records with `flatMap`, e.g. with `splitLines`.
   *
   * @example
   * ```ts
   * ssc.fileStream('/data/in', { filter: (path) => path.endsWith('.json'), newFilesOnly: false })
   *   .map(([path, contents]) => JSON.parse(contents.toString('utf8')))
   *   .pprint();
   * ```
   */
  fileStream(directory: string, options: FileStreamOptions = {}): DStream<Pair<string, Buffer>> {
    return new DStream(
      new FileInputDStream(this, directory, wholeFileReader, options, 'fileStream'),
    );
  }

  /**
   * Return an input stream of the fixed-length binary records (`recordLength` bytes each) of the
   * new files in `directory`, selected as by {@link StreamingContext.textFileStream}. A file whose
   * length is not a multiple of `recordLength` fails its batch with `"requirement failed: Byte
   * array does not have correct length. <n> did not equal recordLength: <recordLength>"`.
   *
   * @throws {@link IllegalArgumentError} unless `recordLength` is a positive integer.
   * @example
   * ```ts
   * ssc.binaryRecordsStream('/data/readings', 8).map((r) => r.readDoubleLE(0)).pprint();
   * ```
   */
  binaryRecordsStream(directory: string, recordLength: number): DStream<Buffer> {
    if (!Number.isInteger(recordLength) || recordLength <= 0) {
      throw new IllegalArgumentError(
        `Expected \`recordLength\` to be a positive integer, got ${recordLength}`,
      );
    }
    const reader = fixedLengthReader(recordLength);
    return new DStream(new FileInputDStream(this, directory, reader, {}, 'binaryRecordsStream'));
  }

  /**
   * Return an input stream that yields `rdd` at every batch (Spark's `ConstantInputDStream`).
   *
   * @throws {@link IllegalArgumentError} if `rdd` is null or undefined.
   * @example
   * ```ts
   * ssc.constantInputDStream(ssc.sparkContext.parallelize([1, 2, 3])).count().pprint();
   * ```
   */
  constantInputDStream<T>(rdd: RDD<T>): DStream<T> {
    return new DStream(new ConstantInputDStream(this, rdd));
  }

  /**
   * Return the union of `streams` (same slide duration required).
   *
   * @throws {@link IllegalArgumentError} for an empty list or different slide durations.
   * @example
   * ```ts
   * ssc.union([web, mobile, kiosk]);
   * ```
   */
  union<T>(streams: readonly DStream<T>[]): DStream<T> {
    return new DStream(new UnionDStream(streams.map((s) => s.node)));
  }

  /**
   * Return a stream computed by `f` from the RDDs of several streams at each batch.
   *
   * @example
   * ```ts
   * ssc.transform([a, b], ([ra, rb], time) => ra.union(rb));
   * ```
   */
  transform<U>(
    streams: readonly DStream<unknown>[],
    f: (rdds: RDD<unknown>[], time: Time) => RDD<U>,
  ): DStream<U> {
    return new DStream(
      new TransformedDStream<U>(
        streams.map((s) => s.node),
        f,
      ),
    );
  }

  // --- Lifecycle ---

  /**
   * Start the computation: the first batch runs at the next multiple of the batch interval.
   * On an active context this only warns.
   *
   * @throws {@link IllegalArgumentError} `"requirement failed: No output operations registered,
   * so nothing to execute"` (the context is then stopped).
   * @throws {@link IllegalStateError} if stopped, or if another context is active (`"Only one
   * StreamingContext may be started in this process. Currently running StreamingContext was
   * started at <file>:<line>"`). Differs from Spark: "process" for Spark's "JVM", a space before
   * the call site, and the test kit's runs (`dstream-ts/testing`) are exempt, each on its own
   * virtual clock, so any number of them can run at once.
   * @example
   * ```ts
   * ssc.start();
   * ```
   */
  start(): void {
    switch (this.#state) {
      case 'ACTIVE':
        this.#logger.warn('StreamingContext has already been started');
        return;
      case 'STOPPED':
        throw new IllegalStateError('StreamingContext has already been stopped');
      case 'INITIALIZED':
        break;
    }
    if (activeContext !== undefined && !this.#isolated) {
      // Differs from Spark: "in this process" (not "JVM"), and a space before the call site.
      throw new IllegalStateError(
        `Only one StreamingContext may be started in this process. Currently running StreamingContext was started at ${activeContext.startSite.location}`,
      );
    }
    try {
      this.graph.validate();
      const scheduler = new JobScheduler(
        this.graph,
        this.#batchGate?.wrap(this.#clock) ?? this.#clock,
        this.batchDuration.milliseconds,
        this.#bus,
        this.#logger,
        (error) => {
          this.#waiter.notifyError(error);
        },
        (time, checkpointed) =>
          this.#checkpoints?.afterBatch(time, checkpointed) ?? Promise.resolve(),
        (time) => this.#checkpoints?.afterGenerate(time) ?? Promise.resolve(),
      );
      this.#scheduler = scheduler;
      const dir = this.#checkpointDir;
      this.#checkpoints = dir === undefined ? undefined : this.#checkpointManager(dir, scheduler);
      this.#attachWriteAheadLog();
      if (dir !== undefined && this.graph.inputs.some((input) => !input.replayable)) {
        // Spark logs the bare first sentence at every checkpoint; once per context says more.
        this.#logger.warn(
          `queueStream doesn't support checkpointing: a queue stream's data is gone once a batch has taken it, so getOrCreate cannot recover this context from the checkpoints in ${dir} (it fails). State and windows still work while it runs. For a recoverable job use a replayable input; to test recovery, use checkRecovery from dstream-ts/testing.`,
        );
      }
      if (this.#recovery === undefined) {
        scheduler.start(this.batchDuration.milliseconds, () => this.#startInputs());
      } else {
        scheduler.restart(this.#recovery, () => this.#startInputs());
      }
      this.#state = 'ACTIVE';
      if ('addSettler' in this.#clock)
        this.#removeSettler = (this.#clock as SettlingClock).addSettler(() => scheduler.whenIdle());
    } catch (error) {
      this.#logger.error({ err: error }, 'Error starting the context, marking it as stopped');
      this.#state = 'STOPPED';
      this.#runStopCallbacks();
      throw error;
    }
    if (!this.#isolated) activeContext = { context: this, startSite: new CallSite('start') };
    this.#logger.info?.('StreamingContext started');
    const graph = this.#bus.wantsDetails
      ? describeGraph(this.graph, this.batchDuration)
      : undefined;
    this.#bus.post({
      kind: 'onStreamingStarted',
      event: graph === undefined ? { time: Date.now() } : { time: Date.now(), graph },
    });
  }

  /**
   * Stop the execution. With `stopGracefully`, every batch already generated finishes first;
   * otherwise queued batches are dropped and the running job is awaited at most 2 s. The
   * SparkContext is stopped too unless `stopSparkContext` is `false`. Accepts Spark's positional
   * form `stop(stopSparkContext, stopGracefully)`.
   *
   * @throws {@link SparkError} when called from a listener callback.
   * @example
   * ```ts
   * await ssc.stop({ stopGracefully: true });
   * ```
   */
  stop(options?: StopOptions | boolean, stopGracefully = false): Promise<void> {
    const { stopSparkContext = true, stopGracefully: graceful = stopGracefully } =
      typeof options === 'boolean' ? { stopSparkContext: options } : (options ?? {});
    // Thrown, not returned as a rejection: like Spark's, it reaches the listener bus, which logs it.
    if (this.#bus.isDelivering) {
      throw new SparkError('Cannot stop StreamingContext within listener bus thread.');
    }
    return this.#stop(stopSparkContext, graceful);
  }

  async #stop(stopSparkContext: boolean, graceful: boolean): Promise<void> {
    switch (this.#state) {
      case 'INITIALIZED':
        this.#logger.warn('StreamingContext has not been started yet');
        this.#state = 'STOPPED';
        this.#runStopCallbacks();
        break;
      case 'STOPPED':
        this.#logger.warn('StreamingContext has already been stopped');
        break;
      case 'ACTIVE':
        // Spark's stop is synchronized: a second caller returns once the first one is done.
        this.#stopping ??= this.#stopActive(graceful);
        await this.#stopping;
        break;
    }
    if (stopSparkContext) this.sparkContext.stop();
  }

  /** Each step runs even if an earlier one failed (Spark's tryLogNonFatalError); STOPPED comes last. */
  async #stopActive(graceful: boolean): Promise<void> {
    const stopped = new Set<GraphInput>();
    const stopInput = (input: GraphInput): Promise<void> => {
      stopped.add(input);
      return this.#tryStep(`Error stopping input ${input.inputId}`, () => input.stop());
    };
    let finalBatch = false;
    if (graceful) {
      // As Spark: stop receiving first, so everything received is processed before the end.
      for (const input of this.graph.inputs) {
        if (input.hasUnprocessedData !== undefined) await stopInput(input);
      }
      finalBatch = this.graph.inputs.some((input) => input.hasUnprocessedData?.() === true);
    }
    await this.#tryStep('Error stopping the job scheduler', () =>
      this.#scheduler?.stop(graceful, finalBatch),
    );
    for (const input of this.graph.inputs) if (!stopped.has(input)) await stopInput(input);
    await this.#tryStep('Error closing the write-ahead log', () => this.#wal?.close());
    await this.#tryStep('Error flushing the listener bus', () => this.#bus.flush());
    this.#removeSettler?.();
    if (activeContext?.context === this) activeContext = undefined;
    this.#state = 'STOPPED';
    this.#logger.info?.('StreamingContext stopped successfully');
    this.#runStopCallbacks();
    this.#waiter.notifyStop();
  }

  async #tryStep(what: string, step: () => void | Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.#logger.error({ err: error }, what);
    }
  }

  /** @internal Report a failed source: `awaitTermination()` rejects with `error` (sticky). */
  reportError(error: unknown): void {
    this.#waiter.notifyError(error);
  }

  /** @internal Call `callback` once stopped (at once if already); return a cancel function. */
  onStop(callback: () => void): () => void {
    if (this.#state === 'STOPPED') {
      callback();
      return () => undefined;
    }
    this.#stopCallbacks.add(callback);
    return () => this.#stopCallbacks.delete(callback);
  }

  #runStopCallbacks(): void {
    const callbacks = [...this.#stopCallbacks];
    this.#stopCallbacks.clear();
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        this.#logger.error({ err: error }, 'Error in a stop callback');
      }
    }
  }

  /**
   * Start every input: one that throws stops those already started and fails `start()`; the
   * returned promise settles when the asynchronous starts have finished.
   */
  #startInputs(): Promise<void> {
    const started: { stop(): void | Promise<void> }[] = [];
    const pending: Promise<void>[] = [];
    try {
      for (const input of this.graph.inputs) {
        const result = input.start();
        started.push(input);
        if (result !== undefined) pending.push(result);
      }
    } catch (error) {
      for (const input of started)
        void this.#tryStep('Error stopping an input', () => input.stop());
      throw error;
    }
    return Promise.all(pending).then(() => undefined);
  }

  /**
   * Wait until the context is stopped, or reject with the error of a failed batch (the error
   * stays: every later call rejects with it). As in Spark, a failed batch does not stop the
   * context, and a context stopped before it started never resolves this.
   *
   * @example
   * ```ts
   * try { await ssc.awaitTermination(); } catch (e) { console.error(e); await ssc.stop(); }
   * ```
   */
  async awaitTermination(): Promise<void> {
    await this.#waiter.waitForStopOrError();
  }

  /**
   * Like `awaitTermination`, but give up after `timeoutMs` real milliseconds: resolves `true` if
   * stopped, `false` on timeout.
   *
   * @example
   * ```ts
   * const stopped = await ssc.awaitTerminationOrTimeout(10_000);
   * ```
   */
  awaitTerminationOrTimeout(timeoutMs: number): Promise<boolean> {
    return this.#waiter.waitForStopOrError(timeoutMs);
  }

  /**
   * With a `ManualClock`: advance it and resolve when every batch due has completed.
   *
   * @throws {@link IllegalStateError} if the context's clock is not a ManualClock.
   * @example
   * ```ts
   * await ssc.advance(Seconds(3)); // three batches ran
   * ```
   */
  async advance(by: Duration | number): Promise<void> {
    const clock = this.#clock as Partial<{ advance(by: Duration | number): Promise<void> }>;
    if (typeof clock.advance !== 'function') {
      throw new IllegalStateError(
        'advance() needs a ManualClock; this context runs on another clock',
      );
    }
    await clock.advance(by);
  }
}
