/**
 * The listener details a listener asks for with `detailedEvents` (no Spark counterpart): the
 * DStream graph on onStreamingStarted, each output's RDD on its output operation events, the state
 * sizes on onBatchCompleted; and none of them when no listener asks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BatchInfo,
  type DStreamGraphInfo,
  type Logger,
  ManualClock,
  type OutputOperationInfo,
  Seconds,
  type State,
  StateSpec,
  StreamingContext,
  type StreamingListener,
} from '../../../src/index.js';
import { callSites } from '../../support/call-sites.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };
const { site } = callSites(import.meta.url);
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function newContext(): Promise<{ ssc: StreamingContext; clock: ManualClock }> {
  const clock = new ManualClock();
  const ssc = new StreamingContext({ batchDuration: Seconds(1), clock, logger: silent });
  const dir = await mkdtemp(join(tmpdir(), 'detailed-events-'));
  ssc.checkpoint(dir);
  cleanups.push(async () => {
    await ssc.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return { ssc, clock };
}

/** Everything a listener receives, kept as given. */
function recorder(detailedEvents: boolean): {
  listener: StreamingListener;
  graphs: (DStreamGraphInfo | undefined)[];
  batches: BatchInfo[];
  outputs: OutputOperationInfo[];
} {
  const graphs: (DStreamGraphInfo | undefined)[] = [];
  const batches: BatchInfo[] = [];
  const outputs: OutputOperationInfo[] = [];
  const listener: StreamingListener = {
    detailedEvents,
    onStreamingStarted: ({ graph }) => graphs.push(graph),
    onBatchSubmitted: ({ batchInfo }) => batches.push(batchInfo),
    onBatchStarted: ({ batchInfo }) => batches.push(batchInfo),
    onBatchCompleted: ({ batchInfo }) => batches.push(batchInfo),
    onOutputOperationStarted: ({ outputOperationInfo }) => outputs.push(outputOperationInfo),
    onOutputOperationCompleted: ({ outputOperationInfo }) => outputs.push(outputOperationInfo),
  };
  return { listener, graphs, batches, outputs };
}

describe('detailedEvents', () => {
  it('onStreamingStarted carries the graph: kinds, parents, windows, state, creation sites', async () => {
    const { ssc } = await newContext();
    const seen = recorder(true);
    ssc.addStreamingListener(seen.listener);
    const total = (values: number[], sum: number | undefined): number =>
      values.reduce((a, b) => a + b, sum ?? 0);
    const words = ssc.queueStream([['a b a']]).flatMap((line) => line.split(' ')); // @g-words
    const pairs = words.mapToPair((word) => [word, 1]); // @g-pairs
    const windowed = pairs.window(Seconds(3), Seconds(2)); // @g-window
    windowed.foreachRDD(() => undefined); // @g-window-output
    const totals = pairs.updateStateByKey(total).name('totals'); // @g-state
    totals.foreachRDD(() => undefined); // @g-state-output
    ssc.start();
    await ssc.advance(0);

    expect(seen.graphs).toHaveLength(1);
    const graph = seen.graphs[0] as DStreamGraphInfo;
    expect(graph.batchDuration.milliseconds).toBe(1000);
    const shape = graph.streams.map((s) => ({
      id: s.id,
      className: s.className,
      name: s.name,
      creationSite: s.creationSite,
      kind: s.kind,
      input: s.input,
      parentIds: s.parentIds,
      slide: s.slideDuration.milliseconds,
      window: s.windowDuration?.milliseconds,
      stateful: s.stateful,
      checkpoint: s.checkpointInterval?.milliseconds,
    }));
    const stream = (
      id: number,
      className: string,
      creationSite: string,
      more: Partial<(typeof shape)[number]> = {},
    ): (typeof shape)[number] => ({
      id,
      className,
      name: undefined,
      creationSite,
      kind: 'transformation',
      input: undefined,
      parentIds: id === 0 ? [] : [id - 1],
      slide: 1000,
      window: undefined,
      stateful: false,
      checkpoint: undefined,
      ...more,
    });
    expect(shape).toEqual([
      stream(0, 'QueueInputDStream', site('queueStream', 'g-words'), {
        kind: 'input',
        input: { inputStreamId: 0, displayName: 'Queue stream [0]' },
      }),
      stream(1, 'FlatMappedDStream', site('flatMap', 'g-words')),
      stream(2, 'MappedDStream', site('mapToPair', 'g-pairs')),
      stream(3, 'WindowedDStream', site('window', 'g-window'), { slide: 2000, window: 3000 }),
      stream(4, 'ForEachDStream', site('foreachRDD', 'g-window-output'), {
        kind: 'output',
        slide: 2000,
      }),
      // Spark's default checkpoint interval of a stateful stream: 10 slides of at least 10 s.
      stream(5, 'StateDStream', site('updateStateByKey', 'g-state'), {
        name: 'totals',
        parentIds: [2],
        stateful: true,
        checkpoint: 10_000,
      }),
      stream(6, 'ForEachDStream', site('foreachRDD', 'g-state-output'), { kind: 'output' }),
    ]);
  });

  it('output operation infos carry the RDD the operation ran on, on every event', async () => {
    const { ssc } = await newContext();
    const seen = recorder(true);
    ssc.addStreamingListener(seen.listener);
    const words = ssc.queueStream([['a b a'], ['b']], true).flatMap((l) => l.split(' ')); // @r-words
    const counts = words.mapToPair((w) => [w, 1]).reduceByKey((a, b) => a + b); // @r-counts
    counts.foreachRDD(() => undefined); // @r-output
    ssc.start();
    await ssc.advance(2000);

    expect(seen.outputs.map((o) => [o.batchTime.milliseconds, o.id, o.streamId])).toEqual([
      [1000, 0, 4],
      [1000, 0, 4],
      [2000, 0, 4],
      [2000, 0, 4],
    ]);
    const [started, completed] = seen.outputs;
    expect(started?.rdd).toBeDefined();
    expect(completed?.rdd).toBe(started?.rdd);
    // Spark's HashPartitioner: 'b' (hash 98) in partition 0, 'a' (97) in partition 1.
    expect(completed?.rdd?.collect()).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
    expect(seen.outputs[3]?.rdd?.collect()).toEqual([['b', 1]]);
    expect(completed?.rdd?.toDebugString()).toBe(
      [
        `(2) ShuffledRDD[4] at ${site('reduceByKey', 'r-counts')} []`,
        ` +-(2) MapPartitionsRDD[3] at ${site('mapToPair', 'r-counts')} []`,
        `    |  MapPartitionsRDD[2] at ${site('flatMap', 'r-words')} []`,
        `    |  ParallelCollectionRDD[1] at ${site('queueStream', 'r-words')} []`,
      ].join('\n'),
    );
    // The batch events' output infos carry it too: the RDD of their batch.
    expect(seen.batches).toHaveLength(6);
    for (const batch of seen.batches) {
      const output = batch.outputOperationInfos.get(0);
      expect(output?.streamId).toBe(4);
      const sameBatch = seen.outputs.find((o) => o.batchTime.equals(batch.batchTime));
      expect(output?.rdd).toBe(sameBatch?.rdd);
    }
    expect(seen.outputs[2]?.rdd).not.toBe(completed?.rdd);
  });

  it('onBatchCompleted carries the state size of updateStateByKey, mapWithState and inverse windows', async () => {
    const { ssc } = await newContext();
    const seen = recorder(true);
    ssc.addStreamingListener(seen.listener);
    const input = ssc.queueStream([['a', 'b'], ['a'], ['c', 'x'], []]);
    const pairs = input.mapToPair((w) => [w, 1]);
    const sum = (values: number[], total: number | undefined): number =>
      values.reduce((a, b) => a + b, total ?? 0);
    pairs
      .updateStateByKey(sum)
      .name('totals')
      .foreachRDD(() => undefined);
    // mapWithState: 'x' removes its own key, every other key counts.
    const spec = StateSpec.function(
      (key: string, value: number | undefined, state: State<number>): string => {
        if (key === 'x') state.remove();
        else state.update((state.getOption() ?? 0) + (value ?? 0));
        return key;
      },
    );
    pairs.mapWithState(spec).foreachRDD(() => undefined);
    pairs
      .reduceByKeyAndWindow(
        (a, b) => a + b,
        (a, b) => a - b,
        Seconds(2),
        Seconds(1),
      )
      .foreachRDD(() => undefined);
    ssc.start();
    await ssc.advance(4000);

    const completed = seen.batches.filter((b) => b.processingEndTime !== undefined);
    const sizes = completed.map((b) =>
      (b.stateOperators ?? []).map((s) => `${s.name}=${s.numRowsTotal}`),
    );
    // Inverse windows keep keys whose data left the window, with the "zero" value (no filter).
    expect(sizes).toEqual([
      ['totals=2', 'InternalMapWithStateDStream[4]=2', 'ReducedWindowedDStream[7]=2'],
      ['totals=2', 'InternalMapWithStateDStream[4]=2', 'ReducedWindowedDStream[7]=2'],
      ['totals=4', 'InternalMapWithStateDStream[4]=3', 'ReducedWindowedDStream[7]=4'],
      ['totals=4', 'InternalMapWithStateDStream[4]=3', 'ReducedWindowedDStream[7]=4'],
    ]);
    expect(completed[0]?.stateOperators?.map((s) => s.streamId)).toEqual([2, 4, 7]);
    for (const batch of seen.batches.filter((b) => b.processingEndTime === undefined)) {
      expect(batch.stateOperators).toBeUndefined();
    }
  });

  it('without a listener that asks, events carry no graph, RDD or state sizes', async () => {
    const { ssc } = await newContext();
    const plain = recorder(false);
    const removed = recorder(true);
    ssc.addStreamingListener(plain.listener);
    ssc.addStreamingListener(removed.listener);
    ssc.removeStreamingListener(removed.listener);
    const pairs = ssc.queueStream([['a']]).mapToPair((w) => [w, 1]);
    const sum = (values: number[], total: number | undefined): number =>
      values.reduce((a, b) => a + b, total ?? 0);
    pairs.updateStateByKey(sum).foreachRDD(() => undefined);
    ssc.start();
    await ssc.advance(1000);

    expect(plain.graphs).toEqual([undefined]);
    expect(plain.outputs).toHaveLength(2);
    for (const output of plain.outputs) {
      expect(output.rdd).toBeUndefined();
      expect(output.streamId).toBe(3);
    }
    expect(plain.batches.map((b) => b.stateOperators)).toEqual([undefined, undefined, undefined]);
    expect(removed.batches).toEqual([]);
  });

  it('a failed batch reports no state sizes', async () => {
    const { ssc } = await newContext();
    const seen = recorder(true);
    ssc.addStreamingListener(seen.listener);
    const sum = (values: number[], total: number | undefined): number =>
      values.reduce((a, b) => a + b, total ?? 0);
    const totals = ssc
      .queueStream([['a'], ['b']])
      .mapToPair((w) => [w, 1])
      .updateStateByKey(sum);
    totals.foreachRDD((rdd, time) => {
      if (time.milliseconds === 2000) throw new Error('boom');
      rdd.count();
    });
    ssc.start();
    await ssc.advance(2000);
    const completed = seen.batches.filter((b) => b.processingEndTime !== undefined);
    expect(completed.map((b) => b.stateOperators?.map((s) => s.numRowsTotal))).toEqual([
      [1],
      undefined,
    ]);
  });
});
