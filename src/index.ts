/**
 * Apache Spark's DStream streaming API (micro-batches over RDDs) for Node: `StreamingContext`,
 * `DStream`, `RDD`, durations, state, checkpoints, listener events and errors.
 *
 * @module dstream-ts
 */
// --- Context ---
export {
  StreamingContext,
  StreamingContextState,
  type StreamingContextOptions,
  type StopOptions,
  type GetOrCreateOptions,
} from './context/streaming-context.js';
export { SparkContext, type SparkContextOptions } from './context/spark-context.js';
export { SparkConf } from './context/spark-conf.js';
export type { SparkLogLevel } from './scheduler/log-level.js';
export type { StreamingUI, StreamingUIOptions } from './ui/streaming-ui.js';
export type { AllowedHosts } from './ui/host-check.js';

// --- DStream ---
export {
  DStream,
  MapWithStateDStream,
  type ReduceByKeyAndWindowOptions,
} from './dstream/dstream.js';
export type { StateUpdateInput } from './dstream/state-dstream.js';

// --- RDD ---
export { RDD } from './rdd/rdd.js';
// The RDD facade's groups, as Spark groups them (RDD, DoubleRDDFunctions, OrderedRDDFunctions,
// PairRDDFunctions): exported as types, since RDD's methods are declared on them.
export type { RDDBase } from './rdd/rdd-base.js';
export type { DoubleRDDFunctions } from './rdd/double-rdd-functions.js';
export type { OrderedRDDFunctions } from './rdd/ordered-rdd-functions.js';
export type { PairRDDFunctions } from './rdd/pair-rdd-functions.js';
export type { Key, Pair, PairOf } from './rdd/pair.js';
export { StatCounter } from './rdd/stat-counter.js';
export { Broadcast } from './rdd/broadcast.js';
export {
  AccumulatorV2,
  type NumericAccumulator,
  LongAccumulator,
  DoubleAccumulator,
  CollectionAccumulator,
} from './rdd/accumulator-v2.js';
export type { SaveAsTextFileOptions } from './rdd/save-as-text-file.js';
export { HashPartitioner, type Partitioner } from './rdd/partitioner.js';
export type { PartitionerLike } from './rdd/partitioning.js';
export { StorageLevel } from './rdd/storage-level.js';
export type { ElementFormat } from './rdd/format.js';

// --- Time ---
export {
  Duration,
  Milliseconds,
  Seconds,
  Minutes,
  milliseconds,
  seconds,
  minutes,
} from './time/duration.js';
export { Time } from './time/time.js';
export { Interval } from './time/interval.js';
export type { Clock } from './scheduler/clock/clock.js';
export { SystemClock } from './scheduler/clock/system-clock.js';
export { ManualClock } from './scheduler/clock/manual-clock.js';

// --- State ---
export { State } from './state/state.js';
export {
  StateSpec,
  type MappingFunction,
  type MappingFunctionWithTime,
} from './state/state-spec.js';

// --- Checkpoints ---
export {
  v8Serializer,
  jsonSerializer,
  type CheckpointSerializer,
} from './checkpoint/serializer.js';
export type { CheckpointWriteFailure } from './context/checkpoint-manager.js';

// --- Input ---
export type { QueueItem } from './input/queue-input-dstream.js';
export { Receiver } from './input/receiver/receiver.js';
export {
  bytesToLines,
  DEFAULT_MAX_LINE_LENGTH,
  type LineOptions,
  type SocketConverter,
} from './input/socket-input-dstream.js';
export { defaultFileFilter, type FileStreamOptions } from './input/file-input-dstream.js';
export { splitLines } from './input/line-splitter.js';
export type { RateRow, RateStreamOptions } from './input/rate-input-dstream.js';

// --- Output ---
export type { ForeachFunction } from './output/for-each-dstream.js';
export type { PrintOptions, TextWriter } from './output/print.js';
export type { BatchData } from './output/to-observable.js';

// --- Listener events ---
export type {
  StreamingListener,
  StreamingListenerStreamingStarted,
  StreamingListenerBatchSubmitted,
  StreamingListenerBatchStarted,
  StreamingListenerBatchCompleted,
  StreamingListenerOutputOperationStarted,
  StreamingListenerOutputOperationCompleted,
  StreamingListenerReceiverStarted,
  StreamingListenerReceiverError,
  StreamingListenerReceiverStopped,
  ReceiverInfo,
  StreamingListenerEvent,
} from './scheduler/streaming-listener.js';
export {
  BatchInfo,
  OutputOperationInfo,
  type StreamInputInfo,
  type StateOperatorInfo,
} from './scheduler/batch-info.js';
export type { DStreamGraphInfo, DStreamInfo } from './scheduler/dstream-graph-info.js';
export { consoleLogger, type Logger, type LogLevel } from './scheduler/logger.js';

// --- Backpressure ---
export type { BackpressureOptions } from './scheduler/rate/backpressure.js';
export {
  PIDRateEstimator,
  type PIDGains,
  type RateEstimator,
} from './scheduler/rate/rate-estimator.js';

// --- Errors ---
export {
  DStreamError,
  IllegalArgumentError,
  IllegalStateError,
  SparkError,
  UnsupportedOperationError,
  NoSuchElementError,
  FileAlreadyExistsError,
  CheckpointError,
  LineTooLongError,
  WriteAheadLogError,
  isDStreamError,
} from './errors.js';
