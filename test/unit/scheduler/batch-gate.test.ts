/**
 * The step mode's pause switch on the batch timer, over a ManualClock: paused, a due tick is held
 * until a step lets exactly it through; a step before the tick waits for it; resume lets the held
 * tick and every later one through; cancelling drops a held tick.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/index.js';
import { BatchGate } from '../../../src/scheduler/clock/batch-gate.js';
import { RecurringTimer } from '../../../src/scheduler/clock/recurring-timer.js';

function gatedTimer(gate: BatchGate): {
  clock: ManualClock;
  ticks: number[];
  timer: RecurringTimer;
} {
  const clock = new ManualClock();
  const ticks: number[] = [];
  const timer = new RecurringTimer(gate.wrap(clock), 1000, (time) => ticks.push(time));
  timer.start(1000);
  return { clock, ticks, timer };
}

describe('BatchGate', () => {
  it('lets every tick through while not paused', async () => {
    const { clock, ticks } = gatedTimer(new BatchGate());
    await clock.advance(3000);
    expect(ticks).toEqual([1000, 2000, 3000]);
  });

  it('holds the due tick while paused; each step lets exactly one through, in order', async () => {
    const gate = new BatchGate(true);
    const { clock, ticks } = gatedTimer(gate);
    await clock.advance(5000);
    expect(ticks).toEqual([]);
    expect(gate.heldTime).toBe(1000);
    expect(await gate.step()).toBe(1000);
    // The timer armed the next tick, already due on the clock: it is held in turn.
    await clock.advance(0);
    expect(ticks).toEqual([1000]);
    expect(await gate.step()).toBe(2000);
    await clock.advance(0);
    expect(ticks).toEqual([1000, 2000]);
    expect(gate.heldTime).toBe(3000);
  });

  it('a step before the tick is due waits for it', async () => {
    const gate = new BatchGate(true);
    const { clock, ticks } = gatedTimer(gate);
    const stepped = gate.step();
    await clock.advance(500);
    expect(ticks).toEqual([]);
    await clock.advance(500);
    expect(await stepped).toBe(1000);
    await clock.advance(1000);
    expect(ticks).toEqual([1000]);
  });

  it('resume lets the held tick and the later ones through; pause holds again', async () => {
    const gate = new BatchGate(true);
    const { clock, ticks } = gatedTimer(gate);
    await clock.advance(2000);
    gate.resume();
    await clock.advance(0);
    expect(ticks).toEqual([1000, 2000]);
    await clock.advance(1000);
    expect(ticks).toEqual([1000, 2000, 3000]);
    gate.pause();
    await clock.advance(1000);
    expect(ticks).toEqual([1000, 2000, 3000]);
    expect(gate.heldTime).toBe(4000);
  });

  it('stopping the timer drops the held tick', async () => {
    const gate = new BatchGate(true);
    const { clock, ticks, timer } = gatedTimer(gate);
    await clock.advance(1000);
    expect(timer.stop()).toBe(0);
    expect(gate.heldTime).toBeUndefined();
    gate.resume();
    await clock.advance(2000);
    expect(ticks).toEqual([]);
  });
});
