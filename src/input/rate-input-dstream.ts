/**
 * Port of Structured Streaming's rate source (sql/core/.../sources/RateStreamProvider.scala) as a
 * DStream input; Spark's DStream API has no counterpart.
 */
import type { DStreamContext } from '../dstream/dstream-context.js';
import { IllegalArgumentError } from '../errors.js';
import type { RDD } from '../rdd/rdd.js';
import type { Time } from '../time/time.js';
import { InputDStream } from './input-dstream.js';

/**
 * One row of a rate stream: its value (0, 1, 2, ...) and the time it was "generated".
 *
 * @example
 * ```ts
 * ssc.rateStream({ rowsPerSecond: 10 }).map((row: RateRow) => row.value * 2).pprint();
 * ```
 */
export interface RateRow {
  /** When the row was generated (on the context's clock). */
  readonly timestamp: Date;
  /** The row number, from 0. */
  readonly value: number;
}

/**
 * Options of {@link StreamingContext.rateStream}.
 *
 * @example
 * ```ts
 * const options: RateStreamOptions = { rowsPerSecond: 100, numPartitions: 4 };
 * ```
 */
export interface RateStreamOptions {
  /** Rows generated per second of batch time; a positive integer. */
  readonly rowsPerSecond: number;
  /** Partitions of each batch's RDD (default: the context's default parallelism). */
  readonly numPartitions?: number;
}

/**
 * Rows `{ timestamp, value }` with values 0, 1, 2, ... at `rowsPerSecond`, computed from the batch
 * time alone, so a batch re-run after recovery holds exactly the same rows. With zero time `z`,
 * row `v` is stamped `z + ceil((v + 1)·1000 / rowsPerSecond)` ms, and batch `t` holds the rows
 * stamped in `(t − B, t]`: `rowsPerSecond × B / 1000` rows per batch when that is a whole number
 * (otherwise the count varies by one so the long-run rate is exact).
 *
 * @example
 * ```ts
 * ssc.rateStream({ rowsPerSecond: 1000 }).count().pprint(); // built by ssc.rateStream
 * ```
 */
export class RateInputDStream extends InputDStream<RateRow> {
  readonly #rowsPerSecond: number;
  readonly #numPartitions: number;

  constructor(context: DStreamContext, options: RateStreamOptions) {
    const { rowsPerSecond, numPartitions = context.sparkContext.defaultParallelism } = options;
    checkPositiveInteger('rowsPerSecond', rowsPerSecond);
    checkPositiveInteger('numPartitions', numPartitions);
    super(context, 'rateStream');
    this.#rowsPerSecond = rowsPerSecond;
    this.#numPartitions = numPartitions;
  }

  get displayName(): string {
    return `Rate stream [${this.inputId}]`;
  }

  protected batchFor(time: Time): RDD<RateRow> {
    const zeroMs = this.zeroTime?.milliseconds ?? 0;
    const endMs = time.milliseconds - zeroMs;
    const from = this.#rowsUpTo(endMs - this.slideDuration.milliseconds);
    const to = this.#rowsUpTo(endMs);
    const rows: RateRow[] = [];
    for (let value = from; value < to; value++) {
      rows.push({ timestamp: new Date(zeroMs + this.#stampOf(value)), value });
    }
    this.context.graph.inputInfos.report(time.milliseconds, {
      inputStreamId: this.inputId,
      numRecords: rows.length,
      metadata: new Map(),
    });
    // Differs from Spark: the rate source deals values to partitions round-robin; contiguous
    // slices keep `collect()` in value order.
    return this.context.sparkContext.parallelize(rows, this.#numPartitions);
  }

  /** How many rows are stamped at or before `elapsedMs` after zero time (exact in integers). */
  #rowsUpTo(elapsedMs: number): number {
    if (elapsedMs <= 0) return 0;
    const rps = this.#rowsPerSecond;
    return Math.floor(elapsedMs / 1000) * rps + Math.floor(((elapsedMs % 1000) * rps) / 1000);
  }

  /**
   * Row `value`'s stamp in ms after zero time: the end of its slot, so every row falls inside its
   * batch's interval `(t − B, t]`.
   */
  #stampOf(value: number): number {
    // Differs from Spark: the rate source stamps row 0 at the start time itself.
    const rps = this.#rowsPerSecond;
    const n = value + 1;
    return Math.floor(n / rps) * 1000 + Math.ceil(((n % rps) * 1000) / rps);
  }
}

function checkPositiveInteger(option: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new IllegalArgumentError(
      `Invalid value '${value}'. The option '${option}' must be positive`,
    );
  }
}
