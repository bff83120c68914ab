/**
 * ssc.fromObservable: a value lands in the batch after its arrival on the context clock (batch t
 * takes [t − B, t)), the subscription lives from start() to stop(), completion ends the data, an
 * error rejects awaitTermination() and reaches the listeners. Virtual time throughout: the test
 * drives a Subject and the ManualClock.
 */
import { Observable, of, Subject, type Subscribable } from 'rxjs';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  type DStream,
  type Logger,
  ManualClock,
  Milliseconds,
  type ReceiverInfo,
  StreamingContext,
} from '../../../src/index.js';

const contexts: StreamingContext[] = [];

function newContext(startTime = 0): {
  ssc: StreamingContext;
  clock: ManualClock;
  errors: string[];
} {
  const clock = new ManualClock(startTime);
  const errors: string[] = [];
  const logger: Logger = {
    warn: () => undefined,
    error: (_fields, message) => errors.push(message),
  };
  const ssc = new StreamingContext({ batchDuration: Milliseconds(1000), clock, logger });
  contexts.push(ssc);
  return { ssc, clock, errors };
}

/** Record each batch as `[timeMs, elements, partitions]`. */
function record<T>(stream: DStream<T>): [number, T[], number][] {
  const batches: [number, T[], number][] = [];
  stream.foreachRDD((rdd, time) => {
    batches.push([time.milliseconds, rdd.collect(), rdd.getNumPartitions()]);
  });
  return batches;
}

afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop();
});

describe('fromObservable', () => {
  it('puts each value in the batch after its arrival: batch t takes [t − B, t)', async () => {
    const { ssc, clock } = newContext();
    const source = new Subject<string>();
    const batches = record(ssc.fromObservable(source));
    ssc.start();
    source.next('a'); // at 0
    source.next('b');
    await clock.advance(500);
    source.next('c'); // at 500
    await clock.advance(500); // batch 1000 runs
    source.next('d'); // at exactly 1000: batch 1000 is generated, so batch 2000
    await clock.advance(999);
    source.next('e'); // at 1999
    await clock.advance(1); // batch 2000
    await clock.advance(1000); // batch 3000: nothing arrived
    expect(batches).toEqual([
      [1000, ['a', 'b', 'c'], 1],
      [2000, ['d', 'e'], 1],
      [3000, [], 1],
    ]);
  });

  it('uses the batch grid from the zero time when the clock does not start at 0', async () => {
    const { ssc, clock } = newContext(2500); // first batch at 3000, zero time 2000
    const source = new Subject<number>();
    const batches = record(ssc.fromObservable(source));
    ssc.start();
    source.next(1); // at 2500
    await clock.advance(500);
    source.next(2); // at 3000
    await clock.advance(1000);
    expect(batches).toEqual([
      [3000, [1], 1],
      [4000, [2], 1],
    ]);
  });

  it('reports each batch record count to the listeners', async () => {
    const { ssc, clock } = newContext();
    const source = new Subject<number>();
    const stream = ssc.fromObservable(source);
    record(stream);
    const counts: [number, number | undefined][] = [];
    ssc.addStreamingListener({
      onBatchCompleted: ({ batchInfo }) => {
        counts.push([
          batchInfo.batchTime.milliseconds,
          batchInfo.streamIdToInputInfo.get(0)?.numRecords,
        ]);
      },
    });
    ssc.start();
    source.next(1);
    source.next(2);
    await clock.advance(1000);
    await clock.advance(1000);
    expect(counts).toEqual([
      [1000, 2],
      [2000, 0],
    ]);
  });

  it('subscribes at start() and unsubscribes at stop()', async () => {
    const { ssc, clock } = newContext();
    const log: string[] = [];
    const source = new Observable<number>((subscriber) => {
      log.push('subscribe');
      subscriber.next(7);
      return () => log.push('unsubscribe');
    });
    const batches = record(ssc.fromObservable(source));
    expect(log).toEqual([]);
    ssc.start();
    expect(log).toEqual(['subscribe']);
    await clock.advance(1000);
    await ssc.stop();
    expect(log).toEqual(['subscribe', 'unsubscribe']);
    expect(batches).toEqual([[1000, [7], 1]]);
  });

  it('leaves a Subject unobserved after stop(), and ignores values sent before start()', async () => {
    const { ssc, clock } = newContext();
    const source = new Subject<string>();
    const batches = record(ssc.fromObservable(source));
    source.next('too early');
    expect(source.observed).toBe(false);
    ssc.start();
    expect(source.observed).toBe(true);
    source.next('x');
    await clock.advance(1000);
    await ssc.stop();
    expect(source.observed).toBe(false);
    expect(batches).toEqual([[1000, ['x'], 1]]);
  });

  it('takes the values a source emits synchronously on subscription', async () => {
    const { ssc, clock } = newContext();
    const batches = record(ssc.fromObservable(of(1, 2, 3)));
    ssc.start();
    await clock.advance(2000);
    expect(batches).toEqual([
      [1000, [1, 2, 3], 1],
      [2000, [], 1],
    ]);
  });

  it('keeps running with empty batches after the source completes', async () => {
    const { ssc, clock, errors } = newContext();
    const source = new Subject<number>();
    const batches = record(ssc.fromObservable(source));
    let failure: unknown;
    ssc.awaitTermination().catch((error: unknown) => {
      failure = error;
    });
    ssc.start();
    source.next(1);
    source.complete();
    await clock.advance(2000);
    await ssc.stop();
    expect(batches).toEqual([
      [1000, [1], 1],
      [2000, [], 1],
    ]);
    expect(failure).toBeUndefined();
    expect(errors).toEqual([]);
    await expect(ssc.awaitTermination()).resolves.toBeUndefined();
  });

  it('reports an error to awaitTermination() and to the listeners; later batches still run', async () => {
    const { ssc, clock, errors } = newContext();
    const source = new Subject<number>();
    const batches = record(ssc.fromObservable(source));
    const receiverErrors: ReceiverInfo[] = [];
    ssc.addStreamingListener({
      onReceiverError: ({ receiverInfo }) => receiverErrors.push(receiverInfo),
    });
    const termination = ssc.awaitTermination();
    ssc.start();
    await clock.advance(1000);
    source.next(1);
    source.next(2);
    const boom = new Error('boom');
    source.error(boom);
    await expect(termination).rejects.toBe(boom);
    await clock.advance(2000);
    expect(batches).toEqual([
      [1000, [], 1],
      [2000, [1, 2], 1],
      [3000, [], 1],
    ]);
    expect(errors).toEqual(['Observable stream [0] failed']);
    expect(receiverErrors).toHaveLength(1);
    expect(receiverErrors[0]).toMatchObject({
      streamId: 0,
      name: 'Observable stream [0]',
      active: false,
      lastErrorMessage: 'boom',
    });
    expect(receiverErrors[0]?.lastError).toContain('Error: boom');
    expect(ssc.getState()).toBe('ACTIVE');
    // The error sticks, as a failed batch's does.
    await expect(ssc.awaitTermination()).rejects.toBe(boom);
  });

  it('rejects awaitTermination() with a non-Error value as it was thrown', async () => {
    const { ssc } = newContext();
    const source = new Subject<number>();
    record(ssc.fromObservable(source));
    ssc.start();
    source.error('no more');
    await expect(ssc.awaitTermination()).rejects.toBe('no more');
  });

  it('is subscribed even when no output uses it (every input starts), and drops its values', async () => {
    const { ssc, clock } = newContext();
    const unused = new Subject<number>();
    ssc.fromObservable(unused);
    const used = new Subject<number>();
    const batches = record(ssc.fromObservable(used));
    ssc.start();
    expect(unused.observed).toBe(true);
    unused.next(1);
    used.next(2);
    await clock.advance(1000);
    await ssc.stop();
    expect(unused.observed).toBe(false);
    expect(batches).toEqual([[1000, [2], 1]]);
  });

  it('infers the element type from an Observable and accepts any Subscribable', async () => {
    const { ssc, clock } = newContext();
    expectTypeOf(ssc.fromObservable(new Subject<number>())).toEqualTypeOf<DStream<number>>();
    let observer: Partial<{ next(value: string): void }> = {};
    let unsubscribed = false;
    const source: Subscribable<string> = {
      subscribe: (o) => {
        observer = o;
        return {
          unsubscribe: () => {
            unsubscribed = true;
          },
        };
      },
    };
    const batches = record(ssc.fromObservable(source));
    ssc.start();
    observer.next?.('plain');
    await clock.advance(1000);
    await ssc.stop();
    expect(batches).toEqual([[1000, ['plain'], 1]]);
    expect(unsubscribed).toBe(true);
  });

  it('feeds transformations like any input', async () => {
    const { ssc, clock } = newContext();
    const source = new Subject<string>();
    const counts = record(
      ssc
        .fromObservable(source)
        .mapToPair((word) => [word, 1])
        .reduceByKey((a, b) => a + b, 1),
    );
    ssc.start();
    for (const word of ['to', 'be', 'or', 'not', 'to', 'be']) source.next(word);
    await clock.advance(1000);
    expect(counts).toEqual([
      [
        1000,
        [
          ['to', 2],
          ['be', 2],
          ['or', 1],
          ['not', 1],
        ],
        1,
      ],
    ]);
  });
});
