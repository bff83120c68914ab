/**
 * No Spark counterpart: the DStream graph as listener data, for views such as the live web view
 * (Spark's UI shows jobs' RDD DAGs, never the DStream graph).
 */
import type { DStreamGraph } from '../dstream/dstream-graph.js';
import type { DStreamNode } from '../dstream/dstream-node.js';
import { InputDStream } from '../input/input-dstream.js';
import type { Duration } from '../time/duration.js';
import type { Time } from '../time/time.js';

/**
 * One stream of the DStream graph, as `onStreamingStarted` describes it.
 *
 * @example
 * ```ts
 * const windows = graph.streams.filter((s: DStreamInfo) => s.windowDuration !== undefined);
 * ```
 */
export interface DStreamInfo {
  /** The stream's id (creation order), as `OutputOperationInfo.streamId` refers to it. */
  readonly id: number;
  /** Spark's class name, e.g. `"MappedDStream"`. */
  readonly className: string;
  /** The name given with `.name(...)`, if any. */
  readonly name: string | undefined;
  /** Where it was created, e.g. `"map at app.ts:12"`. */
  readonly creationSite: string;
  /** Where the stream sits in the graph. */
  readonly kind: 'input' | 'transformation' | 'output';
  /** For inputs: the id of `BatchInfo.streamIdToInputInfo`'s entries, and the display name. */
  readonly input:
    | {
        /** The input stream id (the key of `BatchInfo.streamIdToInputInfo`). */
        readonly inputStreamId: number;
        /** The input's name, e.g. `QueueInputDStream`. */
        readonly displayName: string;
      }
    | undefined;
  /** The ids of the streams it is computed from. */
  readonly parentIds: readonly number[];
  /** The interval at which it produces RDDs. */
  readonly slideDuration: Duration;
  /** For window streams: the window's length. */
  readonly windowDuration: Duration | undefined;
  /** Whether it carries state from batch to batch (see `BatchInfo.stateOperators`). */
  readonly stateful: boolean;
  /** How often its RDDs are checkpointed, when they are. */
  readonly checkpointInterval: Duration | undefined;
}

/**
 * The DStream graph of a started context: every stream an output depends on, in creation order.
 *
 * @example
 * ```ts
 * ssc.addStreamingListener({
 *   detailedEvents: true,
 *   onStreamingStarted: ({ graph }) => console.log(graph?.streams.map((s) => s.className)),
 * });
 * ```
 */
export interface DStreamGraphInfo {
  /** The context's batch interval. */
  readonly batchDuration: Duration;
  /** Batch times are `zeroTime + k·batchDuration`; a window stream's times, `zeroTime + k·slide`. */
  readonly zeroTime: Time | undefined;
  /** Every stream of the graph, parents before children. */
  readonly streams: readonly DStreamInfo[];
}

/** Return the description of a started graph (its streams are initialised). */
export function describeGraph(graph: DStreamGraph, batchDuration: Duration): DStreamGraphInfo {
  const outputs = new Set<DStreamNode<unknown>>(graph.outputs);
  const streams = graph.reachableStreams().map((node): DStreamInfo => {
    const isInput = node instanceof InputDStream;
    return {
      id: node.id,
      className: node.className,
      name: node.name,
      creationSite: node.creationSite.toString(),
      kind: isInput ? 'input' : outputs.has(node) ? 'output' : 'transformation',
      input: isInput ? { inputStreamId: node.inputId, displayName: node.displayName } : undefined,
      parentIds: node.dependencies.map((parent) => parent.id),
      slideDuration: node.slideDuration,
      windowDuration: node.windowDuration,
      stateful: node.isStateful,
      checkpointInterval: node.checkpointDuration,
    };
  });
  return { batchDuration, zeroTime: graph.zeroTime, streams };
}
