/** Port of Spark's ReceiverSupervisor(Impl) (streaming/.../receiver/), with the tracker's relaunch. */
import type { ReceiverEnvironment } from '../../dstream/dstream-context.js';
import { SparkError } from '../../errors.js';
import type { ReceiverInfo } from '../../scheduler/streaming-listener.js';
import { BlockGenerator } from './block-generator.js';
import type { BlockLog, ReceivedBlock } from './received-block.js';
import type { Receiver, ReceiverHost } from './receiver.js';

/**
 * Runs one receiver: starts it, turns what it stores into numbered blocks (logged first when a
 * block log is given), restarts it after the restart delay when it asks to, fails or stops, and
 * reports each change as a listener event. Receiver errors never stop the context.
 */
export class ReceiverSupervisor<T> implements ReceiverHost<T> {
  readonly streamId: number;
  readonly #receiver: Receiver<T>;
  readonly #name: string;
  readonly #env: ReceiverEnvironment;
  readonly #blockLog: BlockLog | undefined;
  readonly #onBlock: (block: ReceivedBlock<T>) => void;
  readonly #blocks: BlockGenerator<T>;
  #state: 'initialized' | 'started' | 'stopped' = 'initialized';
  #finished = false;
  #nextSeq: number;
  #cancelRelaunch: (() => void) | undefined;
  /** Spark's ReceiverTrackingInfo.errorInfo: cleared when the receiver registers (starts). */
  #errorInfo: { message: string; error: string; time: number } | undefined;

  constructor(
    receiver: Receiver<T>,
    streamId: number,
    name: string,
    env: ReceiverEnvironment,
    blockLog: BlockLog | undefined,
    firstSeq: number,
    onBlock: (block: ReceivedBlock<T>) => void,
  ) {
    this.streamId = streamId;
    this.#receiver = receiver;
    this.#name = name;
    this.#env = env;
    this.#blockLog = blockLog;
    this.#nextSeq = firstSeq;
    this.#onBlock = onBlock;
    // The generator's blocks skip the open check: its last block is pushed while shutting down.
    this.#blocks = new BlockGenerator(
      env.clock,
      {
        intervalMs: env.blockIntervalMs,
        maxRate: env.maxRate,
        blockQueueSize: env.blockQueueSize,
      },
      (items) => this.#storeBlock(items),
    );
  }

  get isStarted(): boolean {
    return this.#state === 'started';
  }

  get blockQueueSize(): number {
    return this.#env.blockQueueSize;
  }

  get isStopped(): boolean {
    return this.#state !== 'started';
  }

  /** A new rate limit from backpressure (records per second). */
  updateRate(rate: number): void {
    this.#blocks.updateRate(rate);
  }

  start(): void {
    this.#receiver.attach(this);
    this.#blocks.start();
    this.#startReceiver();
  }

  /** Stop for good (the context is stopping): no relaunch; buffered items become a last block. */
  async shutdown(): Promise<void> {
    this.#finished = true;
    this.#cancelRelaunch?.();
    if (this.#state === 'started') this.#stopReceiver('Stopped by driver', undefined);
    await this.#blocks.stop();
  }

  pushSingle(item: T): Promise<void> {
    this.#checkOpen();
    return this.#blocks.add(item);
  }

  pushBlock(items: readonly T[]): Promise<void> {
    this.#checkOpen();
    return this.#storeBlock(items);
  }

  async #storeBlock(items: readonly T[]): Promise<void> {
    // An empty array is a block too (an empty partition), as in Spark's pushArrayBuffer.
    const block: ReceivedBlock<T> = { seq: this.#nextSeq++, records: items };
    if (this.#blockLog !== undefined) await this.#blockLog.append(this.streamId, block);
    this.#onBlock(block);
  }

  restart(message: string, error: unknown, delayMs: number | undefined): void {
    if (this.#finished) return;
    const delay = delayMs ?? this.#env.restartDelayMs;
    this.#env.logger.warn(`Restarting receiver with delay ${delay} ms: ${message}`);
    this.#stopReceiver(`Restarting receiver with delay ${delay}ms: ${message}`, error);
    this.#relaunch(delay);
  }

  stop(message: string, error: unknown): void {
    if (this.#state !== 'started') return;
    this.#stopReceiver(message, error);
    // Spark's ReceiverTracker launches a stopped receiver again while the context is active.
    this.#relaunch(this.#env.restartDelayMs);
  }

  reportError(message: string, error: unknown): void {
    // As Spark's ReceiverTracker.reportError: the message and error change, the time does not.
    this.#errorInfo = { message, error: errorText(error), time: this.#errorInfo?.time ?? -1 };
    this.#env.logger.warn(`Receiver ${this.#name} reported an error: ${message}`);
    this.#env.postReceiverEvent('onReceiverError', this.#info());
  }

  #startReceiver(): void {
    if (this.#finished) return;
    // As in Spark, the receiver registers (the started event) before its onStart runs.
    this.#state = 'started';
    this.#errorInfo = undefined;
    this.#env.postReceiverEvent('onReceiverStarted', this.#info());
    try {
      this.#receiver.onStart();
    } catch (error) {
      this.#env.logger.error({ err: error }, `Error starting receiver ${this.streamId}`);
      this.#stopReceiver(`Error starting receiver ${this.streamId}`, error);
      this.#relaunch(this.#env.restartDelayMs);
    }
  }

  #stopReceiver(message: string, error: unknown): void {
    if (this.#state !== 'started') return;
    this.#state = 'stopped';
    try {
      this.#receiver.onStop();
    } catch (stopError) {
      this.#env.logger.error({ err: stopError }, `Error stopping receiver ${this.streamId}`);
    }
    // Spark's ReceiverTracker.deregisterReceiver: the stop message always, a time only with an error.
    const text = errorText(error);
    this.#errorInfo = { message, error: text, time: text === '' ? -1 : this.#env.clock.now() };
    this.#env.postReceiverEvent('onReceiverStopped', this.#info());
  }

  #relaunch(delayMs: number): void {
    if (this.#finished) return;
    this.#cancelRelaunch?.();
    this.#cancelRelaunch = this.#env.clock.schedule(this.#env.clock.now() + delayMs, () => {
      this.#cancelRelaunch = undefined;
      if (this.#state !== 'started') this.#startReceiver();
    });
  }

  /** Spark's BlockGenerator.addData check, applied to every store. */
  #checkOpen(): void {
    if (this.#finished)
      throw new SparkError(
        'Cannot add data as BlockGenerator has not been started or has been stopped',
      );
  }

  #info(): ReceiverInfo {
    return {
      streamId: this.streamId,
      // Spark's ReceiverTracker names a receiver `<class simple name>-<stream id>`.
      name: `${this.#receiver.constructor.name}-${this.streamId}`,
      active: this.#state === 'started',
      location: 'localhost',
      executorId: 'driver',
      lastErrorMessage: this.#errorInfo?.message ?? '',
      lastError: this.#errorInfo?.error ?? '',
      lastErrorTime: this.#errorInfo?.time ?? -1,
    };
  }
}

/** Spark's `Throwables.getStackTraceAsString` of an optional error ('' for none). */
function errorText(error: unknown): string {
  if (error === undefined || error === null) return '';
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
