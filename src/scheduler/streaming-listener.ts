/** Port of Spark's StreamingListener (streaming/.../scheduler/StreamingListener.scala). */
import type { BatchInfo, OutputOperationInfo } from './batch-info.js';
import type { DStreamGraphInfo } from './dstream-graph-info.js';

/** `onStreamingStarted`: the context started (wall-clock ms). @example `({ time }) => console.log(time)` */
export interface StreamingListenerStreamingStarted {
  readonly time: number;
  /**
   * The DStream graph, when a listener sets {@link StreamingListener.detailedEvents}.
   * Differs from Spark: Spark's event carries the time only.
   */
  readonly graph?: DStreamGraphInfo;
}
/** `onBatchSubmitted`: a batch with at least one job was submitted. @example `({ batchInfo }) => batchInfo.batchTime` */
export interface StreamingListenerBatchSubmitted {
  readonly batchInfo: BatchInfo;
}
/** `onBatchStarted`: the batch's first job started. @example `({ batchInfo }) => batchInfo.schedulingDelay` */
export interface StreamingListenerBatchStarted {
  readonly batchInfo: BatchInfo;
}
/** `onBatchCompleted`: the batch's last job ended, failed or not. @example `({ batchInfo }) => batchInfo.totalDelay` */
export interface StreamingListenerBatchCompleted {
  readonly batchInfo: BatchInfo;
}
/** `onOutputOperationStarted`. @example `({ outputOperationInfo }) => outputOperationInfo.name` */
export interface StreamingListenerOutputOperationStarted {
  readonly outputOperationInfo: OutputOperationInfo;
}
/** `onOutputOperationCompleted`. @example `({ outputOperationInfo }) => outputOperationInfo.failureReason` */
export interface StreamingListenerOutputOperationCompleted {
  readonly outputOperationInfo: OutputOperationInfo;
}

/**
 * A receiver as the listener events describe it (Spark's ReceiverInfo).
 *
 * @example
 * ```ts
 * ssc.addStreamingListener({ onReceiverError: ({ receiverInfo }) => console.error(receiverInfo.lastErrorMessage) });
 * ```
 */
export interface ReceiverInfo {
  readonly streamId: number;
  readonly name: string;
  readonly active: boolean;
  readonly location: string;
  readonly executorId: string;
  readonly lastErrorMessage: string;
  readonly lastError: string;
  /** Wall-clock ms of the last error, -1 if none. */
  readonly lastErrorTime: number;
}
/** `onReceiverStarted`. @example `({ receiverInfo }) => receiverInfo.name` */
export interface StreamingListenerReceiverStarted {
  readonly receiverInfo: ReceiverInfo;
}
/** `onReceiverError`: the receiver reported an error (receiving goes on). @example `({ receiverInfo }) => receiverInfo.lastError` */
export interface StreamingListenerReceiverError {
  readonly receiverInfo: ReceiverInfo;
}
/** `onReceiverStopped`: stopped, restarting, or failed. @example `({ receiverInfo }) => receiverInfo.lastErrorMessage` */
export interface StreamingListenerReceiverStopped {
  readonly receiverInfo: ReceiverInfo;
}

/**
 * Receives the scheduler's events. Every callback is optional. Events are delivered in order, off
 * the batch's critical path (a listener that throws is reported on stderr and does not affect the
 * job). Per batch: Submitted → Started → (OutputOperationStarted → OutputOperationCompleted)×n →
 * Completed; batches without jobs produce no events.
 *
 * Differs from Spark: the callbacks are looked up when listeners are added or removed, and an
 * event that no listener had a callback for then is not even made (the scheduler skips its
 * snapshot); set a listener's callbacks before adding it.
 *
 * @example
 * ```ts
 * ssc.addStreamingListener({
 *   onBatchCompleted: ({ batchInfo }) => console.log(`${batchInfo.batchTime}: ${batchInfo.totalDelay} ms`),
 * });
 * ```
 */
export interface StreamingListener {
  /**
   * Ask for the details that cost the scheduler work or memory, on every listener's events:
   * the DStream graph on `onStreamingStarted`, each output's RDD (`OutputOperationInfo.rdd`) and
   * the state sizes after each batch (`BatchInfo.stateOperators`). Read, like the callbacks, when
   * listeners are added or removed. Differs from Spark: Spark's events have no such details.
   */
  readonly detailedEvents?: boolean;
  onStreamingStarted?(event: StreamingListenerStreamingStarted): void;
  onReceiverStarted?(event: StreamingListenerReceiverStarted): void;
  onReceiverError?(event: StreamingListenerReceiverError): void;
  onReceiverStopped?(event: StreamingListenerReceiverStopped): void;
  onBatchSubmitted?(event: StreamingListenerBatchSubmitted): void;
  onBatchStarted?(event: StreamingListenerBatchStarted): void;
  onBatchCompleted?(event: StreamingListenerBatchCompleted): void;
  onOutputOperationStarted?(event: StreamingListenerOutputOperationStarted): void;
  onOutputOperationCompleted?(event: StreamingListenerOutputOperationCompleted): void;
}

/**
 * One listener event: the name of the {@link StreamingListener} callback and its argument (what
 * `ssc.listenerEvents()` emits).
 *
 * @example
 * ```ts
 * ssc.listenerEvents().subscribe((e) => { if (e.kind === 'onBatchCompleted') console.log(e.event.batchInfo); });
 * ```
 */
export type StreamingListenerEvent =
  | { readonly kind: 'onStreamingStarted'; readonly event: StreamingListenerStreamingStarted }
  | { readonly kind: 'onReceiverStarted'; readonly event: StreamingListenerReceiverStarted }
  | { readonly kind: 'onReceiverError'; readonly event: StreamingListenerReceiverError }
  | { readonly kind: 'onReceiverStopped'; readonly event: StreamingListenerReceiverStopped }
  | { readonly kind: 'onBatchSubmitted'; readonly event: StreamingListenerBatchSubmitted }
  | { readonly kind: 'onBatchStarted'; readonly event: StreamingListenerBatchStarted }
  | { readonly kind: 'onBatchCompleted'; readonly event: StreamingListenerBatchCompleted }
  | {
      readonly kind: 'onOutputOperationStarted';
      readonly event: StreamingListenerOutputOperationStarted;
    }
  | {
      readonly kind: 'onOutputOperationCompleted';
      readonly event: StreamingListenerOutputOperationCompleted;
    };
