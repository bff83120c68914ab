/** Port of Spark's StreamingListener (streaming/.../scheduler/StreamingListener.scala). */
import type { BatchInfo, OutputOperationInfo } from './batch-info.js';
import type { DStreamGraphInfo } from './dstream-graph-info.js';

/** `onStreamingStarted`: the context started (wall-clock ms). @example `({ time }) => console.log(time)` */
export interface StreamingListenerStreamingStarted {
  /** Wall-clock ms when the context started. */
  readonly time: number;
  /**
   * The DStream graph, when a listener sets {@link StreamingListener.detailedEvents}.
   * Differs from Spark: Spark's event carries the time only.
   */
  readonly graph?: DStreamGraphInfo;
}
/** `onBatchSubmitted`: a batch with at least one job was submitted. @example `({ batchInfo }) => batchInfo.batchTime` */
export interface StreamingListenerBatchSubmitted {
  /** The batch. */
  readonly batchInfo: BatchInfo;
}
/** `onBatchStarted`: the batch's first job started. @example `({ batchInfo }) => batchInfo.schedulingDelay` */
export interface StreamingListenerBatchStarted {
  /** The batch. */
  readonly batchInfo: BatchInfo;
}
/** `onBatchCompleted`: the batch's last job ended, failed or not. @example `({ batchInfo }) => batchInfo.totalDelay` */
export interface StreamingListenerBatchCompleted {
  /** The batch. */
  readonly batchInfo: BatchInfo;
}
/** `onOutputOperationStarted`. @example `({ outputOperationInfo }) => outputOperationInfo.name` */
export interface StreamingListenerOutputOperationStarted {
  /** The output operation. */
  readonly outputOperationInfo: OutputOperationInfo;
}
/** `onOutputOperationCompleted`. @example `({ outputOperationInfo }) => outputOperationInfo.failureReason` */
export interface StreamingListenerOutputOperationCompleted {
  /** The output operation. */
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
  /** The input stream id of the receiver. */
  readonly streamId: number;
  /** The receiver's name (its class name unless it sets one). */
  readonly name: string;
  /** Whether it is running. */
  readonly active: boolean;
  /** Where it runs (Spark: the host; here `localhost`). */
  readonly location: string;
  /** Spark's executor id (here `driver`). */
  readonly executorId: string;
  /** The last error's message, empty if none. */
  readonly lastErrorMessage: string;
  /** The last error (its stack), empty if none. */
  readonly lastError: string;
  /** Wall-clock ms of the last error, -1 if none. */
  readonly lastErrorTime: number;
}
/** `onReceiverStarted`. @example `({ receiverInfo }) => receiverInfo.name` */
export interface StreamingListenerReceiverStarted {
  /** The receiver. */
  readonly receiverInfo: ReceiverInfo;
}
/** `onReceiverError`: the receiver reported an error (receiving goes on). @example `({ receiverInfo }) => receiverInfo.lastError` */
export interface StreamingListenerReceiverError {
  /** The receiver. */
  readonly receiverInfo: ReceiverInfo;
}
/** `onReceiverStopped`: stopped, restarting, or failed. @example `({ receiverInfo }) => receiverInfo.lastErrorMessage` */
export interface StreamingListenerReceiverStopped {
  /** The receiver. */
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
  /** Called once when the context has started. */
  onStreamingStarted?(event: StreamingListenerStreamingStarted): void;
  /** Called when a receiver has started. */
  onReceiverStarted?(event: StreamingListenerReceiverStarted): void;
  /** Called when a receiver reports an error. */
  onReceiverError?(event: StreamingListenerReceiverError): void;
  /** Called when a receiver has stopped. */
  onReceiverStopped?(event: StreamingListenerReceiverStopped): void;
  /** Called when a batch's jobs have been submitted. */
  onBatchSubmitted?(event: StreamingListenerBatchSubmitted): void;
  /** Called when a batch's first job starts. */
  onBatchStarted?(event: StreamingListenerBatchStarted): void;
  /** Called when a batch's jobs have all finished. */
  onBatchCompleted?(event: StreamingListenerBatchCompleted): void;
  /** Called when an output operation's job starts. */
  onOutputOperationStarted?(event: StreamingListenerOutputOperationStarted): void;
  /** Called when an output operation's job has finished (failed or not). */
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
export type StreamingListenerEvent = {
  [K in Exclude<keyof StreamingListener, 'detailedEvents'>]: {
    /** The callback's name, e.g. `'onBatchCompleted'`. */
    readonly kind: K;
    /** The callback's argument. */
    readonly event: Parameters<Required<StreamingListener>[K]>[0];
  };
}[Exclude<keyof StreamingListener, 'detailedEvents'>];
