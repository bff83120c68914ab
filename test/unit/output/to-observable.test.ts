/**
 * dstream.toObservable(): an output operation emitting `{ time, data }` per batch, hot, completing
 * when the context stops; it runs in output order and survives a failed batch.
 */
import { type Observable, Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BatchData,
  IllegalStateError,
  type Logger,
  ManualClock,
  Milliseconds,
  StreamingContext,
  Time,
} from '../../../src/index.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };
const contexts: StreamingContext[] = [];

function newContext(): { ssc: StreamingContext; clock: ManualClock } {
  const clock = new ManualClock();
  const ssc = new StreamingContext({ batchDuration: Milliseconds(1000), clock, logger: silent });
  contexts.push(ssc);
  return { ssc, clock };
}

/** What a subscriber saw: each batch as `[timeMs, data]`, then `'complete'` or `'error'`. */
function observe<T>(observable: Observable<BatchData<T>>): (string | [number, T[]])[] {
  const seen: (string | [number, T[]])[] = [];
  observable.subscribe({
    next: ({ time, data }) => seen.push([time.milliseconds, data]),
    error: () => seen.push('error'),
    complete: () => seen.push('complete'),
  });
  return seen;
}

afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop();
});

describe('toObservable', () => {
  it('emits each batch time and collected RDD, and completes when the context stops', async () => {
    const { ssc, clock } = newContext();
    const sc = ssc.sparkContext;
    const stream = ssc.queueStream([sc.parallelize([1, 2, 3], 2), [4]]);
    const batches: BatchData<number>[] = [];
    let completed = false;
    stream.toObservable().subscribe({
      next: (batch) => batches.push(batch),
      complete: () => (completed = true),
    });
    ssc.start();
    await clock.advance(3000);
    expect(batches).toEqual([
      { time: new Time(1000), data: [1, 2, 3] },
      { time: new Time(2000), data: [4] },
      { time: new Time(3000), data: [] },
    ]);
    expect(batches[0]?.time).toBeInstanceOf(Time);
    expect(completed).toBe(false);
    await ssc.stop();
    expect(completed).toBe(true);
  });

  it('has completed by the time awaitTermination() resolves', async () => {
    const { ssc, clock } = newContext();
    const seen = observe(ssc.queueStream([[1]]).toObservable());
    ssc.start();
    await clock.advance(1000);
    const terminated = ssc.awaitTermination().then(() => [...seen]);
    await ssc.stop();
    expect(await terminated).toEqual([[1000, [1]], 'complete']);
  });

  it('is an output operation: it alone lets the context start, and not after start()', async () => {
    const { ssc, clock } = newContext();
    const stream = ssc.queueStream([['a']]);
    const seen = observe(stream.toObservable());
    expect(() => {
      ssc.start();
    }).not.toThrow();
    expect(() => stream.toObservable()).toThrow(IllegalStateError);
    expect(() => stream.toObservable()).toThrow(
      'Adding new inputs, transformations, and output operations after starting a context is not supported',
    );
    await clock.advance(1000);
    expect(seen).toEqual([[1000, ['a']]]);
  });

  it('is hot: a late subscriber sees later batches only; one after stop() just completes', async () => {
    const { ssc, clock } = newContext();
    const observable = ssc.queueStream([[1], [2], [3]]).toObservable();
    const early = observe(observable);
    ssc.start();
    await clock.advance(1000);
    const late = observe(observable);
    await clock.advance(2000);
    await ssc.stop();
    const afterStop = observe(observable);
    expect(early).toEqual([[1000, [1]], [2000, [2]], [3000, [3]], 'complete']);
    expect(late).toEqual([[2000, [2]], [3000, [3]], 'complete']);
    expect(afterStop).toEqual(['complete']);
  });

  it('runs in registration order with the other outputs', async () => {
    const { ssc, clock } = newContext();
    const stream = ssc.queueStream([[1], [2]]);
    const log: string[] = [];
    stream.foreachRDD((rdd, time) => {
      log.push(`before ${time.milliseconds} ${rdd.collect().join()}`);
    });
    stream.toObservable().subscribe(({ time, data }) => {
      log.push(`observable ${time.milliseconds} ${data.join()}`);
    });
    stream.foreachRDD((rdd, time) => {
      log.push(`after ${time.milliseconds} ${rdd.collect().join()}`);
    });
    ssc.start();
    await clock.advance(2000);
    expect(log).toEqual([
      'before 1000 1',
      'observable 1000 1',
      'after 1000 1',
      'before 2000 2',
      'observable 2000 2',
      'after 2000 2',
    ]);
  });

  it('goes on after a failed batch, whose error reaches awaitTermination()', async () => {
    const { ssc, clock } = newContext();
    const boom = new Error('bad record');
    const stream = ssc.queueStream([[1], [2], [3]]).map((x) => {
      if (x === 2) throw boom;
      return x * 10;
    });
    const seen = observe(stream.toObservable());
    const termination = ssc.awaitTermination();
    ssc.start();
    await clock.advance(3000);
    await expect(termination).rejects.toBe(boom);
    expect(seen).toEqual([
      [1000, [10]],
      [3000, [30]],
    ]);
    await ssc.stop();
    expect(seen.at(-1)).toBe('complete');
  });

  it('completes when a context that never started is stopped', async () => {
    const { ssc } = newContext();
    const seen = observe(ssc.queueStream([[1]]).toObservable());
    await ssc.stop();
    expect(seen).toEqual(['complete']);
  });

  it('round-trips a Subject through fromObservable and a transformation', async () => {
    const { ssc, clock } = newContext();
    const input = new Subject<number>();
    const seen = observe(
      ssc
        .fromObservable(input)
        .map((x) => x * x)
        .toObservable(),
    );
    ssc.start();
    input.next(2);
    input.next(3);
    await clock.advance(1000);
    input.next(4);
    await clock.advance(1000);
    await ssc.stop();
    expect(seen).toEqual([[1000, [4, 9]], [2000, [16]], 'complete']);
    expect(input.observed).toBe(false);
  });
});
