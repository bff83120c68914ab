/** Port note: no Spark counterpart; RxJS interop (an Observable as a push source, like a receiver). */
import type { Subscribable, Unsubscribable } from 'rxjs';
import type { DStreamContext } from '../dstream/dstream-context.js';
import type { RDD } from '../rdd/rdd.js';
import type { Time } from '../time/time.js';
import { InputDStream } from './input-dstream.js';

/** The values that arrived during one batch interval, keyed by the batch they belong to. */
interface Bucket<T> {
  readonly timeMs: number;
  readonly values: T[];
}

/**
 * An input fed by an Observable. The subscription starts with `ssc.start()` and ends with
 * `stop()`. Each value is stamped with the context clock's `now()` when it is emitted and goes to
 * the first batch time strictly after it: with zero time `z` and batch interval `B`, a value that
 * arrives at `a` belongs to batch `t = z + (floor((a − z) / B) + 1)·B`, i.e. batch `t` takes the
 * values that arrived in `[t − B, t)`. A value emitted at exactly `t` goes to `t + B`, as a
 * receiver's data stored once batch `t` has been generated does. Each batch is one partition, in
 * arrival order (empty if nothing arrived), and reports its record count to the listeners.
 *
 * Completion just ends the data. An error is logged, posted to the listeners as an
 * `onReceiverError` event for this stream, and reported to the context, so `awaitTermination()`
 * rejects with it; the context keeps running (as after a failed batch) and the values that arrived
 * before the error are still delivered in their batches.
 *
 * Values are held in memory only: on recovery from a checkpoint, re-run batches get none (like a
 * receiver stream without the write-ahead log).
 *
 * @example
 * ```ts
 * const events = new Subject<string>();
 * ssc.fromObservable(events).count().pprint(); // built by ssc.fromObservable
 * ```
 */
export class ObservableInputDStream<T> extends InputDStream<T> {
  readonly #source: Subscribable<T>;
  #subscription: Unsubscribable | undefined;
  #stopped = false;
  #buckets: Bucket<T>[] = [];

  constructor(context: DStreamContext, source: Subscribable<T>) {
    super(context, 'fromObservable');
    this.#source = source;
  }

  get displayName(): string {
    return `Observable stream [${this.inputId}]`;
  }

  override start(): void {
    this.#subscription = this.#source.subscribe({
      next: (value) => {
        this.#arrive(value);
      },
      error: (error: unknown) => {
        this.#fail(error);
      },
    });
  }

  override stop(): void {
    this.#stopped = true;
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
  }

  protected batchFor(time: Time): RDD<T> {
    const timeMs = time.milliseconds;
    const values: T[] = [];
    let taken = 0;
    // A bucket for a time already generated (only after a recovery's re-runs) joins this batch.
    for (const bucket of this.#buckets) {
      if (bucket.timeMs > timeMs) break;
      for (const value of bucket.values) values.push(value);
      taken++;
    }
    this.#buckets = this.#buckets.slice(taken);
    this.context.graph.inputInfos.report(timeMs, {
      inputStreamId: this.inputId,
      numRecords: values.length,
      metadata: new Map(),
    });
    return this.context.sparkContext.parallelize(values, 1);
  }

  #arrive(value: T): void {
    // No output uses this stream: no batch would ever take the value.
    if (this.#stopped || !this.isInitialized) return;
    const zeroMs = this.context.graph.zeroTime?.milliseconds ?? 0;
    const batchMs = this.slideDuration.milliseconds;
    const now = this.context.receiverEnvironment.clock.now();
    const timeMs = zeroMs + (Math.floor((now - zeroMs) / batchMs) + 1) * batchMs;
    const last = this.#buckets.at(-1);
    if (last !== undefined && last.timeMs >= timeMs) last.values.push(value);
    else this.#buckets.push({ timeMs, values: [value] });
  }

  #fail(error: unknown): void {
    const env = this.context.receiverEnvironment;
    const message = error instanceof Error ? error.message : String(error);
    env.logger.error({ err: error }, `${this.displayName} failed`);
    env.postReceiverEvent('onReceiverError', {
      streamId: this.inputId,
      name: this.displayName,
      active: false,
      location: 'localhost',
      executorId: 'driver',
      lastErrorMessage: message,
      lastError: error instanceof Error ? (error.stack ?? message) : message,
      lastErrorTime: Date.now(),
    });
    this.context.reportError(error);
  }
}
