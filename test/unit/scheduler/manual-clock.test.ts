/** ManualClock: virtual time that moves only when told and waits for the work it started. */
import { describe, expect, it } from 'vitest';
import {
  IllegalArgumentError,
  IllegalStateError,
  ManualClock,
  Milliseconds,
  Seconds,
  StreamingContext,
  SystemClock,
} from '../../../src/index.js';
import { ManualClock as KitManualClock } from '../../../src/testing/index.js';

/** Resolve after `n` turns of the event loop (no timers involved). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('ManualClock', () => {
  it('is the same class in the API and in the test kit', () => {
    expect(KitManualClock).toBe(ManualClock);
  });

  it('starts at 0, or at the given time, and stays there until advanced', async () => {
    expect(new ManualClock().now()).toBe(0);
    const clock = new ManualClock(2500);
    expect(clock.now()).toBe(2500);
    await turns(2);
    expect(clock.now()).toBe(2500);
  });

  it('advances by milliseconds or by a Duration', async () => {
    const clock = new ManualClock();
    await clock.advance(250);
    expect(clock.now()).toBe(250);
    await clock.advance(Seconds(2));
    expect(clock.now()).toBe(2250);
    await clock.advance(Milliseconds(0));
    expect(clock.now()).toBe(2250);
  });

  it('refuses to advance by a negative time', async () => {
    const clock = new ManualClock(100);
    await expect(clock.advance(-1)).rejects.toThrow(
      new IllegalArgumentError('Cannot advance a ManualClock by a negative time (-1 ms)'),
    );
    expect(clock.now()).toBe(100);
  });

  it('setTime moves forward, never backwards', async () => {
    const clock = new ManualClock();
    await clock.setTime(1000);
    expect(clock.now()).toBe(1000);
    await clock.setTime(400);
    expect(clock.now()).toBe(1000);
  });

  it('fires due timers in time order, ties in scheduling order, with now() at the timer time', async () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    const record = (name: string) => () => {
      fired.push(`${name}@${clock.now()}`);
    };
    clock.schedule(300, record('c'));
    clock.schedule(100, record('a'));
    clock.schedule(200, record('b1'));
    clock.schedule(200, record('b2'));
    clock.schedule(301, record('late'));
    await clock.advance(300);
    expect(fired).toEqual(['a@100', 'b1@200', 'b2@200', 'c@300']);
    expect(clock.now()).toBe(300);
    await clock.advance(1);
    expect(fired).toEqual(['a@100', 'b1@200', 'b2@200', 'c@300', 'late@301']);
  });

  it('does not fire a timer before its time, and fires a past-due timer on the next advance', async () => {
    const clock = new ManualClock(500);
    const fired: number[] = [];
    clock.schedule(400, () => fired.push(clock.now()));
    clock.schedule(600, () => fired.push(clock.now()));
    expect(fired).toEqual([]);
    await clock.advance(0);
    expect(fired).toEqual([500]);
    await clock.advance(99);
    expect(fired).toEqual([500]);
    await clock.advance(1);
    expect(fired).toEqual([500, 600]);
  });

  it('a cancelled timer never fires', async () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    const cancel = clock.schedule(100, () => fired.push('cancelled'));
    clock.schedule(100, () => fired.push('kept'));
    cancel();
    await clock.advance(1000);
    expect(fired).toEqual(['kept']);
  });

  it('fires timers scheduled by a callback when they fall inside the same advance', async () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    const every100 = (time: number): void => {
      clock.schedule(time, () => {
        fired.push(clock.now());
        every100(time + 100);
      });
    };
    every100(100);
    await clock.advance(450);
    expect(fired).toEqual([100, 200, 300, 400]);
    expect(clock.now()).toBe(450);
  });

  it('advance resolves only after the work started by each timer settled', async () => {
    const clock = new ManualClock();
    const log: string[] = [];
    let pending: Promise<void> = Promise.resolve();
    clock.addSettler(() => pending);
    clock.schedule(100, () => {
      log.push('tick 100');
      pending = turns(5).then(() => {
        log.push('work of 100 done');
      });
    });
    clock.schedule(200, () => {
      log.push('tick 200');
      pending = turns(3).then(() => {
        log.push('work of 200 done');
      });
    });
    await clock.advance(200);
    // Each tick's work finished before the next tick fired.
    expect(log).toEqual(['tick 100', 'work of 100 done', 'tick 200', 'work of 200 done']);
  });

  it('a removed settler is no longer waited for', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const remove = clock.addSettler(() => {
      calls++;
      return Promise.resolve();
    });
    clock.schedule(10, () => undefined);
    await clock.advance(10);
    const afterFirst = calls;
    expect(afterFirst).toBeGreaterThan(0);
    remove();
    clock.schedule(20, () => undefined);
    await clock.advance(10);
    expect(calls).toBe(afterFirst);
  });

  it('ssc.advance is clock.advance; it needs a ManualClock', async () => {
    const clock = new ManualClock();
    const ssc = new StreamingContext({ batchDuration: Seconds(1), clock });
    const times: number[] = [];
    ssc.queueStream<number>([]).foreachRDD((_rdd, time) => {
      times.push(time.milliseconds);
    });
    ssc.start();
    try {
      await ssc.advance(Seconds(2));
      expect(clock.now()).toBe(2000);
      expect(times).toEqual([1000, 2000]);
      await ssc.advance(1000);
      expect(times).toEqual([1000, 2000, 3000]);
    } finally {
      await ssc.stop();
    }

    const onSystemClock = new StreamingContext({
      batchDuration: Seconds(1),
      clock: new SystemClock(),
    });
    await expect(onSystemClock.advance(1000)).rejects.toThrow(
      new IllegalStateError('advance() needs a ManualClock; this context runs on another clock'),
    );
  });
});
