/**
 * Step mode on a clock that runs by itself (`ssc.ui({ step: true })`): the batch timer waits,
 * each POST /api/step runs exactly one batch, pause and resume switch it. The clock here is a
 * ManualClock behind a plain Clock, so the context treats it as a running clock while the test
 * still decides when time moves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ManualClock,
  Seconds,
  StreamingContext,
  type Clock,
  type StreamingUI,
} from '../../../src/index.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A clock that is not a ManualClock (so it is treated as running by itself), moved by the test. */
class VirtualClock implements Clock {
  readonly inner = new ManualClock();
  now(): number {
    return this.inner.now();
  }
  schedule(time: number, callback: () => void): () => void {
    return this.inner.schedule(time, callback);
  }
}

async function post(ui: StreamingUI, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, ui.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  const text = await response.text();
  return { status: response.status, body: response.ok ? JSON.parse(text) : text };
}

describe('step mode on a running clock', () => {
  it('holds the batches; each step runs one; resume runs the rest; pause holds again', async () => {
    const clock = new VirtualClock();
    const ssc = new StreamingContext({ batchDuration: Seconds(1), clock });
    cleanups.push(() => ssc.stop());
    const completed: number[] = [];
    let onCompleted: () => void = () => undefined;
    ssc.addStreamingListener({
      onBatchCompleted: ({ batchInfo }) => {
        completed.push(batchInfo.batchTime.milliseconds);
        onCompleted();
      },
    });
    const batchesRun = (n: number): Promise<void> =>
      completed.length >= n
        ? Promise.resolve()
        : new Promise((resolve) => {
            onCompleted = () => {
              if (completed.length >= n) resolve();
            };
          });
    ssc.queueStream([[1], [2], [3], [4], [5]]).foreachRDD((rdd) => {
      rdd.count();
    });
    const ui = await ssc.ui({ port: 0, step: true });
    ssc.start();
    expect(((await (await fetch(`${ui.url}api/app`)).json()) as { step: unknown }).step).toEqual({
      clock: 'gated',
      paused: true,
    });

    await clock.inner.advance(Seconds(3));
    expect(completed).toEqual([]);
    expect(await post(ui, '/api/step')).toEqual({ status: 200, body: { batchTime: 1000 } });
    await batchesRun(1);
    // The timer's next tick is due already (the clock is at 3 s): it reaches the gate, held.
    await clock.inner.advance(0);
    expect(await post(ui, '/api/step')).toEqual({ status: 200, body: { batchTime: 2000 } });
    await batchesRun(2);
    await clock.inner.advance(0);
    expect(completed).toEqual([1000, 2000]);

    expect(await post(ui, '/api/resume')).toEqual({
      status: 200,
      body: { clock: 'gated', paused: false },
    });
    await batchesRun(3);
    expect(await post(ui, '/api/step')).toEqual({
      status: 409,
      body: 'Cannot step: batches are running; pause them first',
    });
    expect(await post(ui, '/api/pause')).toEqual({
      status: 200,
      body: { clock: 'gated', paused: true },
    });
    await clock.inner.advance(Seconds(2));
    expect(completed).toEqual([1000, 2000, 3000]);
  });
});
