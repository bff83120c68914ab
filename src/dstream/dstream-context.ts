import type { SparkContext } from '../context/spark-context.js';
import type { Clock } from '../scheduler/clock/clock.js';
import type { TextWriter } from '../output/print.js';
import type { Logger } from '../scheduler/logger.js';
import type { Backpressure } from '../scheduler/rate/backpressure.js';
import type { ReceiverInfo, StreamingListener } from '../scheduler/streaming-listener.js';
import type { Duration } from '../time/duration.js';
import type { DStreamGraph } from './dstream-graph.js';

/** The lifecycle states of a StreamingContext (Spark's `StreamingContextState`). */
export type StreamingContextStateName = 'INITIALIZED' | 'ACTIVE' | 'STOPPED';

/**
 * What a DStream needs from its StreamingContext. The context (a layer above) implements it, so
 * the dstream layer imports nothing from there at run time. It does so structurally, without an
 * `implements` clause: the members tagged internal are stripped from the published
 * declarations, where the clause would no longer hold. Public signatures take `StreamingContext`.
 */
export interface DStreamContext {
  readonly sparkContext: SparkContext;
  readonly graph: DStreamGraph;
  readonly batchDuration: Duration;
  readonly checkpointDir: string | undefined;
  getState(): StreamingContextStateName;
  /** What receivers need from the context. */
  readonly receiverEnvironment: ReceiverEnvironment;
  /** The backpressure settings, when enabled. */
  readonly backpressure: Backpressure | undefined;
  /** @internal Where `pprint`/`print` write (the context's `stdout` option). */
  readonly stdout: TextWriter;
  addStreamingListener(listener: StreamingListener): void;
  /** Report a failed source: `awaitTermination()` rejects with `error` (sticky). */
  reportError(error: unknown): void;
  /**
   * Call `callback` once the context has stopped (at once if it already has); return a
   * function that cancels the call.
   */
  onStop(callback: () => void): () => void;
}

/** The context's receiver settings and hooks (Spark's spark.streaming.receiver* keys). */
export interface ReceiverEnvironment {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Spark's `spark.streaming.blockInterval` (default 200 ms). */
  readonly blockIntervalMs: number;
  /** Spark's `spark.streaming.receiver.maxRate`, records per second per receiver (Infinity). */
  readonly maxRate: number;
  /** Spark's `spark.streaming.blockQueueSize`: blocks of single items waiting to be stored (10). */
  readonly blockQueueSize: number;
  /** Spark's `spark.streaming.receiverRestartDelay` (default 2000 ms). */
  readonly restartDelayMs: number;
  /** Spark's `spark.streaming.receiver.writeAheadLog.enable`. */
  readonly writeAheadLog: boolean;
  postReceiverEvent(
    kind: 'onReceiverStarted' | 'onReceiverError' | 'onReceiverStopped',
    info: ReceiverInfo,
  ): void;
}
