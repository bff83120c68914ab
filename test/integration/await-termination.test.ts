/**
 * The real-time half of Spark's StreamingContextSuite "awaitTermination" /
 * "awaitTerminationOrTimeout" cases: timeouts are wall-clock milliseconds, so these tests wait
 * for real (a few milliseconds each). Everything else about the lifecycle is tested in virtual
 * time in test/conformance/streaming-context.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Clock,
  type Logger,
  ManualClock,
  Milliseconds,
  StreamingContext,
  SystemClock,
} from '../../src/index.js';

const silent: Logger = {
  warn: () => undefined,
  error: () => undefined,
};

const contexts: StreamingContext[] = [];

function newContext(batchMs = 500, clock: Clock = new ManualClock()): StreamingContext {
  const ssc = new StreamingContext({ batchDuration: Milliseconds(batchMs), clock, logger: silent });
  contexts.push(ssc);
  return ssc;
}

afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop();
});

describe('StreamingContextSuite (real time)', () => {
  it('StreamingContextSuite › awaitTerminationOrTimeout', async () => {
    const ssc = newContext();
    ssc.queueStream([[1], [2]]).foreachRDD(() => undefined);
    ssc.start();
    // Returns false once the timeout elapsed while the context still runs.
    await expect(ssc.awaitTerminationOrTimeout(10)).resolves.toBe(false);
    expect(ssc.getState()).toBe('ACTIVE');
    // Returns true as soon as the context is stopped.
    const waiting = ssc.awaitTerminationOrTimeout(60_000);
    await ssc.stop();
    await expect(waiting).resolves.toBe(true);
    await expect(ssc.awaitTerminationOrTimeout(60_000)).resolves.toBe(true);
  });

  it('StreamingContextSuite › awaitTermination does not return for a context stopped before it started', async () => {
    // Spark: stopping an INITIALIZED context does not notify waiters.
    const ssc = newContext();
    ssc.queueStream([[1]]).foreachRDD(() => undefined);
    await ssc.stop();
    expect(ssc.getState()).toBe('STOPPED');
    await expect(ssc.awaitTerminationOrTimeout(10)).resolves.toBe(false);
  });

  it('StreamingContextSuite › awaitTerminationOrTimeout rejects with the reported error', async () => {
    const ssc = newContext(1000);
    const error = new Error('job failed');
    ssc.queueStream([[1]]).foreachRDD(() => {
      throw error;
    });
    const waiting = ssc.awaitTerminationOrTimeout(60_000);
    const rejected = expect(waiting).rejects.toBe(error);
    ssc.start();
    await ssc.advance(1000);
    await rejected;
  });

  it('StreamingContextSuite › batches run on the SystemClock at every interval, none skipped', async () => {
    const ssc = newContext(20, new SystemClock());
    const times: number[] = [];
    ssc.queueStream<number>([]).foreachRDD((_rdd, time) => {
      times.push(time.milliseconds);
    });
    const before = Date.now();
    ssc.start();
    const after = Date.now();
    await expect(ssc.awaitTerminationOrTimeout(200)).resolves.toBe(false);
    await ssc.stop();
    expect(times.length).toBeGreaterThan(0);
    // The first batch is the next multiple of the interval after start().
    const first = times[0] ?? 0;
    expect(first % 20).toBe(0);
    expect(first).toBeGreaterThan(before);
    expect(first).toBeLessThanOrEqual(after + 20);
    times.forEach((time, i) => {
      expect(time).toBe(first + i * 20);
    });
  });
});
