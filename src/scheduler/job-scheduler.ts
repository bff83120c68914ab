/** Port of Spark's JobGenerator and JobScheduler (streaming/.../scheduler/), one job at a time. */
import type { DStreamGraph } from '../dstream/dstream-graph.js';
import type { DStreamNode, OutputJob } from '../dstream/dstream-node.js';
import { loadSources, releaseSources, type AsyncSource } from '../rdd/async-source.js';
import { Time } from '../time/time.js';
import { BatchInfo, OutputOperationInfo, type StateOperatorInfo } from './batch-info.js';
import type { Clock } from './clock/clock.js';
import { RecurringTimer } from './clock/recurring-timer.js';
import type { ListenerBus } from './listener-bus.js';
import type { Logger } from './logger.js';

/** An RDD whose data was checkpointed after a batch: the stream and the batch time. */
export interface CheckpointedRDD {
  readonly node: DStreamNode<unknown>;
  readonly timeMs: number;
}

/** Where a recovered context starts again. */
export interface SchedulerRecovery {
  readonly zeroTimeMs: number;
  readonly checkpointTimeMs: number;
  readonly pendingTimesMs: readonly number[];
}

/** How long a non-graceful stop waits for the running job (Spark's job executor: 2 s). */
// Differs from Spark: Spark interrupts the job thread after the wait; a JavaScript job cannot be
// interrupted, so stop() stops waiting for it and drops the queued batches instead.
const NON_GRACEFUL_WAIT_MS = 2000;
const GRACEFUL_STOP_TIMEOUT_BATCHES = 10;

/**
 * Turns timer ticks into batches. Each tick first lets the inputs fetch their data and generates
 * the batch's jobs (the generation chain), then queues the job set behind earlier ones (the job
 * chain), so jobs run one at a time in batch order, like Spark's `concurrentJobs = 1`.
 */
export class JobScheduler {
  readonly #graph: DStreamGraph;
  readonly #bus: ListenerBus;
  readonly #logger: Logger;
  readonly #reportError: (error: unknown) => void;
  readonly #timer: RecurringTimer;
  readonly #batchMs: number;
  readonly #afterBatch: (time: Time, checkpointed: readonly CheckpointedRDD[]) => Promise<void>;
  readonly #afterGenerate: (time: Time) => Promise<void>;
  readonly #pending = new Set<number>();
  #generation: Promise<void> = Promise.resolve();
  #jobs: Promise<void> = Promise.resolve();
  #stopped = false;
  #statefulStreams: readonly DStreamNode<unknown>[] | undefined;

  constructor(
    graph: DStreamGraph,
    clock: Clock,
    batchMs: number,
    bus: ListenerBus,
    logger: Logger,
    reportError: (error: unknown) => void,
    afterBatch: (time: Time, checkpointed: readonly CheckpointedRDD[]) => Promise<void> = () =>
      Promise.resolve(),
    afterGenerate: (time: Time) => Promise<void> = () => Promise.resolve(),
  ) {
    this.#afterBatch = afterBatch;
    this.#afterGenerate = afterGenerate;
    this.#graph = graph;
    this.#bus = bus;
    this.#logger = logger;
    this.#reportError = reportError;
    this.#batchMs = batchMs;
    this.#timer = new RecurringTimer(clock, batchMs, (time) => {
      this.#onTick(new Time(time));
    });
  }

  /**
   * Initialise the graph and start ticking: the first batch at the next multiple of the interval
   * after now, zeroTime one interval before it (Spark's JobGenerator.startFirstTime).
   */
  start(batchMs: number, startInputs: () => Promise<void>): Time {
    const startTime = this.#timer.getStartTime();
    const zeroTime = new Time(startTime - batchMs);
    // Initialise and validate the graph first, then start the inputs (Spark's DStreamGraph.start);
    // no batch is generated before every input's start has finished.
    this.#graph.start(zeroTime);
    this.#generation = this.#guard(startInputs());
    this.#timer.start(startTime);
    return zeroTime;
  }

  /**
   * Start again after recovery (Spark's JobGenerator.restart): keep the checkpoint's zeroTime,
   * re-run the pending batches and every batch time from the checkpoint's (inclusive) up to the
   * next grid time after now, then tick from there.
   */
  restart(recovery: SchedulerRecovery, startInputs: () => Promise<void>): void {
    const zeroTime = new Time(recovery.zeroTimeMs);
    this.#graph.start(zeroTime);
    this.#generation = this.#guard(startInputs());
    const restartTime = this.#timer.getRestartTime(recovery.zeroTimeMs);
    const times = new Set(recovery.pendingTimesMs);
    for (let t = recovery.checkpointTimeMs; t < restartTime; t += this.#batchMs) times.add(t);
    const rerun = [...times]
      .sort((a, b) => a - b)
      .filter((t) => t > recovery.zeroTimeMs && t < restartTime);
    this.#logger.info?.(
      `Batches to reschedule (${rerun.length} batches): ${rerun.map((t) => `${t} ms`).join(', ')}`,
    );
    for (const t of rerun) this.#onTick(new Time(t));
    this.#timer.start(restartTime);
  }

  /** Resolve once every batch ticked so far has finished and its events were delivered. */
  async whenIdle(): Promise<void> {
    for (;;) {
      const generation = this.#generation;
      const jobs = this.#jobs;
      await generation;
      await jobs;
      if (generation === this.#generation && jobs === this.#jobs) break;
    }
    await this.#bus.flush();
  }

  /**
   * Stop ticking. Graceful: finish every batch already ticked. Otherwise: drop queued batches
   * and wait at most 2 s for the job that is running (JavaScript cannot interrupt it).
   */
  async stop(graceful: boolean, finalBatch = false): Promise<void> {
    // Differs from Spark: a graceful stop ends the timer at once; Spark's timer usually fires one
    // or two more batch times first. Every batch already ticked still completes, and when inputs
    // still hold received data, one final batch (the next grid time) is generated right away.
    const lastTime = this.#timer.stop();
    if (graceful && finalBatch) this.#onTick(new Time(lastTime + this.#batchMs));
    if (!graceful) this.#stopped = true;
    // Spark bounds a graceful stop by spark.streaming.gracefulStopTimeout (10 batch intervals).
    const limit = graceful ? this.#batchMs * GRACEFUL_STOP_TIMEOUT_BATCHES : NON_GRACEFUL_WAIT_MS;
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timeout = setTimeout(resolve, limit, true);
    });
    const expired = await Promise.race([this.whenIdle().then(() => false), timedOut]);
    clearTimeout(timeout);
    if (expired && graceful) {
      this.#logger.warn(`Timed out while stopping the job generator (timeout = ${limit} ms)`);
    }
    this.#stopped = true;
  }

  #onTick(time: Time): void {
    this.#generation = this.#guard(this.#generation.then(() => this.#generate(time)));
  }

  /** Keep a chain alive whatever happens inside it: a rejection is reported, never left unhandled. */
  #guard(step: Promise<void>): Promise<void> {
    return step.catch((error: unknown) => {
      try {
        this.#logger.error({ err: error }, 'Error in job scheduler');
      } finally {
        this.#reportError(error);
      }
    });
  }

  async #generate(time: Time): Promise<void> {
    if (this.#stopped) return;
    let jobs: OutputJob[];
    // Asynchronous sources (Kafka ranges) this batch loaded; released once its jobs have run.
    const loaded = new Set<AsyncSource>();
    try {
      for (const input of this.#graph.inputs) {
        if (input.isInitialized) await input.prepareBatch(time);
      }
      await this.#graph.loadForGeneration(time, loaded);
      jobs = this.#graph.generateJobs(time);
    } catch (error) {
      releaseSources(loaded);
      // What the inputs decided for this batch is given back, so the next batch takes it.
      for (const input of this.#graph.inputs) input.discardBatch?.(time);
      this.#logger.error({ err: error }, `Error generating jobs for time ${time}`);
      this.#reportError(error);
      return;
    }
    if (jobs.length > 0) {
      this.#logger.debug?.(`Added jobs for time ${time}`);
      this.#pending.add(time.milliseconds);
    }
    try {
      // Spark's checkpoint at generation, for every batch (with no job too, as Spark posts
      // DoCheckpoint whatever the job count): what the batch reads (offset ranges, blocks, files)
      // is durable before its jobs run, so a batch re-run after a crash reads exactly the same
      // data, and a recovery after a batch without jobs does not re-run the batch before it.
      await this.#afterGenerate(time);
    } catch (error) {
      this.#logger.error({ err: error }, `Error checkpointing the batch of time ${time}`);
      this.#reportError(error);
    }
    if (jobs.length === 0) {
      releaseSources(loaded);
      return;
    }
    const outputs = new Map<number, OutputOperationInfo>();
    const detailed = this.#bus.wantsDetails;
    jobs.forEach((job, id) => {
      const site = job.name ?? 'output';
      const rdd = detailed ? job.rdd : undefined;
      outputs.set(id, new OutputOperationInfo(time, id, site, site, job.streamId, rdd));
    });
    const inputInfo = this.#graph.inputInfos.take(time.milliseconds);
    const batch = new BatchInfo(time, inputInfo, Date.now(), outputs);
    this.#postBatch('onBatchSubmitted', batch);
    this.#jobs = this.#guard(
      this.#jobs
        .then(() => this.#runJobSet(batch, jobs, loaded))
        .finally(() => {
          releaseSources(loaded);
        }),
    );
  }

  /**
   * Run a batch's jobs in order. Before each job, the asynchronous sources of its RDD's lineage
   * are loaded (Spark's tasks read their Kafka ranges as they compute); `loaded` collects them.
   */
  async #runJobSet(
    batch: BatchInfo,
    jobs: readonly OutputJob[],
    loaded: Set<AsyncSource>,
  ): Promise<void> {
    if (this.#stopped) return;
    let lastSucceeded = true;
    let allSucceeded = true;
    for (let id = 0; id < jobs.length; id++) {
      const info = batch.outputOperationInfos.get(id) as OutputOperationInfo;
      info.startTime = Date.now();
      if (id === 0) {
        batch.processingStartTime = info.startTime;
        this.#postBatch('onBatchStarted', batch);
      }
      this.#postOutput('onOutputOperationStarted', info);
      try {
        const job = jobs[id] as OutputJob;
        if (job.rdd !== undefined) await loadSources(job.rdd.node, loaded);
        await job.run();
        lastSucceeded = true;
      } catch (error) {
        // Differs from Spark: an exception from a user function inside an RDD action arrives as
        // thrown, not wrapped in SparkException("Job aborted due to stage failure: ...").
        lastSucceeded = false;
        allSucceeded = false;
        info.failureReason =
          error instanceof Error ? (error.stack ?? String(error)) : String(error);
        this.#logger.error(
          { err: error },
          `Error running job streaming job ${batch.batchTime}.${id}`,
        );
        this.#reportError(error);
      }
      info.endTime = Date.now();
      const jobGroup = (jobs[id] as OutputJob).jobProperties?.();
      info.jobGroup = jobGroup?.group;
      info.jobDescription = jobGroup?.description;
      this.#postOutput('onOutputOperationCompleted', info);
    }
    batch.processingEndTime = Date.now();
    this.#logger.debug?.(
      `Total delay: ${seconds(batch.totalDelay)} s for time ${batch.batchTime} (execution: ${seconds(batch.processingDelay)} s)`,
    );
    if (allSucceeded && this.#bus.wantsDetails) batch.stateOperators = this.#stateSizes(batch);
    this.#postBatch('onBatchCompleted', batch);
    // As in Spark, old RDDs are forgotten only when the batch's last job succeeded.
    // A failed batch stays pending (and is re-run on recovery), as in Spark.
    if (!lastSucceeded) return;
    this.#pending.delete(batch.batchTime.milliseconds);
    const checkpointed: CheckpointedRDD[] = [];
    try {
      this.#graph.checkpointData(batch.batchTime, (node, timeMs) =>
        checkpointed.push({ node, timeMs }),
      );
      this.#graph.clearMetadata(batch.batchTime);
      await this.#afterBatch(batch.batchTime, checkpointed);
    } catch (error) {
      this.#logger.error(
        { err: error },
        `Error checkpointing the batch of time ${batch.batchTime}`,
      );
      this.#reportError(error);
    }
  }

  /**
   * Post `batch` if a listener handles `kind` (else the event is not even made): a snapshot while
   * the batch runs, the batch itself once it has completed, since nothing changes it any more.
   */
  #postBatch(
    kind: 'onBatchSubmitted' | 'onBatchStarted' | 'onBatchCompleted',
    batch: BatchInfo,
  ): void {
    if (!this.#bus.handles(kind)) return;
    const batchInfo = kind === 'onBatchCompleted' ? batch : snapshotBatch(batch);
    this.#bus.post({ kind, event: { batchInfo } });
  }

  /** Post `info` if a listener handles `kind`: a snapshot while it runs, itself once ended. */
  #postOutput(
    kind: 'onOutputOperationStarted' | 'onOutputOperationCompleted',
    info: OutputOperationInfo,
  ): void {
    if (!this.#bus.handles(kind)) return;
    const outputOperationInfo = kind === 'onOutputOperationCompleted' ? info : snapshotOutput(info);
    this.#bus.post({ kind, event: { outputOperationInfo } });
  }

  /** The size of every stateful stream's state after `batch` (read from its persisted RDD). */
  #stateSizes(batch: BatchInfo): StateOperatorInfo[] | undefined {
    this.#statefulStreams ??= this.#graph.reachableStreams().filter((node) => node.isStateful);
    if (this.#statefulStreams.length === 0) return undefined;
    const sizes: StateOperatorInfo[] = [];
    for (const node of this.#statefulStreams) {
      const numRowsTotal = node.stateSize(batch.batchTime);
      if (numRowsTotal === undefined) continue;
      const entries = node.stateEntries(batch.batchTime);
      sizes.push({
        streamId: node.id,
        name: node.checkpointKey,
        numRowsTotal,
        ...(entries === undefined ? {} : { entries }),
      });
    }
    return sizes;
  }

  /** Batch times whose jobs were generated but did not all succeed yet. */
  get pendingTimes(): number[] {
    return [...this.#pending].sort((a, b) => a - b);
  }
}

/**
 * Return a copy of `info` as it is now. Events are delivered later (asynchronously), so each one
 * carries its own snapshot, as Spark's immutable per-event `OutputOperationInfo` does.
 */
function snapshotOutput(info: OutputOperationInfo): OutputOperationInfo {
  const copy = new OutputOperationInfo(
    info.batchTime,
    info.id,
    info.name,
    info.description,
    info.streamId,
    info.rdd,
  );
  copy.startTime = info.startTime;
  copy.endTime = info.endTime;
  copy.failureReason = info.failureReason;
  copy.jobGroup = info.jobGroup;
  copy.jobDescription = info.jobDescription;
  return copy;
}

/** Return a copy of `batch` as it is now (Spark's `JobSet.toBatchInfo` per event). */
function snapshotBatch(batch: BatchInfo): BatchInfo {
  const outputs = new Map<number, OutputOperationInfo>();
  for (const [id, info] of batch.outputOperationInfos) outputs.set(id, snapshotOutput(info));
  const copy = new BatchInfo(
    batch.batchTime,
    batch.streamIdToInputInfo,
    batch.submissionTime,
    outputs,
  );
  copy.processingStartTime = batch.processingStartTime;
  copy.processingEndTime = batch.processingEndTime;
  copy.stateOperators = batch.stateOperators;
  return copy;
}

/** Spark's `%.3f` seconds of a delay in ms (`undefined`: not known). */
function seconds(ms: number | undefined): string {
  return ms === undefined ? '?' : (ms / 1000).toFixed(3);
}
