/**
 * ssc.listenerEvents(): every StreamingListener callback as `{ kind, event }`, in delivery order;
 * each subscription is a listener removed on unsubscribe; completes when the context stops.
 */
import { filter, map, Subject, take } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Logger,
  ManualClock,
  Milliseconds,
  StreamingContext,
  type StreamingListenerEvent,
} from '../../../src/index.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };
const contexts: StreamingContext[] = [];

function newContext(): { ssc: StreamingContext; clock: ManualClock } {
  const clock = new ManualClock();
  const ssc = new StreamingContext({ batchDuration: Milliseconds(1000), clock, logger: silent });
  contexts.push(ssc);
  return { ssc, clock };
}

/** One line per event: its kind and the batch time or output id it is about. */
function describeEvent({ kind, event }: StreamingListenerEvent): string {
  if ('batchInfo' in event) return `${kind} ${event.batchInfo.batchTime.milliseconds}`;
  if ('outputOperationInfo' in event) {
    const info = event.outputOperationInfo;
    return `${kind} ${info.batchTime.milliseconds}.${info.id}`;
  }
  if ('receiverInfo' in event) return `${kind} ${event.receiverInfo.name}`;
  return kind;
}

afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop();
});

describe('listenerEvents', () => {
  it('emits every listener event in order and completes when the context stops', async () => {
    const { ssc, clock } = newContext();
    ssc.queueStream([[1], [2]]).foreachRDD(() => undefined);
    const seen: string[] = [];
    ssc.listenerEvents().subscribe({
      next: (e) => seen.push(describeEvent(e)),
      complete: () => seen.push('complete'),
    });
    ssc.start();
    await clock.advance(2000);
    await ssc.stop();
    expect(seen).toEqual([
      'onStreamingStarted',
      'onBatchSubmitted 1000',
      'onBatchStarted 1000',
      'onOutputOperationStarted 1000.0',
      'onOutputOperationCompleted 1000.0',
      'onBatchCompleted 1000',
      'onBatchSubmitted 2000',
      'onBatchStarted 2000',
      'onOutputOperationStarted 2000.0',
      'onOutputOperationCompleted 2000.0',
      'onBatchCompleted 2000',
      'complete',
    ]);
  });

  it('carries receiver events (a failed Observable source)', async () => {
    const { ssc, clock } = newContext();
    const source = new Subject<number>();
    ssc.fromObservable(source).foreachRDD(() => undefined);
    ssc.awaitTermination().catch(() => undefined);
    const seen: string[] = [];
    ssc
      .listenerEvents()
      .pipe(filter((e) => e.kind.startsWith('onReceiver')))
      .subscribe((e) => seen.push(describeEvent(e)));
    ssc.start();
    source.error(new Error('gone'));
    await clock.advance(0);
    expect(seen).toEqual(['onReceiverError Observable stream [0]']);
  });

  it('works with operators, and unsubscribing removes only that listener', async () => {
    const { ssc, clock } = newContext();
    ssc.queueStream([[1], [2], [3]]).foreachRDD(() => undefined);
    const first: number[] = [];
    const all: number[] = [];
    const completed = ssc.listenerEvents().pipe(
      filter((e) => e.kind === 'onBatchCompleted'),
      map((e) => ('batchInfo' in e.event ? e.event.batchInfo.batchTime.milliseconds : -1)),
    );
    const subscription = completed.pipe(take(1)).subscribe((t) => first.push(t));
    completed.subscribe((t) => all.push(t));
    ssc.start();
    await clock.advance(3000);
    expect(first).toEqual([1000]);
    expect(subscription.closed).toBe(true);
    expect(all).toEqual([1000, 2000, 3000]);
  });

  it('stops delivering to a subscription once it unsubscribes', async () => {
    const { ssc, clock } = newContext();
    ssc.queueStream([[1], [2]]).foreachRDD(() => undefined);
    const seen: string[] = [];
    const subscription = ssc.listenerEvents().subscribe((e) => seen.push(describeEvent(e)));
    ssc.start();
    await clock.advance(1000);
    subscription.unsubscribe();
    await clock.advance(1000);
    expect(seen.at(-1)).toBe('onBatchCompleted 1000');
    expect(seen).toHaveLength(6);
  });

  it('completes at once when subscribed after the context stopped', async () => {
    const { ssc } = newContext();
    ssc.queueStream([[1]]).foreachRDD(() => undefined);
    await ssc.stop();
    const seen: string[] = [];
    ssc.listenerEvents().subscribe({
      next: (e) => seen.push(describeEvent(e)),
      complete: () => seen.push('complete'),
    });
    expect(seen).toEqual(['complete']);
  });
});
