/**
 * The live view's model, fed synthetic listener events: completed and failed batches, retention
 * of batches and of their details, and the changes a page follows.
 */
import { describe, expect, it } from 'vitest';
import {
  BatchInfo,
  ManualClock,
  OutputOperationInfo,
  Time,
  type StreamingListener,
} from '../../../src/index.js';
import { RDD, SparkContext } from '../../../src/index.js';
import { OffsetRange } from '../../../src/input/kafka/index.js';
import { KafkaRDD } from '../../../src/input/kafka/kafka-rdd.js';
import { BatchGate } from '../../../src/scheduler/clock/batch-gate.js';
import { StepControl } from '../../../src/ui/step-control.js';
import { StreamingUIModel } from '../../../src/ui/ui-model.js';

/** The listeners the model registered (beyond itself), as the context would hold them. */
let registered: StreamingListener[] = [];

function newModel(retainedBatches = 1000, retainedBatchDetails = 5): StreamingUIModel {
  registered = [];
  return new StreamingUIModel({
    appName: 'model test',
    batchDuration: 1000,
    retainedBatches,
    retainedBatchDetails,
    step: new StepControl(new ManualClock(), 1000, () => new BatchGate(), false),
    listeners: {
      addStreamingListener: (listener) => registered.push(listener),
      removeStreamingListener: (listener) => {
        registered = registered.filter((l) => l !== listener);
      },
    },
  });
}

/** A completed batch of one output: submitted at `time + 2`, started 1 ms later, 7 ms of work. */
function batch(time: number, failure?: string): BatchInfo {
  const output = new OutputOperationInfo(new Time(time), 0, 'foreachRDD at app.ts:3', 'x', 4);
  const inputs = new Map([[0, { inputStreamId: 0, numRecords: time / 1000, metadata: new Map() }]]);
  const info = new BatchInfo(new Time(time), inputs, time + 2, new Map([[0, output]]));
  info.processingStartTime = output.startTime = time + 3;
  info.processingEndTime = output.endTime = time + 10;
  output.failureReason = failure;
  return info;
}

function complete(model: StreamingUIModel, time: number, failure?: string): void {
  model.onBatchCompleted({ batchInfo: batch(time, failure) });
}

const statuses = (model: StreamingUIModel): [number, string][] =>
  model.batches.map((b) => [b.batchTime, b.status]);

describe('StreamingUIModel', () => {
  it('records each completed batch: its timings, records, outputs and failure', () => {
    const model = newModel();
    complete(model, 1000);
    complete(model, 2000, 'Error: boom');
    expect(statuses(model)).toEqual([
      [1000, 'completed'],
      [2000, 'failed'],
    ]);
    expect(model.batches[1]).toEqual({
      batchTime: 2000,
      status: 'failed',
      numRecords: 2,
      submissionTime: 2002,
      processingStartTime: 2003,
      processingEndTime: 2010,
      schedulingDelay: 1,
      processingTime: 7,
      totalDelay: 8,
      outputOperations: { total: 1, succeeded: 0, failed: 1 },
      failureReason: 'Error: boom',
      stateSizes: [],
      inputs: [{ inputStreamId: 0, numRecords: 2 }],
    });
    expect(model.app.completedBatches).toBe(2);
  });

  it('shows the output operations of the newest retainedBatchDetails batches', () => {
    const model = newModel(1000, 2);
    for (const time of [1000, 2000, 3000]) complete(model, time);
    expect(model.batch(1000)).toMatchObject({
      status: 'completed',
      inputs: [{ inputStreamId: 0, numRecords: 1 }],
      outputOperationDetails: null,
      states: null,
      note: 'Only the newest 2 batches keep their output operations, RDDs and states.',
    });
    expect(model.batch(3000)).toMatchObject({
      inputs: [{ inputStreamId: 0, numRecords: 3 }],
      states: [],
      outputOperationDetails: [
        {
          id: 0,
          streamId: 4,
          name: 'foreachRDD at app.ts:3',
          status: 'succeeded',
          duration: 7,
          // These synthetic events carry no RDD, so there is no lineage to show.
          lineage: null,
          note: 'The listener events carried no RDD for it.',
        },
      ],
      note: null,
    });
    expect(model.batch(4000)).toBeUndefined();
  });

  it('tracks queued and processing batches while a page follows, and only then', () => {
    const model = newModel();
    expect(registered).toEqual([]);
    model.follow(() => undefined);
    expect(registered).toHaveLength(1);
    const [active] = registered;
    const info = batch(1000);
    info.processingStartTime = undefined;
    active?.onBatchSubmitted?.({ batchInfo: info });
    expect(model.app.activeBatches).toEqual([
      {
        batchTime: 1000,
        status: 'queued',
        numRecords: 1,
        submissionTime: 1002,
        processingStartTime: null,
      },
    ]);
    active?.onBatchSubmitted?.({ batchInfo: batch(2000) });
    active?.onBatchStarted?.({ batchInfo: batch(1000) });
    expect(model.app.activeBatches.map((b) => [b.batchTime, b.status])).toEqual([
      [1000, 'processing'],
      [2000, 'queued'],
    ]);
    complete(model, 1000);
    expect(model.app.activeBatches.map((b) => b.batchTime)).toEqual([2000]);
    // A late event of a completed batch does not bring it back.
    active?.onBatchStarted?.({ batchInfo: batch(1000) });
    expect(model.app.activeBatches.map((b) => b.batchTime)).toEqual([2000]);
    model.follow(undefined);
    expect(registered).toEqual([]);
    expect(model.app.activeBatches).toEqual([]);
  });

  it('keeps the newest retainedBatches batches', () => {
    const model = newModel(3);
    for (const time of [1000, 2000, 3000, 4000, 5000]) complete(model, time);
    expect(model.batches.map((b) => b.batchTime)).toEqual([3000, 4000, 5000]);
    expect(model.batch(2000)).toBeUndefined();
    expect(model.app.completedBatches).toBe(5);
  });

  it('tracks changes only while followed, from the oldest batch that changed', () => {
    const model = newModel();
    complete(model, 1000);
    let calls = 0;
    model.follow(() => calls++);
    expect(model.takeChanges()).toEqual({ app: undefined, graph: undefined, batches: [] });
    complete(model, 2000);
    complete(model, 3000);
    expect(calls).toBe(2);
    const changes = model.takeChanges();
    expect(changes.app?.completedBatches).toBe(3);
    expect(changes.batches.map((b) => b.batchTime)).toEqual([2000, 3000]);
    expect(model.takeChanges().batches).toEqual([]);
    model.follow(undefined);
    complete(model, 4000);
    expect(calls).toBe(2);
  });

  it("says a Kafka batch's records are not kept once its jobs read them, and shows them while they are", async () => {
    const model = newModel();
    const value = (text: string): Buffer => Buffer.from(text);
    const kafka = new KafkaRDD(new SparkContext(), [OffsetRange.create('t', 0, 0, 2)], () =>
      Promise.resolve([
        {
          topic: 't',
          partition: 0,
          offset: 0,
          timestamp: 0,
          key: null,
          value: value('a'),
          headers: {},
        },
        {
          topic: 't',
          partition: 0,
          offset: 1,
          timestamp: 0,
          key: null,
          value: value('b'),
          headers: {},
        },
      ]),
    );
    const words = new RDD(kafka).map((record) => record.value?.toString() ?? '');
    const info = batch(1000);
    const output = info.outputOperationInfos.get(0) as OutputOperationInfo;
    const withRDD = new OutputOperationInfo(output.batchTime, 0, output.name, 'x', 4, words);
    withRDD.startTime = output.startTime;
    withRDD.endTime = output.endTime;
    model.onBatchCompleted({
      batchInfo: new BatchInfo(
        info.batchTime,
        info.streamIdToInputInfo,
        1002,
        new Map([[0, withRDD]]),
      ),
    });
    expect(model.batch(1000)?.outputOperationDetails?.[0]).toMatchObject({
      firstRecords: null,
      note: "Its input's records (a Kafka batch) were read by the batch's jobs and dropped after the batch; they are not kept for the view.",
    });
    await kafka.load();
    complete(model, 2000);
    model.onBatchCompleted({
      batchInfo: new BatchInfo(
        new Time(3000),
        info.streamIdToInputInfo,
        3002,
        new Map([[0, withRDD]]),
      ),
    });
    expect(model.batch(3000)?.outputOperationDetails?.[0]).toMatchObject({
      firstRecords: ['a', 'b'],
      note: null,
    });
  });
});
