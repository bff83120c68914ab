/** Port of Spark's StreamingListenerBus (streaming/.../scheduler/StreamingListenerBus.scala). */
import type { Logger } from './logger.js';
import type { StreamingListener, StreamingListenerEvent } from './streaming-listener.js';

type EventKind = StreamingListenerEvent['kind'];

/** Every callback name; the `Record` makes the compiler list each event kind. */
const KINDS = Object.keys({
  onStreamingStarted: true,
  onReceiverStarted: true,
  onReceiverError: true,
  onReceiverStopped: true,
  onBatchSubmitted: true,
  onBatchStarted: true,
  onBatchCompleted: true,
  onOutputOperationStarted: true,
  onOutputOperationCompleted: true,
} satisfies Record<EventKind, true>) as EventKind[];

/**
 * Delivers events to listeners asynchronously, in posting order, so a slow or failing listener
 * never delays a batch. `flush()` resolves once everything posted so far has been delivered.
 */
export class ListenerBus {
  readonly #logger: Logger;
  /** Replaced, never changed in place: delivery can walk it while a listener removes itself. */
  #listeners: readonly StreamingListener[] = [];
  #detailed = false;
  /** The callbacks some listener has, read when listeners are added or removed. */
  #handled = new Set<EventKind>();
  #queue: StreamingListenerEvent[] = [];
  #scheduled = false;
  #delivering = false;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  add(listener: StreamingListener): void {
    this.#listeners = [...this.#listeners, listener];
    this.#update();
  }

  remove(listener: StreamingListener): void {
    this.#listeners = this.#listeners.filter((l) => l !== listener);
    this.#update();
  }

  /**
   * Whether some listener has the callback `kind`: events nobody handles are neither made nor
   * posted (the scheduler asks before building an event's snapshot).
   */
  handles(kind: EventKind): boolean {
    return this.#handled.has(kind);
  }

  #update(): void {
    const handled = new Set<EventKind>();
    for (const listener of this.#listeners) {
      for (const kind of KINDS) if (typeof listener[kind] === 'function') handled.add(kind);
    }
    this.#handled = handled;
    this.#detailed = this.#listeners.some((l) => l.detailedEvents === true);
  }

  /** Whether a listener asked for the costly details (`StreamingListener.detailedEvents`). */
  get wantsDetails(): boolean {
    return this.#detailed;
  }

  /** Whether the caller runs inside a listener callback (Spark forbids stopping from there). */
  get isDelivering(): boolean {
    return this.#delivering;
  }

  post(event: StreamingListenerEvent): void {
    if (!this.#handled.has(event.kind)) return;
    this.#queue.push(event);
    // One pending immediate serves every post until it runs (flush() does not cancel it): in
    // virtual time, where flush() delivers after each batch, batches schedule no new ones.
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#deliver();
    });
  }

  flush(): Promise<void> {
    if (!this.#delivering) this.#deliver();
    return Promise.resolve();
  }

  #deliver(): void {
    if (this.#queue.length === 0) return;
    const events = this.#queue;
    this.#queue = [];
    this.#delivering = true;
    try {
      for (let e = 0; e < events.length; e++) {
        const { kind, event } = events[e] as StreamingListenerEvent;
        const listeners = this.#listeners;
        for (let l = 0; l < listeners.length; l++) {
          const listener = listeners[l] as StreamingListener;
          try {
            // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the listener as `this`
            const callback: unknown = listener[kind];
            const result: unknown =
              typeof callback === 'function'
                ? (callback as (e: unknown) => unknown).call(listener, event)
                : undefined;
            // An async listener's rejection is reported like a synchronous throw.
            if (result instanceof Promise) {
              result.catch((error: unknown) => {
                this.#failed(listener, error);
              });
            }
          } catch (error) {
            this.#failed(listener, error);
          }
        }
      }
    } finally {
      this.#delivering = false;
    }
  }

  #failed(listener: StreamingListener, error: unknown): void {
    this.#logger.error({ err: error }, `Listener ${listener.constructor.name} threw an exception`);
  }
}
