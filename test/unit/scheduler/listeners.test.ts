/**
 * StreamingListener events (spec §8.1, §8.2; Spark's StreamingListenerSuite): order per batch,
 * no events for batches without jobs, BatchInfo / OutputOperationInfo contents, listener
 * failures, and stop() from inside a listener.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type BatchInfo,
  type Logger,
  ManualClock,
  Milliseconds,
  type OutputOperationInfo,
  SparkError,
  StreamingContext,
  type StreamingListener,
} from '../../../src/index.js';
import { DStream } from '../../../src/dstream/dstream.js';
import { TestInputDStream } from '../../../src/testing/test-input-dstream.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };
const contexts: StreamingContext[] = [];

function newContext(): { ssc: StreamingContext; clock: ManualClock } {
  const clock = new ManualClock();
  const ssc = new StreamingContext({ batchDuration: Milliseconds(1000), clock, logger: silent });
  contexts.push(ssc);
  return { ssc, clock };
}

/** A listener that writes every event as one line. */
function eventLog(): { events: string[]; listener: StreamingListener } {
  const events: string[] = [];
  const batch = (name: string) => (e: { batchInfo: BatchInfo }) => {
    events.push(`${name} ${e.batchInfo.batchTime.milliseconds}`);
  };
  const output = (name: string) => (e: { outputOperationInfo: OutputOperationInfo }) => {
    const info = e.outputOperationInfo;
    events.push(`${name} ${info.batchTime.milliseconds}.${info.id}`);
  };
  return {
    events,
    listener: {
      onStreamingStarted: () => events.push('onStreamingStarted'),
      onBatchSubmitted: batch('onBatchSubmitted'),
      onBatchStarted: batch('onBatchStarted'),
      onOutputOperationStarted: output('onOutputOperationStarted'),
      onOutputOperationCompleted: output('onOutputOperationCompleted'),
      onBatchCompleted: batch('onBatchCompleted'),
    },
  };
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const ssc of contexts.splice(0)) await ssc.stop();
});

describe('StreamingListener', () => {
  it('onStreamingStarted fires once, with a wall-clock time', async () => {
    const { ssc, clock } = newContext();
    const started: number[] = [];
    ssc.addStreamingListener({ onStreamingStarted: (e) => started.push(e.time) });
    ssc.queueStream<number>([]).foreachRDD(() => undefined);
    const before = Date.now();
    ssc.start();
    await clock.advance(0);
    expect(started).toHaveLength(1);
    expect(started[0]).toBeGreaterThanOrEqual(before);
    expect(started[0]).toBeLessThanOrEqual(Date.now());
    await clock.advance(2000);
    expect(started).toHaveLength(1);
  });

  it('events per batch: Submitted, Started, (OutputOperationStarted, OutputOperationCompleted)×n, Completed', async () => {
    const { ssc, clock } = newContext();
    const { events, listener } = eventLog();
    ssc.addStreamingListener(listener);
    const input = ssc.queueStream([[1], [2]]);
    input.foreachRDD((rdd) => {
      rdd.count();
    });
    input.foreachRDD((rdd) => {
      rdd.collect();
    });
    input.foreachRDD((rdd) => {
      rdd.count();
    });
    ssc.start();
    await clock.advance(2000);
    const batch = (t: number): string[] => [
      `onBatchSubmitted ${t}`,
      `onBatchStarted ${t}`,
      `onOutputOperationStarted ${t}.0`,
      `onOutputOperationCompleted ${t}.0`,
      `onOutputOperationStarted ${t}.1`,
      `onOutputOperationCompleted ${t}.1`,
      `onOutputOperationStarted ${t}.2`,
      `onOutputOperationCompleted ${t}.2`,
      `onBatchCompleted ${t}`,
    ];
    expect(events).toEqual(['onStreamingStarted', ...batch(1000), ...batch(2000)]);
  });

  it('batches with zero jobs produce no events; output ids count the generated jobs only', async () => {
    const { ssc, clock } = newContext();
    const { events, listener } = eventLog();
    ssc.addStreamingListener(listener);
    // The first input has no RDD at the second batch, so its output generates no job there.
    const sometimes = new DStream(new TestInputDStream(ssc, [[1], null, [3]], 1));
    const always = new DStream(new TestInputDStream(ssc, [[1], [2], [3]], 1));
    const names: [number, number, string][] = [];
    ssc.addStreamingListener({
      onBatchCompleted: ({ batchInfo }) => {
        for (const [id, info] of batchInfo.outputOperationInfos) {
          names.push([batchInfo.batchTime.milliseconds, id, info.name]);
        }
      },
    });
    sometimes.foreachRDD(() => undefined);
    always.foreachRDD(() => undefined);
    ssc.start();
    await clock.advance(3000);
    expect(events.filter((e) => e.startsWith('onOutputOperationStarted'))).toEqual([
      'onOutputOperationStarted 1000.0',
      'onOutputOperationStarted 1000.1',
      'onOutputOperationStarted 2000.0',
      'onOutputOperationStarted 3000.0',
      'onOutputOperationStarted 3000.1',
    ]);
    // At 2000 the only job is the second output's, and it has id 0.
    const [first, second] = names.filter(([t]) => t === 1000).map(([, , name]) => name);
    expect(names.filter(([t]) => t === 2000)).toEqual([[2000, 0, second]]);
    expect(first).toMatch(/^foreachRDD at listeners\.test\.ts:\d+$/);
    expect(second).toMatch(/^foreachRDD at listeners\.test\.ts:\d+$/);
    expect(first).not.toBe(second);

    // With no job at all in a batch, no event is posted for it.
    const { ssc: idle, clock: idleClock } = newContext();
    const idleLog = eventLog();
    idle.addStreamingListener(idleLog.listener);
    new DStream(new TestInputDStream(idle, [null, [2], null], 1)).foreachRDD(() => undefined);
    await ssc.stop();
    idle.start();
    await idleClock.advance(3000);
    expect(idleLog.events).toEqual([
      'onStreamingStarted',
      'onBatchSubmitted 2000',
      'onBatchStarted 2000',
      'onOutputOperationStarted 2000.0',
      'onOutputOperationCompleted 2000.0',
      'onBatchCompleted 2000',
    ]);
  });

  it('BatchInfo as seen by each event (Spark\'s "batch info reporting")', async () => {
    const { ssc, clock } = newContext();
    const submitted: BatchInfo[] = [];
    const started: BatchInfo[] = [];
    const completed: BatchInfo[] = [];
    // Record what each event showed when it was posted, as Spark's immutable BatchInfo copies do.
    const view = (info: BatchInfo) => ({
      batchTime: info.batchTime.milliseconds,
      schedulingDelay: info.schedulingDelay,
      processingDelay: info.processingDelay,
      totalDelay: info.totalDelay,
      numRecords: info.numRecords,
    });
    const views: Record<'submitted' | 'started', ReturnType<typeof view>[]> = {
      submitted: [],
      started: [],
    };
    ssc.addStreamingListener({
      onBatchSubmitted: ({ batchInfo }) => {
        submitted.push(batchInfo);
        views.submitted.push(view(batchInfo));
      },
      onBatchStarted: ({ batchInfo }) => {
        started.push(batchInfo);
        views.started.push(view(batchInfo));
      },
      onBatchCompleted: ({ batchInfo }) => {
        completed.push(batchInfo);
      },
    });
    ssc
      .queueStream([[1], [2], [3], [4]])
      .map((x) => x)
      .foreachRDD((rdd) => {
        rdd.count();
      });
    ssc.start();
    await clock.advance(4000);

    expect(views.submitted).toEqual(
      [1000, 2000, 3000, 4000].map((batchTime) => ({
        batchTime,
        schedulingDelay: undefined,
        processingDelay: undefined,
        totalDelay: undefined,
        numRecords: 0,
      })),
    );
    expect(views.started.map((v) => v.batchTime)).toEqual([1000, 2000, 3000, 4000]);
    for (const v of views.started) {
      expect(v.schedulingDelay).toBeGreaterThanOrEqual(0);
      expect(v.processingDelay).toBeUndefined();
      expect(v.totalDelay).toBeUndefined();
    }
    expect(completed.map((b) => b.batchTime.milliseconds)).toEqual([1000, 2000, 3000, 4000]);
    for (const info of completed) {
      // Queue streams report no input info.
      expect(info.numRecords).toBe(0);
      expect(info.streamIdToInputInfo.size).toBe(0);
      expect(info.schedulingDelay).toBeGreaterThanOrEqual(0);
      expect(info.processingDelay).toBeGreaterThanOrEqual(0);
      expect(info.totalDelay).toBeGreaterThanOrEqual(0);
      expect(info.totalDelay).toBe(
        (info.schedulingDelay ?? Number.NaN) + (info.processingDelay ?? Number.NaN),
      );
      expect(info.submissionTime).toBeTypeOf('number');
      expect([...info.outputOperationInfos.keys()]).toEqual([0]);
      const output = info.outputOperationInfos.get(0);
      expect(output?.batchTime.milliseconds).toBe(info.batchTime.milliseconds);
      expect(output?.failureReason).toBeUndefined();
      expect(output?.duration).toBeGreaterThanOrEqual(0);
    }
    for (const list of [completed.map((b) => b.submissionTime)]) {
      expect([...list].sort((a, b) => a - b)).toEqual(list);
    }
  });

  it('OutputOperationInfo as seen by Started and Completed events', async () => {
    const { ssc, clock } = newContext();
    const seen: {
      event: string;
      id: number;
      start: boolean;
      end: boolean;
      failureReason: string | undefined;
    }[] = [];
    const record = (event: string) => (e: { outputOperationInfo: OutputOperationInfo }) => {
      const info = e.outputOperationInfo;
      seen.push({
        event,
        id: info.id,
        start: info.startTime !== undefined,
        end: info.endTime !== undefined,
        failureReason: info.failureReason,
      });
    };
    ssc.addStreamingListener({
      onOutputOperationStarted: record('started'),
      onOutputOperationCompleted: record('completed'),
    });
    ssc.queueStream([[1]]).foreachRDD(() => undefined);
    ssc.start();
    await clock.advance(1000);
    expect(seen).toEqual([
      { event: 'started', id: 0, start: true, end: false, failureReason: undefined },
      { event: 'completed', id: 0, start: true, end: true, failureReason: undefined },
    ]);
  });

  it('a failed job sets failureReason; the batch still completes (onBatchCompleted with failed jobs)', async () => {
    const { ssc, clock } = newContext();
    const input = ssc.queueStream([[1]]);
    input.foreachRDD(() => {
      throw new Error('This is a failed job');
    });
    input.foreachRDD(() => undefined);
    input.foreachRDD(() => {
      throw new Error('This is another failed job');
    });
    const failureReasons = new Map<number, string | undefined>();
    const completed: number[] = [];
    ssc.addStreamingListener({
      onOutputOperationCompleted: ({ outputOperationInfo: info }) => {
        failureReasons.set(info.id, info.failureReason);
      },
      onBatchCompleted: ({ batchInfo }) => completed.push(batchInfo.batchTime.milliseconds),
    });
    ssc.awaitTermination().catch(() => undefined);
    ssc.start();
    await clock.advance(2000);
    expect([...failureReasons.keys()]).toEqual([0, 1, 2]);
    // The failure reason is the error's full text (Spark: the exception string with its trace).
    expect(failureReasons.get(0)?.split('\n')[0]).toBe('Error: This is a failed job');
    expect(failureReasons.get(1)).toBeUndefined();
    expect(failureReasons.get(2)?.split('\n')[0]).toBe('Error: This is another failed job');
    expect(completed).toEqual([1000, 2000]);
  });

  it('a listener that throws does not break the batch or the other listeners', async () => {
    const clock = new ManualClock();
    const logged: string[] = [];
    const ssc = new StreamingContext({
      batchDuration: Milliseconds(1000),
      clock,
      logger: { warn: () => undefined, error: (_fields, message) => logged.push(message) },
    });
    contexts.push(ssc);
    ssc.addStreamingListener({
      onBatchStarted: () => {
        throw new Error('listener failure');
      },
    });
    const { events, listener } = eventLog();
    ssc.addStreamingListener(listener);
    const outputs: number[][] = [];
    let failed: unknown;
    ssc.awaitTermination().catch((error: unknown) => {
      failed = error;
    });
    ssc.queueStream([[1], [2]]).foreachRDD((rdd) => {
      outputs.push(rdd.collect());
    });
    ssc.start();
    await clock.advance(2000);
    expect(outputs).toEqual([[1], [2]]);
    expect(events.filter((e) => e.startsWith('onBatchCompleted'))).toEqual([
      'onBatchCompleted 1000',
      'onBatchCompleted 2000',
    ]);
    expect(failed).toBeUndefined();
    // Reported through the context's logger, once per failed callback.
    expect(logged).toEqual([
      'Listener Object threw an exception',
      'Listener Object threw an exception',
    ]);
  });

  it('stop() inside a listener callback fails with SparkError and the context keeps running', async () => {
    const { ssc, clock } = newContext();
    const attempts: unknown[] = [];
    ssc.addStreamingListener({
      onBatchCompleted: () => {
        // Thrown synchronously, as Spark throws it inside the listener bus.
        try {
          void ssc.stop();
          attempts.push('stopped');
        } catch (error) {
          attempts.push(error);
        }
      },
    });
    const times: number[] = [];
    ssc.queueStream([[1]]).foreachRDD((_rdd, time) => {
      times.push(time.milliseconds);
    });
    ssc.start();
    await clock.advance(1000);
    expect(attempts).toHaveLength(1);
    const result = attempts[0];
    expect(result).toBeInstanceOf(SparkError);
    expect((result as SparkError).message).toBe(
      'Cannot stop StreamingContext within listener bus thread.',
    );
    expect(ssc.getState()).toBe('ACTIVE');
    await clock.advance(1000);
    expect(times).toEqual([1000, 2000]);
  });

  it('a removed listener receives nothing more', async () => {
    const { ssc, clock } = newContext();
    const { events, listener } = eventLog();
    ssc.addStreamingListener(listener);
    ssc.queueStream([[1]]).foreachRDD(() => undefined);
    ssc.start();
    await clock.advance(1000);
    const count = events.length;
    ssc.removeStreamingListener(listener);
    await clock.advance(1000);
    expect(events).toHaveLength(count);
  });

  it('callbacks are looked up when listeners are added: events nobody handled then are not made', async () => {
    const { ssc, clock } = newContext();
    const seen: string[] = [];
    const listener: StreamingListener = {
      onBatchCompleted: ({ batchInfo }) =>
        seen.push(`completed ${batchInfo.batchTime.milliseconds}`),
    };
    ssc.addStreamingListener(listener);
    // Set after adding: not looked up, as long as no listener is added or removed.
    listener.onBatchSubmitted = ({ batchInfo }) => {
      seen.push(`submitted ${batchInfo.batchTime.milliseconds}`);
    };
    ssc.queueStream([[1], [2]]).foreachRDD(() => undefined);
    ssc.start();
    await clock.advance(1000);
    expect(seen).toEqual(['completed 1000']);
    // Adding another listener looks every callback up again.
    ssc.addStreamingListener({});
    await clock.advance(1000);
    expect(seen).toEqual(['completed 1000', 'submitted 2000', 'completed 2000']);
  });
});
