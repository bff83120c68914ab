/** Port of Spark's ReceiverSupervisor(Impl) (streaming/.../receiver/), with the tracker's relaunch. */
import type { ReceiverEnvironment } from '../../dstream/dstream-context.js';
import { IllegalStateError } from '../../errors.js';
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
  #lastError = { message: '', error: '', time: -1 };

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
    this.#blocks = new BlockGenerator(env.clock, env.blockIntervalMs, env.maxRate, (items) =>
      this.pushBlock(items),
    );
  }

  get isStarted(): boolean {
    return this.#state === 'started';
  }

  get isStopped(): boolean {
    return this.#state !== 'started';
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

  async pushBlock(items: readonly T[]): Promise<void> {
    this.#checkOpen();
    if (items.length === 0) return;
    const block: ReceivedBlock<T> = { seq: this.#nextSeq++, records: items };
    if (this.#blockLog !== undefined) await this.#blockLog.append(this.streamId, block);
    this.#onBlock(block);
  }

  restart(message: string, error: unknown, delayMs: number | undefined): void {
    if (this.#finished) return;
    this.#env.logger.warn(
      `Restarting receiver with delay ${delayMs ?? this.#env.restartDelayMs} ms: ${message}`,
    );
    this.#stopReceiver(message, error);
    this.#relaunch(delayMs ?? this.#env.restartDelayMs);
  }

  stop(message: string, error: unknown): void {
    if (this.#state !== 'started') return;
    this.#stopReceiver(message, error);
    // Spark's ReceiverTracker launches a stopped receiver again while the context is active.
    this.#relaunch(this.#env.restartDelayMs);
  }

  reportError(message: string, error: unknown): void {
    this.#recordError(message, error);
    this.#env.logger.warn(`Receiver ${this.#name} reported an error: ${message}`);
    this.#env.postReceiverEvent('onReceiverError', this.#info());
  }

  #startReceiver(): void {
    if (this.#finished) return;
    this.#state = 'started';
    try {
      this.#receiver.onStart();
    } catch (error) {
      this.#env.logger.error(`Error starting receiver ${this.streamId}`, error);
      this.#stopReceiver(`Error starting receiver ${this.streamId}`, error);
      this.#relaunch(this.#env.restartDelayMs);
      return;
    }
    this.#env.postReceiverEvent('onReceiverStarted', this.#info());
  }

  #stopReceiver(message: string, error: unknown): void {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    if (error !== undefined) this.#recordError(message, error);
    try {
      this.#receiver.onStop();
    } catch (stopError) {
      this.#env.logger.error(`Error stopping receiver ${this.streamId}`, stopError);
    }
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

  #recordError(message: string, error: unknown): void {
    const text =
      error instanceof Error
        ? (error.stack ?? error.message)
        : error === undefined
          ? ''
          : JSON.stringify(error);
    this.#lastError = { message, error: text, time: Date.now() };
  }

  #checkOpen(): void {
    if (this.#finished)
      throw new IllegalStateError(`Receiver ${this.#name} has been stopped; it cannot store data`);
  }

  #info(): ReceiverInfo {
    return {
      streamId: this.streamId,
      name: this.#name,
      active: this.#state === 'started',
      location: 'localhost',
      executorId: 'driver',
      lastErrorMessage: this.#lastError.message,
      lastError: this.#lastError.error,
      lastErrorTime: this.#lastError.time,
    };
  }
}
