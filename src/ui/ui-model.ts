/**
 * The live web view's state, fed by StreamingListener events only: Spark's
 * StreamingJobProgressListener, which keeps the recent batches for the streaming tab.
 */
import { needsLoading } from '../rdd/async-source.js';
import { formatElement } from '../rdd/format.js';
import type { BatchInfo, OutputOperationInfo } from '../scheduler/batch-info.js';
import type {
  StreamingListener,
  StreamingListenerBatchCompleted,
  StreamingListenerBatchStarted,
  StreamingListenerBatchSubmitted,
  StreamingListenerStreamingStarted,
} from '../scheduler/streaming-listener.js';
import { BatchHistory } from './batch-history.js';
import { stateDetails, type PreviousState } from './state-details.js';
import type { StepControl } from './step-control.js';
import {
  graphToJson,
  outputStatus,
  type ActiveBatchJson,
  type AppJson,
  type BatchDetailJson,
  type BatchSummaryJson,
  type OutputOperationJson,
  type StreamJson,
} from './ui-json.js';

/** Records shown per output operation, as many as `pprint` shows by default. */
const FIRST_RECORDS = 10;

/** What changed since the last {@link StreamingUIModel.takeChanges}. */
export interface UIChanges {
  readonly app: AppJson | undefined;
  readonly graph: readonly StreamJson[] | undefined;
  readonly batches: readonly BatchSummaryJson[];
}

/** Settings of the model (the context's and the view's options). */
export interface UIModelSettings {
  readonly appName: string;
  readonly batchDuration: number;
  /** Batches kept (Spark's `spark.streaming.ui.retainedBatches`). */
  readonly retainedBatches: number;
  /** Newest batches whose BatchInfo and output RDDs are kept for the batch details. */
  readonly retainedBatchDetails: number;
  /** The step mode of the context's batches. */
  readonly step: StepControl;
  /** Registers the listener of queued and running batches while a page is open. */
  readonly listeners: {
    addStreamingListener(listener: StreamingListener): void;
    removeStreamingListener(listener: StreamingListener): void;
  };
}

/** One of the newest completed batches: its BatchInfo, and its details once the page asked. */
interface RecentBatch {
  time: number;
  /** The completed BatchInfo: its output infos carry their RDDs (`detailedEvents`). */
  info: BatchInfo | undefined;
  details: BatchDetailJson | undefined;
}

/**
 * A listener that asks for detailed events and records what the page shows. An event costs a few
 * stores into preallocated slots (the view must not slow the engine down): JSON is made when the
 * page asks, and lineage and first records only for the batch the page shows, from the output
 * RDDs kept for the newest batches.
 */
export class StreamingUIModel implements StreamingListener {
  readonly detailedEvents = true;
  readonly #settings: UIModelSettings;
  readonly #history: BatchHistory;
  readonly #recent: RecentBatch[];
  #status: AppJson['status'] = 'waiting';
  #startTime: number | null = null;
  #zeroTime: number | null = null;
  /** Submitted batches not completed yet, by time: tracked only while a page is open. */
  readonly #active = new Map<number, ActiveBatchJson>();
  /**
   * Spark's queued and processing batches come from two more events per batch; a second listener
   * takes them, registered only while a page is open, so the engine makes them only then.
   */
  readonly #activeListener: StreamingListener = {
    onBatchSubmitted: ({ batchInfo }: StreamingListenerBatchSubmitted) => {
      this.#setActive(batchInfo, 'queued');
    },
    onBatchStarted: ({ batchInfo }: StreamingListenerBatchStarted) => {
      this.#setActive(batchInfo, 'processing');
    },
  };
  #completed = 0;
  #graph: StreamJson[] = [];
  /** Set while someone follows the changes (an open page); unset, nothing is tracked. */
  #onChange: (() => void) | undefined;
  #changedApp = false;
  #changedGraph = false;
  /** The oldest grid index that changed: batches change while they run, the newest ones. */
  #changedFrom = Infinity;

  constructor(settings: UIModelSettings) {
    this.#settings = settings;
    this.#history = new BatchHistory(settings.retainedBatches, settings.batchDuration);
    this.#recent = Array.from({ length: settings.retainedBatchDetails }, () => ({
      time: NaN,
      info: undefined,
      details: undefined,
    }));
  }

  // --- Listener callbacks ---

  onStreamingStarted({ time, graph }: StreamingListenerStreamingStarted): void {
    this.#status = 'running';
    this.#startTime = time;
    this.#settings.step.started();
    if (graph !== undefined) {
      this.#graph = graphToJson(graph);
      this.#zeroTime = graph.zeroTime?.milliseconds ?? null;
    }
    this.#changedApp = this.#changedGraph = true;
    this.#onChange?.();
  }

  // One event per batch: the completed batch, whose output infos carry their RDDs. Handling the
  // others too (queued and processing batches) made the view cost the engine about 5 % more on
  // small batches, and the bus does not even make the events no listener handles.
  onBatchCompleted({ batchInfo }: StreamingListenerBatchCompleted): void {
    this.#completed++;
    this.#changedApp = true;
    const time = batchInfo.batchTime.milliseconds;
    this.#active.delete(time);
    this.#history.record(batchInfo);
    const recent = this.#recent[this.#recentIndex(time)] as RecentBatch;
    recent.time = time;
    recent.info = batchInfo;
    recent.details = undefined;
    this.#changed(time);
  }

  /** The context stopped: the page shows it. */
  markStopped(): void {
    this.#status = 'stopped';
    this.#settings.step.stopped();
    this.#active.clear();
    this.#changedApp = true;
    this.#onChange?.();
  }

  // --- What the server serves ---

  get app(): AppJson {
    return {
      appName: this.#settings.appName,
      batchDuration: this.#settings.batchDuration,
      status: this.#status,
      startTime: this.#startTime,
      zeroTime: this.#zeroTime,
      completedBatches: this.#completed,
      retainedBatches: this.#settings.retainedBatches,
      activeBatches: [...this.#active.values()].sort((a, b) => a.batchTime - b.batchTime),
      step: this.#settings.step.json,
    };
  }

  /** The step mode changed (paused or resumed): the page shows it. */
  stepChanged(): void {
    this.#changedApp = true;
    this.#onChange?.();
  }

  get graph(): readonly StreamJson[] {
    return this.#graph;
  }

  /** The retained batches, oldest first. */
  get batches(): BatchSummaryJson[] {
    return this.#summaries(-Infinity);
  }

  /**
   * Return the batch at `time` with its inputs and output operations, each with its RDD's lineage
   * and first records; `undefined` for a batch not retained. Lineage and records are computed at
   * the first request (then kept): `take` computes the first records again from the RDD's lineage
   * (shuffle outputs and persisted partitions are reused), only for batches someone looks at.
   */
  batch(time: number): BatchDetailJson | undefined {
    const summary = this.#history.json(time);
    if (summary === undefined) return undefined;
    const recent = this.#recent[this.#recentIndex(time)] as RecentBatch;
    const info = recent.time === time ? recent.info : undefined;
    if (info === undefined) {
      const kept = this.#settings.retainedBatchDetails;
      const note = `Only the newest ${kept} batches keep their output operations, RDDs and states.`;
      return { ...summary, outputOperationDetails: null, states: null, note };
    }
    if (recent.details !== undefined) return recent.details;
    const details: BatchDetailJson = {
      ...summary,
      outputOperationDetails: [...info.outputOperationInfos.values()].map(outputDetails),
      states: stateDetails(info, (streamId) => this.#previousState(time, streamId)),
      note: null,
    };
    recent.details = details;
    return details;
  }

  /**
   * Call `onChange` after each change until `undefined` is set; {@link takeChanges} returns
   * them. Without a follower nothing is tracked.
   */
  follow(onChange: (() => void) | undefined): void {
    const { listeners } = this.#settings;
    if (onChange !== undefined && this.#onChange === undefined) {
      listeners.addStreamingListener(this.#activeListener);
    } else if (onChange === undefined && this.#onChange !== undefined) {
      listeners.removeStreamingListener(this.#activeListener);
      this.#active.clear();
    }
    this.#onChange = onChange;
    this.#changedApp = this.#changedGraph = false;
    this.#changedFrom = Infinity;
  }

  /** Return what changed since the last call (or since `follow`). */
  takeChanges(): UIChanges {
    const changes: UIChanges = {
      app: this.#changedApp ? this.app : undefined,
      graph: this.#changedGraph ? this.#graph : undefined,
      batches: this.#changedFrom === Infinity ? [] : this.#summaries(this.#changedFrom),
    };
    this.#changedApp = this.#changedGraph = false;
    this.#changedFrom = Infinity;
    return changes;
  }

  // --- Internals ---

  #setActive(batchInfo: BatchInfo, status: ActiveBatchJson['status']): void {
    const batchTime = batchInfo.batchTime.milliseconds;
    // An event delivered after the batch completed (events come in order) changes nothing.
    if (this.#history.json(batchTime) !== undefined) return;
    this.#active.set(batchTime, {
      batchTime,
      status,
      numRecords: batchInfo.numRecords,
      submissionTime: batchInfo.submissionTime,
      processingStartTime: batchInfo.processingStartTime ?? null,
    });
    this.#changedApp = true;
    this.#onChange?.();
  }

  /** The state of `streamId` after its batch before `time` (one slide earlier), if still kept. */
  #previousState(time: number, streamId: number): PreviousState {
    const slide =
      this.#graph.find((stream) => stream.id === streamId)?.slideDuration ??
      this.#settings.batchDuration;
    const previous = time - slide;
    if (this.#zeroTime !== null && previous <= this.#zeroTime) return 'empty';
    const recent = this.#recent[this.#recentIndex(previous)] as RecentBatch;
    if (recent.time !== previous) return undefined;
    return recent.info?.stateOperators?.find((state) => state.streamId === streamId);
  }

  #summaries(fromIndex: number): BatchSummaryJson[] {
    const summaries: BatchSummaryJson[] = [];
    for (const time of this.#history.times(fromIndex)) {
      const summary = this.#history.json(time);
      if (summary !== undefined) summaries.push(summary);
    }
    return summaries;
  }

  #changed(time: number): void {
    if (this.#onChange === undefined) return;
    this.#changedFrom = Math.min(this.#changedFrom, this.#history.gridIndex(time));
    this.#onChange();
  }

  #recentIndex(time: number): number {
    return this.#history.gridIndex(time) % this.#recent.length;
  }
}

/** A finished output operation as JSON, with its RDD's lineage, and first records if it succeeded. */
function outputDetails(output: OutputOperationInfo): OutputOperationJson {
  const rdd = output.rdd;
  const status = outputStatus(output);
  const base = {
    id: output.id,
    streamId: output.streamId ?? null,
    name: output.name,
    status,
    startTime: output.startTime ?? null,
    endTime: output.endTime ?? null,
    duration: output.duration ?? null,
    failureReason: output.failureReason ?? null,
    jobGroup: output.jobGroup ?? null,
    jobDescription: output.jobDescription ?? null,
  };
  const missing = (note: string): OutputOperationJson => ({
    ...base,
    lineage: rdd?.toDebugString() ?? null,
    firstRecords: null,
    hasMoreRecords: false,
    note,
  });
  if (rdd === undefined) return missing('The listener events carried no RDD for it.');
  if (status === 'failed') return missing('The output operation failed.');
  if (needsLoading(rdd.node)) {
    return missing(
      "Its input's records (a Kafka batch) were read by the batch's jobs and dropped after the batch; they are not kept for the view.",
    );
  }
  try {
    const taken = rdd.take(FIRST_RECORDS + 1);
    const firstRecords = taken
      .slice(0, FIRST_RECORDS)
      .map((record) => formatElement(record, 'python'));
    const lineage = rdd.toDebugString();
    return {
      ...base,
      lineage,
      firstRecords,
      hasMoreRecords: taken.length > FIRST_RECORDS,
      note: null,
    };
  } catch (error) {
    return missing(`Computing the first records failed: ${String(error)}`);
  }
}
