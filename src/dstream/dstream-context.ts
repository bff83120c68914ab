import type { SparkContext } from '../context/spark-context.js';
import type { Duration } from '../time/duration.js';
import type { DStreamGraph } from './dstream-graph.js';

/** The lifecycle states of a StreamingContext (Spark's `StreamingContextState`). */
export type StreamingContextStateName = 'INITIALIZED' | 'ACTIVE' | 'STOPPED';

/**
 * What a DStream needs from its StreamingContext. The context (a layer above) implements it, so
 * the dstream layer imports nothing from there at run time.
 */
export interface DStreamContext {
  readonly sparkContext: SparkContext;
  readonly graph: DStreamGraph;
  readonly batchDuration: Duration;
  readonly checkpointDir: string | undefined;
  getState(): StreamingContextStateName;
}
