/**
 * The BlockGenerator's flow control (issue 12, observation 4): with a rate limit, items share one
 * promise per block's worth, resolved when that block is stored (not when the whole backlog is);
 * at most `blockQueueSize` blocks are on their way to storage, and while that many are, no block
 * is cut and the items of each interval wait as a group of their own. Storage is a function the
 * test settles by hand, so every step is exact.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/index.js';
import { BlockGenerator } from '../../../src/input/receiver/block-generator.js';

/** A store whose blocks complete only when the test says so. */
function manualStore(): {
  blocks: number[][];
  complete(): void;
  push(items: readonly number[]): Promise<void>;
} {
  const blocks: number[][] = [];
  const waiting: (() => void)[] = [];
  return {
    blocks,
    complete: () => {
      for (const resolve of waiting.splice(0)) resolve();
    },
    push: (items) => {
      blocks.push([...items]);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** Whether each promise has settled, after letting pending callbacks run. */
async function settled(promises: readonly Promise<void>[]): Promise<boolean[]> {
  const states = promises.map(() => false);
  promises.forEach((promise, i) => void promise.then(() => (states[i] = true)));
  await new Promise((resolve) => setImmediate(resolve));
  return states;
}

describe('BlockGenerator flow control', () => {
  it('with a rate limit, each block’s worth of items shares a promise resolved when it is stored', async () => {
    const clock = new ManualClock();
    const blocks: number[][] = [];
    // 10 records per second, 200 ms blocks: 2 items per block.
    const generator = new BlockGenerator<number>(
      clock,
      { intervalMs: 200, maxRate: 10, blockQueueSize: 10 },
      (items) => {
        blocks.push([...items]);
        return Promise.resolve();
      },
    );
    generator.start();
    const promises = [1, 2, 3, 4, 5].map((n) => generator.add(n));
    expect(new Set(promises).size).toBe(3);
    expect(promises[0]).toBe(promises[1]);
    expect(promises[2]).toBe(promises[3]);
    await clock.advance(200);
    expect(await settled(promises)).toEqual([true, true, false, false, false]);
    await clock.advance(200);
    expect(await settled(promises)).toEqual([true, true, true, true, false]);
    await clock.advance(200);
    expect(await settled(promises)).toEqual([true, true, true, true, true]);
    expect(blocks).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('cuts no block while blockQueueSize blocks are being stored; each interval’s items wait as a group', async () => {
    const clock = new ManualClock();
    const store = manualStore();
    const generator = new BlockGenerator<number>(
      clock,
      { intervalMs: 100, maxRate: Infinity, blockQueueSize: 2 },
      (items) => store.push(items),
    );
    generator.start();
    const first = generator.add(1);
    await clock.advance(100); // block [1], being stored
    const second = generator.add(2);
    await clock.advance(100); // block [2], being stored: the queue is full
    const third = generator.add(3);
    await clock.advance(100); // no block: 3 waits
    const fourth = generator.add(4);
    await clock.advance(100); // no block: 4 waits, in a group of its own
    expect(store.blocks).toEqual([[1], [2]]);
    expect(third).not.toBe(fourth);
    expect(await settled([first, second, third, fourth])).toEqual([false, false, false, false]);
    store.complete();
    expect(await settled([first, second, third, fourth])).toEqual([true, true, false, false]);
    await clock.advance(100); // the queue has room: one block with everything that waited
    expect(store.blocks).toEqual([[1], [2], [3, 4]]);
    store.complete();
    expect(await settled([third, fourth])).toEqual([true, true]);
  });

  it('stop() stores what waits as a last block, whatever the queue holds', async () => {
    const clock = new ManualClock();
    const store = manualStore();
    const generator = new BlockGenerator<number>(
      clock,
      { intervalMs: 100, maxRate: Infinity, blockQueueSize: 1 },
      (items) => store.push(items),
    );
    generator.start();
    void generator.add(1);
    await clock.advance(100);
    const waiting = generator.add(2);
    const stopping = generator.stop();
    expect(store.blocks).toEqual([[1], [2]]);
    store.complete();
    await stopping;
    await expect(waiting).resolves.toBeUndefined();
  });
});
