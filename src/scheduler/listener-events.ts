/** Port note: no Spark counterpart; RxJS interop (the StreamingListenerBus as an Observable). */
import type { Observable } from 'rxjs';
import { rxjs } from '../internal/lazy-rxjs.js';
import type { ListenerBus } from './listener-bus.js';
import type { StreamingListener, StreamingListenerEvent } from './streaming-listener.js';

/**
 * Return a cold Observable of every event posted on `bus`: each subscription registers its own
 * listener (removed on unsubscribe) and completes when `onStop` calls back.
 *
 * @example
 * ```ts
 * listenerEvents(bus, (complete) => ssc.onStop(complete)).subscribe(console.log); // ssc.listenerEvents()
 * ```
 */
export function listenerEvents(
  bus: ListenerBus,
  onStop: (callback: () => void) => () => void,
): Observable<StreamingListenerEvent> {
  const { Observable } = rxjs();
  return new Observable<StreamingListenerEvent>((subscriber) => {
    const emit = (event: StreamingListenerEvent): void => {
      subscriber.next(event);
    };
    // `Required` makes the compiler list every callback, so a new event kind cannot be missed.
    const listener: Required<StreamingListener> = {
      detailedEvents: false,
      onStreamingStarted: (event) => {
        emit({ kind: 'onStreamingStarted', event });
      },
      onReceiverStarted: (event) => {
        emit({ kind: 'onReceiverStarted', event });
      },
      onReceiverError: (event) => {
        emit({ kind: 'onReceiverError', event });
      },
      onReceiverStopped: (event) => {
        emit({ kind: 'onReceiverStopped', event });
      },
      onBatchSubmitted: (event) => {
        emit({ kind: 'onBatchSubmitted', event });
      },
      onBatchStarted: (event) => {
        emit({ kind: 'onBatchStarted', event });
      },
      onBatchCompleted: (event) => {
        emit({ kind: 'onBatchCompleted', event });
      },
      onOutputOperationStarted: (event) => {
        emit({ kind: 'onOutputOperationStarted', event });
      },
      onOutputOperationCompleted: (event) => {
        emit({ kind: 'onOutputOperationCompleted', event });
      },
    };
    bus.add(listener);
    const cancelStop = onStop(() => {
      subscriber.complete();
    });
    return () => {
      cancelStop();
      bus.remove(listener);
    };
  });
}
