/**
 * The numbers of the retained batches (Spark's `spark.streaming.ui.retainedBatches`) in typed
 * array columns: a batch at time `t` lives in slot `(t / batchDuration) mod capacity`, so
 * recording a batch allocates nothing that outlives it. Keeping a thousand BatchInfo objects
 * instead made every young-generation collection copy them: it cost the engine a third of its
 * per-batch time on a small pipeline.
 */
import type { BatchInfo, StateOperatorInfo } from '../scheduler/batch-info.js';
import type { BatchSummaryJson } from './ui-json.js';

const STATUS = ['queued', 'completed', 'failed'] as const;
const QUEUED = 0;
const COMPLETED = 1;
const FAILED = 2;

/** Numeric columns of the retained batches; `NaN` is "not known yet". */
export class BatchHistory {
  readonly #capacity: number;
  readonly #batchMs: number;
  readonly #time: Float64Array;
  readonly #submission: Float64Array;
  readonly #start: Float64Array;
  readonly #end: Float64Array;
  readonly #records: Float64Array;
  readonly #status: Uint8Array;
  readonly #outputs: Uint32Array;
  readonly #succeeded: Uint32Array;
  readonly #failed: Uint32Array;
  /** The first failure reason of failed batches, by slot (failures are rare). */
  readonly #failures = new Map<number, string>();
  /** State sizes by stateful stream id, one value per slot. */
  readonly #stateSizes = new Map<number, Float64Array>();
  #newest = -Infinity;
  /**
   * Grid indices of the submitted batches not completed yet, oldest first. Batches run one at a
   * time in batch order (Spark's `concurrentJobs = 1`), so the first one is processing.
   */
  readonly #unfinished: number[] = [];

  constructor(capacity: number, batchDurationMs: number) {
    this.#capacity = capacity;
    this.#batchMs = batchDurationMs;
    this.#time = new Float64Array(capacity).fill(NaN);
    this.#submission = new Float64Array(capacity);
    this.#start = new Float64Array(capacity);
    this.#end = new Float64Array(capacity);
    this.#records = new Float64Array(capacity);
    this.#status = new Uint8Array(capacity);
    this.#outputs = new Uint32Array(capacity);
    this.#succeeded = new Uint32Array(capacity);
    this.#failed = new Uint32Array(capacity);
  }

  /** The batch's position on the batch grid (batch times are multiples of the interval). */
  gridIndex(time: number): number {
    return Math.round(time / this.#batchMs);
  }

  /** Record a submitted batch (`onBatchSubmitted`), in the slot of an older one. */
  submitted(info: BatchInfo): void {
    const time = info.batchTime.milliseconds;
    const index = this.gridIndex(time);
    const slot = index % this.#capacity;
    this.#time[slot] = time;
    if (this.#failures.size !== 0) this.#failures.delete(slot);
    if (this.#stateSizes.size !== 0)
      for (const sizes of this.#stateSizes.values()) sizes[slot] = NaN;
    if (index > this.#newest) this.#newest = index;
    this.#submission[slot] = info.submissionTime;
    this.#start[slot] = NaN;
    this.#end[slot] = NaN;
    this.#records[slot] = info.numRecords;
    this.#outputs[slot] = info.outputOperationInfos.size;
    this.#succeeded[slot] = 0;
    this.#failed[slot] = 0;
    this.#status[slot] = QUEUED;
    this.#unfinished.push(index);
  }

  /** Record a finished batch (`onBatchCompleted`): its timings, outputs and state sizes. */
  completed(info: BatchInfo): void {
    const index = this.gridIndex(info.batchTime.milliseconds);
    const at = this.#unfinished.indexOf(index);
    if (at >= 0) this.#unfinished.splice(at, 1);
    const slot = this.#slotOf(info);
    if (slot === undefined) return;
    this.#start[slot] = info.processingStartTime ?? NaN;
    this.#end[slot] = info.processingEndTime ?? NaN;
    let outputs = 0;
    let succeeded = 0;
    let failed = 0;
    let failure: string | undefined;
    for (const output of info.outputOperationInfos.values()) {
      outputs++;
      if (output.failureReason !== undefined) {
        failed++;
        failure ??= output.failureReason;
      } else if (output.endTime !== undefined) succeeded++;
    }
    this.#outputs[slot] = outputs;
    this.#succeeded[slot] = succeeded;
    this.#failed[slot] = failed;
    if (failure !== undefined) this.#failures.set(slot, failure);
    this.#status[slot] = failure === undefined ? COMPLETED : FAILED;
    const stateOperators = info.stateOperators;
    if (stateOperators === undefined) return;
    for (let i = 0; i < stateOperators.length; i++) {
      const { streamId, numRowsTotal } = stateOperators[i] as StateOperatorInfo;
      let sizes = this.#stateSizes.get(streamId);
      if (sizes === undefined) {
        sizes = new Float64Array(this.#capacity).fill(NaN);
        this.#stateSizes.set(streamId, sizes);
      }
      sizes[slot] = numRowsTotal;
    }
  }

  /** The slot of the batch `info` describes, unless a newer batch took it. */
  #slotOf(info: BatchInfo): number | undefined {
    const time = info.batchTime.milliseconds;
    const slot = this.gridIndex(time) % this.#capacity;
    return this.#time[slot] === time ? slot : undefined;
  }

  /** The retained batch times from grid index `fromIndex` on (default: all), oldest first. */
  times(fromIndex = -Infinity): number[] {
    const times: number[] = [];
    const oldest = Math.max(fromIndex, this.#newest - this.#capacity + 1);
    for (let slot = 0; slot < this.#capacity; slot++) {
      const time = this.#time[slot] as number;
      if (!Number.isNaN(time) && this.gridIndex(time) >= oldest) times.push(time);
    }
    return times.sort((a, b) => a - b);
  }

  /** Return the batch at `time` as JSON, or `undefined` when it is not retained. */
  json(time: number): BatchSummaryJson | undefined {
    const index = this.gridIndex(time);
    const slot = index % this.#capacity;
    if (this.#time[slot] !== time || index <= this.#newest - this.#capacity) return undefined;
    const submission = this.#submission[slot] as number;
    const start = known(this.#start[slot] as number);
    const end = known(this.#end[slot] as number);
    const total = this.#outputs[slot] as number;
    const succeeded = this.#succeeded[slot] as number;
    const failed = this.#failed[slot] as number;
    const failureReason = this.#failures.get(slot) ?? null;
    const stateSizes: { streamId: number; numRowsTotal: number }[] = [];
    for (const [streamId, sizes] of this.#stateSizes) {
      const size = sizes[slot] as number;
      if (!Number.isNaN(size)) stateSizes.push({ streamId, numRowsTotal: size });
    }
    return {
      batchTime: time,
      status:
        this.#status[slot] === QUEUED && this.#unfinished[0] === index
          ? 'processing'
          : (STATUS[this.#status[slot] as number] ?? 'queued'),
      numRecords: this.#records[slot] as number,
      submissionTime: submission,
      processingStartTime: start,
      processingEndTime: end,
      schedulingDelay: start === null ? null : start - submission,
      processingTime: start === null || end === null ? null : end - start,
      totalDelay: end === null ? null : end - submission,
      outputOperations: { total, succeeded, failed },
      failureReason,
      stateSizes,
    };
  }
}

function known(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
