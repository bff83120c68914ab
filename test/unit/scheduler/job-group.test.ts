/**
 * `sc.setJobGroup` / `sc.setJobDescription` and streaming output operations, as Spark's
 * JobScheduler runs them: each output job starts from the SparkContext's local properties saved
 * when the context started (a group set before `start()` applies to every job); what a job sets
 * lasts until it ends, and the driver's own properties come back afterwards. The group and
 * description each operation ended with are on its OutputOperationInfo and in the live view.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ManualClock,
  type OutputOperationInfo,
  Seconds,
  StreamingContext,
} from '../../../src/index.js';

let ssc: StreamingContext | undefined;

afterEach(async () => {
  await ssc?.stop();
  ssc = undefined;
});

function context(): StreamingContext {
  ssc = new StreamingContext({ batchDuration: Seconds(1), clock: new ManualClock() });
  return ssc;
}

describe('job group and description of output operations', () => {
  it('a group set before start() applies to every job; a job may change its own', async () => {
    const c = context();
    const sc = c.sparkContext;
    const completed: OutputOperationInfo[] = [];
    c.addStreamingListener({
      onOutputOperationCompleted: ({ outputOperationInfo }) => completed.push(outputOperationInfo),
    });
    const seenInJobs: (string | undefined)[] = [];
    const stream = c.queueStream([[1], [2]]);
    stream.foreachRDD((rdd, time) => {
      seenInJobs.push(sc.getLocalProperty('spark.job.description'));
      sc.setJobDescription(`totals of ${time.milliseconds}`);
      rdd.count();
    });
    stream.foreachRDD(() => {
      seenInJobs.push(sc.getLocalProperty('spark.job.description'));
    });
    sc.setJobGroup('reports', 'hourly reports');
    c.start();
    sc.setJobGroup('driver', 'set after start'); // the driver's own: not the jobs'
    await c.advance(Seconds(2));
    await c.stop();
    expect(seenInJobs).toEqual([
      'hourly reports',
      'hourly reports',
      'hourly reports',
      'hourly reports',
    ]);
    expect(
      completed.map((info) => [
        info.batchTime.milliseconds,
        info.id,
        info.jobGroup,
        info.jobDescription,
      ]),
    ).toEqual([
      [1000, 0, 'reports', 'totals of 1000'],
      [1000, 1, 'reports', 'hourly reports'],
      [2000, 0, 'reports', 'totals of 2000'],
      [2000, 1, 'reports', 'hourly reports'],
    ]);
    // The driver's properties are back after the jobs.
    expect(sc.getLocalProperty('spark.jobGroup.id')).toBe('driver');
  });

  it('without a group, the info has none; an async job keeps its properties until it ends', async () => {
    const c = context();
    const sc = c.sparkContext;
    const completed: OutputOperationInfo[] = [];
    c.addStreamingListener({
      onOutputOperationCompleted: ({ outputOperationInfo }) => completed.push(outputOperationInfo),
    });
    c.queueStream([[1]]).foreachRDD(async () => {
      sc.setJobGroup('async', 'written after an await');
      await Promise.resolve();
      sc.setJobDescription('after the await');
    });
    c.queueStream([[1]]).foreachRDD(() => undefined);
    c.start();
    await c.advance(Seconds(1));
    await c.stop();
    expect(completed.map((info) => [info.jobGroup, info.jobDescription])).toEqual([
      ['async', 'after the await'],
      [undefined, undefined],
    ]);
    expect(sc.getLocalProperty('spark.jobGroup.id')).toBeUndefined();
  });

  it('the live view shows them with the output operations of a batch', async () => {
    const c = context();
    c.sparkContext.setJobGroup('reports', 'hourly reports');
    c.queueStream([[1]]).foreachRDD(() => undefined);
    const ui = await c.ui({ port: 0 });
    c.start();
    await c.advance(Seconds(1));
    const response = await fetch(new URL('/api/batches/1000', ui.url));
    const body = (await response.json()) as {
      outputOperationDetails: { jobGroup: string | null; jobDescription: string | null }[];
    };
    expect(body.outputOperationDetails.map((o) => [o.jobGroup, o.jobDescription])).toEqual([
      ['reports', 'hourly reports'],
    ]);
    // The page's script that renders a batch's output operations shows them.
    const details = await (await fetch(new URL('/details.js', ui.url))).text();
    expect(details).toContain('job-group');
  });
});
