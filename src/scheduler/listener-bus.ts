/** Port of Spark's StreamingListenerBus (streaming/.../scheduler/StreamingListenerBus.scala). */
import type { Logger } from './logger.js';
import type { StreamingListener, StreamingListenerEvent } from './streaming-listener.js';

/**
 * Delivers events to listeners asynchronously, in posting order, so a slow or failing listener
 * never delays a batch. `flush()` resolves once everything posted so far has been delivered.
 */
export class ListenerBus {
  readonly #logger: Logger;
  readonly #listeners: StreamingListener[] = [];
  #queue: StreamingListenerEvent[] = [];
  #draining: Promise<void> | undefined;
  #delivering = false;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  add(listener: StreamingListener): void {
    this.#listeners.push(listener);
  }

  remove(listener: StreamingListener): void {
    const index = this.#listeners.indexOf(listener);
    if (index >= 0) this.#listeners.splice(index, 1);
  }

  /** Whether the caller runs inside a listener callback (Spark forbids stopping from there). */
  get isDelivering(): boolean {
    return this.#delivering;
  }

  post(event: StreamingListenerEvent): void {
    if (this.#listeners.length === 0) return;
    this.#queue.push(event);
    this.#draining ??= new Promise<void>((resolve) => {
      setImmediate(() => {
        this.#deliver();
        this.#draining = undefined;
        resolve();
      });
    });
  }

  async flush(): Promise<void> {
    while (this.#draining !== undefined) await this.#draining;
  }

  #deliver(): void {
    const events = this.#queue;
    this.#queue = [];
    this.#delivering = true;
    try {
      for (const { kind, event } of events) {
        // A copy: a listener may remove itself (or others) while being called.
        for (const listener of [...this.#listeners]) {
          const failed = (error: unknown): void => {
            this.#logger.error(`Listener ${listener.constructor.name} threw an exception`, error);
          };
          try {
            // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the listener as `this`
            const callback: unknown = listener[kind];
            const result: unknown =
              typeof callback === 'function'
                ? Reflect.apply(callback, listener, [event])
                : undefined;
            // An async listener's rejection is reported like a synchronous throw.
            if (result instanceof Promise) result.catch(failed);
          } catch (error) {
            failed(error);
          }
        }
      }
    } finally {
      this.#delivering = false;
    }
  }
}
