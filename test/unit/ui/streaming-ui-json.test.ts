/**
 * The JSON the live view's server exposes (`/api/app`, `/api/graph`, `/api/batches`,
 * `/api/batches/<time>`), over real HTTP on 127.0.0.1, for a job run in virtual time with a fake
 * wall clock, so every number is exact.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Seconds, type StreamingContext, type StreamingUI } from '../../../src/index.js';
import {
  BATCH_MS,
  buildUIJob,
  FAILING_BATCH,
  jobSites,
  newUIContext,
  WALL_START,
} from '../../support/ui-job.js';

let ssc: StreamingContext;
let ui: StreamingUI;
let disposeContext: (() => Promise<void>) | undefined;

async function getJson(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, ui.url));
  return { status: response.status, body: response.ok ? await response.json() : undefined };
}

async function startJob(options: { retainedBatches?: number; retainedBatchDetails?: number } = {}) {
  ({ ssc, dispose: disposeContext } = await newUIContext('ui test'));
  buildUIJob(ssc, (ms) => {
    vi.setSystemTime(Date.now() + ms);
  });
  ui = await ssc.ui({ port: 0, ...options });
  ssc.start();
}

/** Batch k's summary: 3 records, 47 ms of processing, scheduled at once. */
function summary(k: number, stateSize: number | undefined) {
  const failed = k * 1000 === FAILING_BATCH;
  const submission = WALL_START + (k - 1) * BATCH_MS;
  return {
    batchTime: k * 1000,
    status: failed ? 'failed' : 'completed',
    numRecords: 3,
    submissionTime: submission,
    processingStartTime: submission,
    processingEndTime: submission + BATCH_MS,
    schedulingDelay: 0,
    processingTime: BATCH_MS,
    totalDelay: BATCH_MS,
    outputOperations: { total: 3, succeeded: failed ? 2 : 3, failed: failed ? 1 : 0 },
    failureReason: failed
      ? (expect.stringMatching(/^Error: boom at 3000 ms\n\s+at /) as unknown)
      : null,
    stateSizes: stateSize === undefined ? [] : [{ streamId: 8, numRowsTotal: stateSize }],
    inputs: [{ inputStreamId: 0, numRecords: 3 }],
  };
}

beforeEach(() => {
  // Only Date is faked: the jobs move it, so the wall-clock delays of the events are exact.
  vi.useFakeTimers({ toFake: ['Date'], now: WALL_START });
});

afterEach(async () => {
  vi.useRealTimers();
  await disposeContext?.();
  disposeContext = undefined;
});

describe('the live view JSON', () => {
  it('/api/app: the application, its status and its completed batches', async () => {
    await startJob();
    await ssc.advance(Seconds(2));
    expect(await getJson('/api/app')).toEqual({
      status: 200,
      body: {
        appName: 'ui test',
        batchDuration: 1000,
        status: 'running',
        startTime: WALL_START,
        zeroTime: 0,
        completedBatches: 2,
        retainedBatches: 1000,
        // Active batches are tracked while a page follows the events; a ManualClock steps.
        activeBatches: [],
        step: { clock: 'manual', paused: true },
      },
    });
  });

  it('/api/graph: every stream, with its kind, parents, window and state', async () => {
    await startJob();
    await ssc.advance(0);
    const { site } = jobSites;
    const stream = (
      id: number,
      className: string,
      creationSite: string,
      parentIds: number[],
      more: Record<string, unknown> = {},
    ) => ({
      id,
      className,
      name: null,
      creationSite,
      kind: 'transformation',
      inputStreamId: null,
      displayName: null,
      parentIds,
      slideDuration: 1000,
      windowDuration: null,
      stateful: false,
      checkpointInterval: null,
      ...more,
    });
    expect(await getJson('/api/graph')).toEqual({
      status: 200,
      body: [
        stream(0, 'RateInputDStream', site('rateStream', 'job-rate'), [], {
          kind: 'input',
          inputStreamId: 0,
          displayName: 'Rate stream [0]',
        }),
        stream(1, 'MappedDStream', site('map', 'job-values'), [0]),
        // countByValue is a map to pairs then a reduceByKey, as in Spark.
        stream(2, 'MappedDStream', site('map', 'job-counts'), [1]),
        stream(3, 'ShuffledDStream', site('reduceByKey', 'job-counts'), [2]),
        stream(4, 'ForEachDStream', site('foreachRDD', 'job-counts'), [3], { kind: 'output' }),
        stream(5, 'WindowedDStream', site('window', 'job-window'), [1], { windowDuration: 2000 }),
        stream(6, 'ForEachDStream', site('foreachRDD', 'job-window'), [5], { kind: 'output' }),
        stream(7, 'MappedDStream', site('mapToPair', 'job-totals'), [1]),
        stream(8, 'StateDStream', site('updateStateByKey', 'job-totals'), [7], {
          name: 'totals',
          stateful: true,
          checkpointInterval: 10_000,
        }),
        stream(9, 'ForEachDStream', site('foreachRDD', 'job-totals-output'), [8], {
          kind: 'output',
        }),
      ],
    });
  });

  it('/api/batches: every retained batch, oldest first, with exact delays and state sizes', async () => {
    await startJob();
    await ssc.advance(Seconds(4));
    // The state size after the failed batch is not known (its jobs did not all succeed).
    expect(await getJson('/api/batches')).toEqual({
      status: 200,
      body: [summary(1, 3), summary(2, 5), summary(3, undefined), summary(4, 5)],
    });
  });

  it('/api/batches/<time>: inputs, output operations, each RDD lineage and first records', async () => {
    await startJob();
    await ssc.advance(Seconds(4));
    const { site } = jobSites;
    const { status, body } = await getJson('/api/batches/4000');
    expect(status).toBe(200);
    const start = WALL_START + 3 * BATCH_MS;
    const output = (id: number, streamId: number, name: string, from: number, to: number) => ({
      id,
      streamId,
      name,
      status: 'succeeded',
      startTime: start + from,
      endTime: start + to,
      duration: to - from,
      failureReason: null,
      jobGroup: null,
      jobDescription: null,
      note: null,
      hasMoreRecords: false,
    });
    // One cached partition of 3 one-character strings: 32 + 3 × 8 + 3 × 17 bytes.
    const cached = 'CachedPartitions: 1; MemorySize: 107.0 B; DiskSize: 0.0 B';
    expect(body).toEqual({
      ...summary(4, 5),
      note: null,
      states: [
        {
          streamId: 8,
          name: 'totals',
          numRowsTotal: 5,
          entries: [
            ['4', '2'],
            ['0', '3'],
            ['2', '2'],
            ['1', '3'],
            ['3', '2'],
          ],
          hasMoreEntries: false,
          // The batch before failed: its state is not known.
          added: null,
          removed: null,
          note: 'The state before this batch is not known: its batch failed, or is no longer kept.',
        },
      ],
      outputOperationDetails: [
        {
          ...output(0, 4, site('foreachRDD', 'job-counts'), 0, 40),
          // Rows 9, 10, 11: values 4, 0, 1, one each, in Spark's hash partitions.
          firstRecords: ["('4', 1)", "('0', 1)", "('1', 1)"],
          lineage: [
            `(2) ShuffledRDD[27] at ${site('reduceByKey', 'job-counts')} []`,
            ` +-(1) MapPartitionsRDD[26] at ${site('map', 'job-counts')} []`,
            `    |  MapPartitionsRDD[25] at ${site('map', 'job-values')} []`,
            `    |      ${cached}`,
            `    |  ParallelCollectionRDD[24] at ${site('rateStream', 'job-rate')} []`,
          ].join('\n'),
        },
        {
          ...output(1, 6, site('foreachRDD', 'job-window'), 40, 45),
          // The window of batches 3000 and 4000: rows 6 to 11.
          firstRecords: ['1', '2', '3', '4', '0', '1'],
          lineage: [
            `(2) UnionRDD[28] at ${site('window', 'job-window')} []`,
            ` |  MapPartitionsRDD[17] at ${site('map', 'job-values')} []`,
            ` |      ${cached}`,
            ` |  ParallelCollectionRDD[16] at ${site('rateStream', 'job-rate')} []`,
            ` |  MapPartitionsRDD[25] at ${site('map', 'job-values')} []`,
            ` |      ${cached}`,
            ` |  ParallelCollectionRDD[24] at ${site('rateStream', 'job-rate')} []`,
          ].join('\n'),
        },
        {
          ...output(2, 9, site('foreachRDD', 'job-totals-output'), 45, 47),
          // Per partition, the keys of the batch's data come first (cogroup's order), then the rest.
          firstRecords: ["('4', 2)", "('0', 3)", "('2', 2)", "('1', 3)", "('3', 2)"],
          lineage: expect.any(String) as unknown,
        },
      ],
    });
    // The state's lineage reaches back to the first batch: no checkpoint yet (every 10 s).
    const state = (body as { outputOperationDetails: { lineage: string }[] })
      .outputOperationDetails[2]?.lineage;
    const lines = state?.split('\n') ?? [];
    expect(lines[0]).toBe(
      `(2) MapPartitionsRDD[31] at ${site('updateStateByKey', 'job-totals')} [Memory Serialized 1x Replicated]`,
    );
    expect(lines.filter((line) => line.includes('ParallelCollectionRDD'))).toEqual(
      [0, 8, 16, 24].map(
        (id): unknown =>
          expect.stringMatching(
            new RegExp(`ParallelCollectionRDD\\[${id}\\] at rateStream at ui-job\\.ts:\\d+ `),
          ) as unknown,
      ),
    );
  });

  it('/api/batches/<time>: the state after the batch and the keys it added and removed', async () => {
    await startJob();
    await ssc.advance(Seconds(2));
    const states = async (time: number): Promise<unknown> =>
      ((await getJson(`/api/batches/${time}`)).body as { states: unknown }).states;
    // Rows 0-2 (values 0, 1, 2), then rows 3-5 (values 3, 4, 0).
    expect(await states(1000)).toEqual([
      {
        streamId: 8,
        name: 'totals',
        numRowsTotal: 3,
        entries: [
          ['0', '1'],
          ['2', '1'],
          ['1', '1'],
        ],
        hasMoreEntries: false,
        added: { count: 3, keys: ['0', '2', '1'] },
        removed: { count: 0, keys: [] },
        note: null,
      },
    ]);
    expect(await states(2000)).toMatchObject([
      {
        numRowsTotal: 5,
        added: { count: 2, keys: ['4', '3'] },
        removed: { count: 0, keys: [] },
        note: null,
      },
    ]);
  });

  it('/api/batches/<time> of a failed batch: the failure, and the lineage of the failed output', async () => {
    await startJob();
    await ssc.advance(Seconds(3));
    const { body } = await getJson(`/api/batches/${FAILING_BATCH}`);
    const [failed, ...others] = (body as { outputOperationDetails: Record<string, unknown>[] })
      .outputOperationDetails;
    expect(failed).toMatchObject({
      id: 0,
      status: 'failed',
      duration: 40,
      failureReason: expect.stringMatching(/^Error: boom at 3000 ms\n/) as unknown,
      firstRecords: null,
      note: 'The output operation failed.',
      lineage: expect.stringMatching(
        /^\(2\) ShuffledRDD\[\d+\] at reduceByKey at ui-job\.ts:\d+ \[\]\n/,
      ) as unknown,
    });
    expect(others.map((o) => [o['status'], o['note']])).toEqual([
      ['succeeded', null],
      ['succeeded', null],
    ]);
  });

  it('keeps retainedBatches batches, and the details of the newest retainedBatchDetails', async () => {
    await startJob({ retainedBatches: 2, retainedBatchDetails: 1 });
    await ssc.advance(Seconds(4));
    expect(await getJson('/api/batches')).toEqual({
      status: 200,
      body: [summary(3, undefined), summary(4, 5)],
    });
    expect((await getJson('/api/batches/2000')).status).toBe(404);
    expect(await getJson('/api/batches/3000')).toEqual({
      status: 200,
      body: {
        ...summary(3, undefined),
        outputOperationDetails: null,
        states: null,
        note: 'Only the newest 1 batches keep their output operations, RDDs and states.',
      },
    });
    const newest = (await getJson('/api/batches/4000')).body as { note: unknown };
    expect(newest.note).toBeNull();
  });

  it('answers 404 for unknown paths and batches', async () => {
    await startJob();
    await ssc.advance(Seconds(1));
    for (const path of ['/api/batches/1500', '/api/batches/x', '/api/nothing', '/index.html']) {
      expect((await getJson(path)).status, path).toBe(404);
    }
  });
});
