/**
 * Batch times and job ordering (spec §3.1, §4.2): zeroTime and the batch grid, async outputs
 * that the batch waits for, one job at a time in registration order, and generation (transform
 * functions, queue dequeues) before any job of the batch runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Clock,
  type Logger,
  ManualClock,
  Milliseconds,
  StreamingContext,
} from '../../../src/index.js';
import { DStream } from '../../../src/dstream/dstream.js';
import { TestInputDStream } from '../../../src/testing/test-input-dstream.js';
import { BurstClock } from '../../support/burst-clock.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };
const contexts: StreamingContext[] = [];

function newContext(batchMs: number, clock: Clock = new ManualClock()): StreamingContext {
  const ssc = new StreamingContext({ batchDuration: Milliseconds(batchMs), clock, logger: silent });
  contexts.push(ssc);
  return ssc;
}

/** Resolve after `n` turns of the event loop (no timers involved). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop();
});

describe('batch times', () => {
  it('with a ManualClock at 0 and a 1000 ms batch, batches run at 1000, 2000, ...', async () => {
    const clock = new ManualClock();
    const ssc = newContext(1000, clock);
    const times: number[] = [];
    ssc.queueStream<number>([]).foreachRDD((_rdd, time) => {
      times.push(time.milliseconds);
    });
    ssc.start();
    await clock.advance(999);
    expect(times).toEqual([]);
    await clock.advance(1);
    expect(times).toEqual([1000]);
    // A long advance runs every batch on the way, in order, none skipped or merged.
    await clock.advance(4500);
    expect(times).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(clock.now()).toBe(5500);
  });

  it('a 500 ms batch runs at 500, 1000, 1500', async () => {
    const clock = new ManualClock();
    const ssc = newContext(500, clock);
    const times: number[] = [];
    ssc.queueStream<number>([]).foreachRDD((_rdd, time) => {
      times.push(time.milliseconds);
    });
    ssc.start();
    await clock.advance(1500);
    expect(times).toEqual([500, 1000, 1500]);
  });

  it('a ManualClock at 2500 with a 1000 ms batch: first batch at 3000, zeroTime 2000', async () => {
    const clock = new ManualClock(2500);
    const ssc = newContext(1000, clock);
    const seen: [number, string[]][] = [];
    // The test input numbers its batches from zeroTime: batch k at zeroTime + k * 1000.
    new DStream(new TestInputDStream(ssc, [['first'], ['second'], ['third']], 1)).foreachRDD(
      (rdd, time) => {
        seen.push([time.milliseconds, rdd.collect()]);
      },
    );
    ssc.start();
    expect(ssc.graph.zeroTime?.milliseconds).toBe(2000);
    await clock.advance(499);
    expect(seen).toEqual([]);
    await clock.advance(1);
    expect(seen).toEqual([[3000, ['first']]]);
    await clock.advance(2000);
    expect(seen).toEqual([
      [3000, ['first']],
      [4000, ['second']],
      [5000, ['third']],
    ]);
  });

  it('a clock exactly on the grid starts one full interval later', async () => {
    const clock = new ManualClock(1000);
    const ssc = newContext(1000, clock);
    const times: number[] = [];
    ssc.queueStream<number>([]).foreachRDD((_rdd, time) => {
      times.push(time.milliseconds);
    });
    ssc.start();
    expect(ssc.graph.zeroTime?.milliseconds).toBe(1000);
    await clock.advance(1000);
    expect(times).toEqual([2000]);
  });
});

describe('jobs', () => {
  it('an async foreachRDD: the batch waits for it, and advance resolves after it finished', async () => {
    const clock = new ManualClock();
    const ssc = newContext(1000, clock);
    const log: string[] = [];
    ssc.queueStream([[1, 2]]).foreachRDD(async (rdd, time) => {
      log.push(`start ${time}`);
      await turns(3);
      log.push(`end ${time}: ${rdd.collect().join(',')}`);
    });
    ssc.start();
    await clock.advance(1000);
    expect(log).toEqual(['start 1000 ms', 'end 1000 ms: 1,2']);
    await clock.advance(1000);
    expect(log).toEqual(['start 1000 ms', 'end 1000 ms: 1,2', 'start 2000 ms', 'end 2000 ms: ']);
  });

  it('outputs run in registration order, one job at a time, batch after batch', async () => {
    const clock = new ManualClock();
    const ssc = newContext(1000, clock);
    const log: string[] = [];
    const input = ssc.queueStream([['x'], ['y']]);
    const job =
      (name: string, delay: number) => async (_rdd: unknown, time: { milliseconds: number }) => {
        log.push(`${name} start ${time.milliseconds}`);
        await turns(delay);
        log.push(`${name} end ${time.milliseconds}`);
      };
    // A slow first output cannot be overtaken by the fast ones registered after it.
    input.foreachRDD(job('A', 5));
    input.map((s) => s.toUpperCase()).foreachRDD(job('B', 1));
    input.foreachRDD(job('C', 0));
    ssc.start();
    await clock.advance(2000);
    expect(log).toEqual([
      'A start 1000',
      'A end 1000',
      'B start 1000',
      'B end 1000',
      'C start 1000',
      'C end 1000',
      'A start 2000',
      'A end 2000',
      'B start 2000',
      'B end 2000',
      'C start 2000',
      'C end 2000',
    ]);
  });

  it('batches that fall behind queue up and run in order, none skipped or merged', async () => {
    const clock = new BurstClock();
    const ssc = newContext(100, clock);
    const log: string[] = [];
    ssc.queueStream([[1], [2], [3], [4]]).foreachRDD(async (rdd, time) => {
      log.push(`start ${time.milliseconds}`);
      await turns(2);
      log.push(`end ${time.milliseconds}: ${rdd.collect().join(',')}`);
    });
    ssc.start();
    clock.fireUntil(400); // four ticks at once, no waiting in between
    await ssc.stop({ stopGracefully: true }); // finishes every generated batch
    expect(log).toEqual([
      'start 100',
      'end 100: 1',
      'start 200',
      'end 200: 2',
      'start 300',
      'end 300: 3',
      'start 400',
      'end 400: 4',
    ]);
  });

  it('transformation functions run at generation time, before any job of the batch', async () => {
    const clock = new ManualClock();
    const ssc = newContext(1000, clock);
    const log: string[] = [];
    const input = ssc.queueStream([[1, 2], [3]]);
    const first = input.transform((rdd, time) => {
      log.push(`transform 1 at ${time.milliseconds}`);
      return rdd.map((x) => {
        log.push(`map 1 of ${x}`); // runs inside the job, lazily
        return x * 10;
      });
    });
    const second = input.transform((rdd, time) => {
      log.push(`transform 2 at ${time.milliseconds}`);
      return rdd;
    });
    first.foreachRDD((rdd, time) => {
      log.push(`job 1 at ${time.milliseconds}: ${rdd.collect().join(',')}`);
    });
    second.foreachRDD((rdd, time) => {
      log.push(`job 2 at ${time.milliseconds}: ${rdd.collect().join(',')}`);
    });
    ssc.start();
    await clock.advance(2000);
    expect(log).toEqual([
      'transform 1 at 1000',
      'transform 2 at 1000',
      'map 1 of 1',
      'map 1 of 2',
      'job 1 at 1000: 10,20',
      'job 2 at 1000: 1,2',
      'transform 1 at 2000',
      'transform 2 at 2000',
      'map 1 of 3',
      'job 1 at 2000: 30',
      'job 2 at 2000: 3',
    ]);
  });

  it('the queue is read at generation time: a push made by a job is seen by the next batch', async () => {
    const clock = new ManualClock();
    const ssc = newContext(1000, clock);
    const queue: number[][] = [[1]];
    const seen: number[][] = [];
    ssc.queueStream(queue).foreachRDD((rdd, time) => {
      seen.push(rdd.collect());
      queue.push([time.milliseconds]);
    });
    ssc.start();
    await clock.advance(3000);
    expect(seen).toEqual([[1], [1000], [2000]]);
  });
});
