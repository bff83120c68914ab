/** Port of Spark's DStreamGraph (streaming/src/main/scala/org/apache/spark/streaming/DStreamGraph.scala). */
import { requireArgument } from '../errors.js';
import { loadSources, type AsyncSource } from '../rdd/async-source.js';
import type { Duration } from '../time/duration.js';
import { requirePositiveDuration } from '../time/duration-argument.js';
import { InputInfoTracker } from './input-info.js';
import type { Time } from '../time/time.js';
import type { DStreamNode, OutputJob } from './dstream-node.js';

/** What the graph needs of an input stream (implemented by InputDStream in input/). */
export interface GraphInput {
  readonly inputId: number;
  readonly isInitialized: boolean;
  /** `false` when a recovered context could not replay this input's old batches. */
  readonly replayable: boolean;
  /** Whether this input's RDDs read their data asynchronously (see `rdd/async-source.ts`). */
  readonly hasAsyncSources?: boolean;
  /**
   * Receiving inputs: whether data was received that no batch took yet (a graceful stop stops
   * such inputs first and runs one last batch for it).
   */
  hasUnprocessedData?(): boolean;
  /** What a checkpoint must remember to replay this input's batches (plain data). */
  position?(): unknown;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
  /** Fetch whatever the batch at `time` needs before its jobs are generated (may be async). */
  prepareBatch(time: Time): void | Promise<void>;
  /** The batch at `time` was prepared but its jobs could not be generated: take nothing for it. */
  discardBatch?(time: Time): void;
}

/** What the graph needs of an output stream (implemented by ForEachDStream in output/). */
export interface GraphOutput extends DStreamNode<unknown> {
  generateJob(time: Time): OutputJob | undefined;
}

/** The inputs and outputs of one StreamingContext, and the per-batch entry points. */
export class DStreamGraph {
  readonly inputs: GraphInput[] = [];
  readonly inputInfos = new InputInfoTracker();
  readonly outputs: GraphOutput[] = [];
  rememberDuration: Duration | undefined;
  zeroTime: Time | undefined;
  #nextStreamId = 0;
  #nextInputId = 0;

  nextStreamId(): number {
    return this.#nextStreamId++;
  }

  nextInputId(): number {
    return this.#nextInputId++;
  }

  addInput(input: GraphInput): void {
    this.inputs.push(input);
  }

  addOutput(output: GraphOutput): void {
    this.outputs.push(output);
  }

  /** Set the graph-wide minimum remember duration (`ssc.remember`); allowed once. */
  remember(duration: Duration): void {
    requireArgument(
      this.rememberDuration === undefined,
      `Remember duration already set as ${String(this.rememberDuration)}. Cannot set it again.`,
    );
    this.rememberDuration = requirePositiveDuration(duration, 'duration');
  }

  /** Validate before start (Spark's `DStreamGraph.validate`). */
  validate(): void {
    requireArgument(
      this.outputs.length > 0,
      'No output operations registered, so nothing to execute',
    );
  }

  /** Initialise every stream reachable from an output at `zeroTime` and propagate remember durations. */
  start(zeroTime: Time): void {
    this.zeroTime = zeroTime;
    for (const output of this.outputs) output.initialize(zeroTime);
    for (const output of this.outputs) output.remember(this.rememberDuration);
    for (const output of this.outputs) output.validateAtStart();
  }

  /** Cut the lineage of RDDs marked for checkpointing at `time` (after the batch ran). */
  checkpointData(
    time: Time,
    checkpointed?: (node: DStreamNode<unknown>, timeMs: number) => void,
  ): void {
    for (const output of this.outputs) output.checkpointData(time, checkpointed);
  }

  /** Every stream reachable from an output, in creation order. */
  reachableStreams(): DStreamNode<unknown>[] {
    const seen = new Map<number, DStreamNode<unknown>>();
    const visit = (node: DStreamNode<unknown>): void => {
      if (seen.has(node.id)) return;
      seen.set(node.id, node);
      for (const parent of node.dependencies) visit(parent);
    };
    for (const output of this.outputs) visit(output);
    return [...seen.values()].sort((a, b) => a.id - b.id);
  }

  /**
   * A description of the graph's shape (kinds, names, parents, slides), equal for two graphs
   * built by the same code: recovery compares it with the checkpoint's.
   */
  fingerprint(): string[] {
    return this.reachableStreams().map((node) => {
      const parents = node.dependencies.map((parent) => parent.id).join(',');
      return `${node.id}:${node.className}:${node.name ?? ''}:${node.slideDuration.milliseconds}:[${parents}]`;
    });
  }

  /**
   * Before the jobs of `time` are generated: load the asynchronous sources (Kafka ranges) that
   * functions run at generation may compute (a `transform` that sorts, samples or counts), by
   * computing those streams' parent RDDs first. Only graphs with such sources pay for this.
   */
  // Differs from Spark: Spark reads a Kafka range at generation only when the transform function
  // runs an action on it; here a user's transform gets its parents' ranges read whatever it does
  // (it cannot wait for a read mid-function), held until the batch ends.
  async loadForGeneration(time: Time, loaded: Set<AsyncSource>): Promise<void> {
    if (!this.inputs.some((input) => input.hasAsyncSources === true)) return;
    this.#readingAtGeneration ??= this.reachableStreams().filter(
      (node) => node.readsParentsAtGeneration,
    );
    for (const node of this.#readingAtGeneration) {
      if (!node.isTimeValid(time)) continue;
      for (const parent of node.dependencies) {
        const rdd = parent.getOrCompute(time);
        if (rdd !== undefined) await loadSources(rdd.node, loaded);
      }
    }
  }

  #readingAtGeneration: DStreamNode<unknown>[] | undefined;

  /** Ask each output, in registration order, for its job at `time`. */
  generateJobs(time: Time): OutputJob[] {
    const jobs: OutputJob[] = [];
    for (const output of this.outputs) {
      const job = output.generateJob(time);
      if (job !== undefined) jobs.push(job);
    }
    return jobs;
  }

  /** Forget RDDs every stream no longer needs after the batch at `time` completed. */
  clearMetadata(time: Time): void {
    for (const output of this.outputs) output.clearMetadata(time);
  }
}
