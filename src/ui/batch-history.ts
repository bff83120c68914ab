/**
 * The numbers of the retained completed batches (Spark's `spark.streaming.ui.retainedBatches`) in
 * typed-array columns: a batch at time `t` lives in slot `(t / batchDuration) mod capacity`, so
 * recording a batch allocates nothing that outlives it. Keeping a thousand BatchInfo objects
 * instead made every young-generation collection copy them: it cost the engine a third of its
 * per-batch time on a small pipeline.
 */
import type { BatchInfo, StateOperatorInfo } from '../scheduler/batch-info.js';
import type { BatchSummaryJson } from './ui-json.js';

/** Numeric columns of the retained batches; `NaN` is "not known". */
export class BatchHistory {
  readonly #capacity: number;
  readonly #batchMs: number;
  readonly #time: Float64Array;
  readonly #submission: Float64Array;
  readonly #start: Float64Array;
  readonly #end: Float64Array;
  readonly #records: Float64Array;
  readonly #outputs: Uint32Array;
  readonly #failed: Uint32Array;
  /** The first failure reason of failed batches, by slot (failures are rare). */
  readonly #failures = new Map<number, string>();
  /** State sizes by stateful stream id, one value per slot. */
  readonly #stateSizes: KeyedColumns;
  /** Records by input stream id, one value per slot. */
  readonly #inputs: KeyedColumns;
  #newest = -Infinity;

  constructor(capacity: number, batchDurationMs: number) {
    this.#capacity = capacity;
    this.#batchMs = batchDurationMs;
    this.#time = new Float64Array(capacity).fill(NaN);
    this.#submission = new Float64Array(capacity);
    this.#start = new Float64Array(capacity);
    this.#end = new Float64Array(capacity);
    this.#records = new Float64Array(capacity);
    this.#outputs = new Uint32Array(capacity);
    this.#failed = new Uint32Array(capacity);
    this.#stateSizes = new KeyedColumns(capacity);
    this.#inputs = new KeyedColumns(capacity);
  }

  /** The batch's position on the batch grid (batch times are multiples of the interval). */
  gridIndex(time: number): number {
    return Math.round(time / this.#batchMs);
  }

  /** Record a completed batch (`onBatchCompleted`), in the slot of an older one. */
  record(info: BatchInfo): void {
    const time = info.batchTime.milliseconds;
    const index = this.gridIndex(time);
    const slot = index % this.#capacity;
    if (index > this.#newest) this.#newest = index;
    this.#time[slot] = time;
    this.#submission[slot] = info.submissionTime;
    this.#start[slot] = info.processingStartTime ?? NaN;
    this.#end[slot] = info.processingEndTime ?? NaN;
    this.#records[slot] = info.numRecords;
    let outputs = 0;
    let failed = 0;
    let failure: string | undefined;
    for (const output of info.outputOperationInfos.values()) {
      outputs++;
      if (output.failureReason === undefined) continue;
      failed++;
      failure ??= output.failureReason;
    }
    this.#outputs[slot] = outputs;
    this.#failed[slot] = failed;
    if (failure !== undefined) this.#failures.set(slot, failure);
    else if (this.#failures.size !== 0) this.#failures.delete(slot);
    this.#stateSizes.clear(slot);
    const stateOperators = info.stateOperators;
    if (stateOperators !== undefined) {
      for (let i = 0; i < stateOperators.length; i++) {
        const { streamId, numRowsTotal } = stateOperators[i] as StateOperatorInfo;
        this.#stateSizes.set(slot, streamId, numRowsTotal);
      }
    }
    this.#inputs.clear(slot);
    for (const input of info.streamIdToInputInfo.values()) {
      this.#inputs.set(slot, input.inputStreamId, input.numRecords);
    }
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
    const failed = this.#failed[slot] as number;
    const stateSizes = this.#stateSizes
      .at(slot)
      .map(([streamId, numRowsTotal]) => ({ streamId, numRowsTotal }));
    const inputs = this.#inputs
      .at(slot)
      .map(([inputStreamId, numRecords]) => ({ inputStreamId, numRecords }));
    return {
      batchTime: time,
      status: failed === 0 ? 'completed' : 'failed',
      numRecords: this.#records[slot] as number,
      submissionTime: submission,
      processingStartTime: start,
      processingEndTime: end,
      schedulingDelay: start === null ? null : start - submission,
      processingTime: start === null || end === null ? null : end - start,
      totalDelay: end === null ? null : end - submission,
      outputOperations: { total, succeeded: total - failed, failed },
      failureReason: this.#failures.get(slot) ?? null,
      stateSizes,
      inputs,
    };
  }
}

/** One numeric column per id (a stateful stream, an input), allocated when the id first shows. */
class KeyedColumns {
  readonly #capacity: number;
  readonly #columns = new Map<number, Float64Array>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Forget every id's value in `slot`. */
  clear(slot: number): void {
    if (this.#columns.size === 0) return;
    for (const column of this.#columns.values()) column[slot] = NaN;
  }

  set(slot: number, id: number, value: number): void {
    let column = this.#columns.get(id);
    if (column === undefined) {
      column = new Float64Array(this.#capacity).fill(NaN);
      this.#columns.set(id, column);
    }
    column[slot] = value;
  }

  /** The `[id, value]` pairs known in `slot`, by first appearance of the id. */
  at(slot: number): [number, number][] {
    const values: [number, number][] = [];
    for (const [id, column] of this.#columns) {
      const value = column[slot] as number;
      if (!Number.isNaN(value)) values.push([id, value]);
    }
    return values;
  }
}

function known(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
