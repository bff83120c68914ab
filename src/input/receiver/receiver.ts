/** Port of Spark's Receiver (streaming/src/main/scala/org/apache/spark/streaming/receiver/Receiver.scala). */
import { IllegalStateError } from '../../errors.js';
import { StorageLevel } from '../../rdd/storage-level.js';

/** What a receiver talks to once started (the supervisor); see {@link Receiver}. */
export interface ReceiverHost<T> {
  readonly streamId: number;
  readonly isStarted: boolean;
  readonly isStopped: boolean;
  readonly blockQueueSize: number;
  pushSingle(item: T): Promise<void>;
  pushBlock(items: readonly T[]): Promise<void>;
  restart(message: string, error: unknown, delayMs: number | undefined): void;
  stop(message: string, error: unknown): void;
  reportError(message: string, error: unknown): void;
}

/**
 * A custom source of data: `onStart` sets up the receiving (and must not block), `onStop`
 * releases it, and received data goes to `store`. Single items are grouped into blocks every block
 * interval (and rate-limited by `maxRate`); arrays, iterables and async iterables are stored as one
 * block at once. With the write-ahead log on, the returned promise resolves once the data is
 * logged and fsynced, so nothing acknowledged after it is lost in a crash; awaiting it is also how
 * a receiver applies backpressure (see {@link Receiver.store}).
 *
 * @example
 * ```ts
 * class TickReceiver extends Receiver<number> {
 *   #timer: NodeJS.Timeout | undefined;
 *   onStart(): void { let n = 0; this.#timer = setInterval(() => void this.store(n++), 10); }
 *   onStop(): void { clearInterval(this.#timer); }
 * }
 * ssc.receiverStream(new TickReceiver()).count().pprint();
 * ```
 */
export abstract class Receiver<T> {
  /**
   * Spark's storage level of the received blocks (here blocks stay in memory; see the README's
   * differences).
   */
  readonly storageLevel: StorageLevel;
  #host: ReceiverHost<T> | undefined;

  constructor(storageLevel: StorageLevel = StorageLevel.MEMORY_AND_DISK_SER_2) {
    this.storageLevel = storageLevel;
  }

  /** Start receiving: set up connections or timers, return without blocking. */
  abstract onStart(): void;
  /** Stop receiving: release what `onStart` set up. */
  abstract onStop(): void;

  /** A host name the receiver prefers to run on (unused in one process). */
  get preferredLocation(): string | undefined {
    return undefined;
  }

  /** The id of the input stream this receiver feeds. */
  get streamId(): number {
    return this.#attached().streamId;
  }

  /**
   * Store received data: one item (buffered into the current block), or an array, iterable or
   * async iterable of items (one block, at once). Resolves when the data is stored (and logged,
   * with the write-ahead log on); rejects (never throws) when it cannot be stored, e.g. before the
   * receiver was started or after the context stopped.
   *
   * Backpressure: await it before reading more from your source. A single item's promise
   * resolves when its block is stored: at the next block interval, or later while the rate limit
   * (`receiverMaxRate`, backpressure's estimate) holds the item back or `receiverBlockQueueSize`
   * blocks are still being logged. So await once per read, not once per item: the items of one
   * block's worth share one promise. A receiver that must keep reading while a block fills can
   * await only when more than `receiverBlockQueueSize` of these promises are pending, as the
   * socket receiver does. An array (one block, stored at once) is not rate-limited, as in Spark;
   * its promise waits for the write-ahead log. Receivers that never await keep working, but their
   * buffer is then unbounded.
   *
   * Differs from Spark: Spark's `store` blocks the receiver's thread while the rate limiter or
   * the block queue is full; here the returned promise waits instead.
   *
   * @example
   * ```ts
   * for await (const lines of source) {
   *   let stored = Promise.resolve();
   *   for (const line of lines) stored = this.store(line);
   *   await stored; // held back while the rate limit or the block queue is full
   * }
   * ```
   */
  store(data: T | readonly T[] | Iterable<T> | AsyncIterable<T>): Promise<void> {
    // Not `async`: a single item must not cost a promise of its own (items of one block share
    // one); every failure still comes back as a rejection.
    try {
      const host = this.#attached();
      if (isAsyncIterable<T>(data)) return collect(data).then((items) => host.pushBlock(items));
      if (Array.isArray(data)) return host.pushBlock(data as readonly T[]);
      if (isIterable<T>(data) && typeof data !== 'string') return host.pushBlock([...data]);
      return host.pushSingle(data);
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rethrown as thrown
      return Promise.reject(error);
    }
  }

  /**
   * Restart the receiver: `onStop()`, wait `delayMs` (default: the context's receiver restart
   * delay, 2 s), `onStart()`. Returns at once.
   */
  restart(message: string, error?: unknown, delayMs?: number): void {
    this.#attached().restart(message, error, delayMs);
  }

  /** Stop this run of the receiver (`onStop()`); the context starts it again while it runs. */
  stop(message: string, error?: unknown): void {
    this.#attached().stop(message, error);
  }

  /** Report an error to the listeners (an `onReceiverError` event); receiving goes on. */
  reportError(message: string, error?: unknown): void {
    this.#attached().reportError(message, error);
  }

  /** @internal The context's `receiverBlockQueueSize` (how many blocks of items may wait). */
  protected get blockQueueSize(): number {
    return this.#attached().blockQueueSize;
  }

  /** Whether the receiver has been started and not stopped. */
  isStarted(): boolean {
    return this.#host?.isStarted ?? false;
  }

  /** Whether the receiver is stopped. */
  isStopped(): boolean {
    return this.#host?.isStopped ?? true;
  }

  /** @internal */
  attach(host: ReceiverHost<T>): void {
    this.#host = host;
  }

  #attached(): ReceiverHost<T> {
    if (this.#host === undefined) {
      throw new IllegalStateError(
        'A ReceiverSupervisor has not been attached to the receiver yet. Maybe you are starting some computation in the receiver before the Receiver.onStart() has been called.',
      );
    }
    return this.#host;
  }
}

function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function isIterable<T>(value: unknown): value is Iterable<T> {
  return typeof value === 'object' && value !== null && Symbol.iterator in value;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
