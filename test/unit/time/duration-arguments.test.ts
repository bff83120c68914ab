/**
 * Durations at the API boundary. Two habits ported code brings:
 * - PySpark passes durations as numbers of seconds (`StreamingContext(sc, 1)`, `window(30, 10)`,
 *   `reduceByKeyAndWindow(f, None, 30, 10)`): here they fail at the call with an
 *   IllegalArgumentError that says to write `Seconds(n)` (before, a raw TypeError about
 *   `isMultipleOf`, "cannot be null", or a silently ignored option);
 * - zero or negative durations: Spark accepts them, then never runs a batch (SystemClock), never
 *   returns from `advance` (ManualClock) or never emits a window. Differs from Spark: refused at
 *   the call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  IllegalArgumentError,
  ManualClock,
  Milliseconds,
  type Pair,
  Seconds,
  SparkContext,
  StateSpec,
  StreamingContext,
  type Duration,
  type DStream,
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

function pairs(): DStream<Pair<string, number>> {
  return context().queueStream<Pair<string, number>>([]);
}

const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;
/** A value that is not a Duration, as JavaScript callers (or `as never`) can pass. */
const n = (value: number): Duration => value as unknown as Duration;

function expectSecondsHint(call: () => unknown, value: number, name: string): void {
  expect(call).toThrow(IllegalArgumentError);
  expect(call).toThrow(
    `Expected \`${name}\` to be a Duration, got the number ${value}: write Seconds(${value}) (PySpark's durations are numbers of seconds)`,
  );
}

function expectPositive(call: () => unknown, name: string, got: string): void {
  expect(call).toThrow(IllegalArgumentError);
  expect(call).toThrow(`Expected \`${name}\` to be a positive Duration, got ${got}`);
}

describe('batch duration', () => {
  it('a number, as PySpark writes it, asks for Seconds(n)', () => {
    const sc = new SparkContext();
    expectSecondsHint(() => new StreamingContext(sc, n(1)), 1, 'batchDuration');
    expectSecondsHint(() => new StreamingContext(n(2)), 2, 'batchDuration');
    expectSecondsHint(() => new StreamingContext({ batchDuration: n(0.5) }), 0.5, 'batchDuration');
  });

  it('zero or negative is refused at the call (Spark accepts it and never runs a batch)', () => {
    expectPositive(() => new StreamingContext(Seconds(0)), 'batchDuration', '0 ms');
    expectPositive(
      () => new StreamingContext({ batchDuration: Milliseconds(-500), clock: new ManualClock() }),
      'batchDuration',
      '-500 ms',
    );
  });

  it('a missing one keeps Spark text', () => {
    expect(() => new StreamingContext({} as never)).toThrow(
      'requirement failed: Batch duration for StreamingContext cannot be null',
    );
  });

  it('numbers for the receiver durations are refused instead of silently ignored', () => {
    expectSecondsHint(
      () => new StreamingContext({ batchDuration: Seconds(1), blockInterval: n(200) }),
      200,
      'blockInterval',
    );
    expectSecondsHint(
      () => new StreamingContext({ batchDuration: Seconds(1), receiverRestartDelay: n(2) }),
      2,
      'receiverRestartDelay',
    );
  });
});

describe('window durations', () => {
  it('window(30, 10) asks for Seconds(30)', () => {
    const stream = context().queueStream<number>([]);
    expectSecondsHint(() => stream.window(n(30), n(10)), 30, 'windowDuration');
    expectSecondsHint(() => stream.window(Seconds(30), n(10)), 10, 'slideDuration');
  });

  it('window(Seconds(0), Seconds(0)) is refused (it would never emit)', () => {
    const stream = context().queueStream<number>([]);
    expectPositive(() => stream.window(Seconds(0), Seconds(0)), 'windowDuration', '0 ms');
    expectPositive(() => stream.window(Seconds(2), Seconds(0)), 'slideDuration', '0 ms');
    expectPositive(() => stream.window(Seconds(-2), Seconds(1)), 'windowDuration', '-2000 ms');
  });

  it('reduceByKeyAndWindow(f, 3) and (f, None, 30, 10) ask for Seconds', () => {
    const stream = pairs();
    expectSecondsHint(() => stream.reduceByKeyAndWindow(add, n(3)), 3, 'windowDuration');
    expectSecondsHint(
      () => stream.reduceByKeyAndWindow(add, null, n(30), n(10)),
      30,
      'windowDuration',
    );
    expectSecondsHint(
      () => stream.reduceByKeyAndWindow(add, sub, Seconds(30), n(10)),
      10,
      'slideDuration',
    );
    expectSecondsHint(
      () => stream.reduceByKeyAndWindow({ reduce: add, window: n(4) }),
      4,
      'windowDuration',
    );
    expectPositive(
      () => stream.reduceByKeyAndWindow(add, sub, Seconds(0), Seconds(1)),
      'windowDuration',
      '0 ms',
    );
    expectPositive(
      () => stream.reduceByKeyAndWindow({ reduce: add, window: Seconds(2), slide: Seconds(0) }),
      'slideDuration',
      '0 ms',
    );
  });

  it('the other window operations check their durations too', () => {
    const stream = pairs();
    expectSecondsHint(() => stream.groupByKeyAndWindow(n(6)), 6, 'windowDuration');
    expectSecondsHint(() => stream.countByWindow(n(6), n(2)), 6, 'windowDuration');
    expectSecondsHint(() => stream.countByValueAndWindow(n(6), n(2)), 6, 'windowDuration');
    expectSecondsHint(
      () => stream.map((p) => p[1]).reduceByWindow(add, n(6), n(2)),
      6,
      'windowDuration',
    );
    expectPositive(() => stream.countByWindow(Seconds(0), Seconds(1)), 'windowDuration', '0 ms');
  });
});

describe('checkpoint, remember and timeout durations', () => {
  it('stream.checkpoint(10) asks for Seconds(10); zero is refused', () => {
    const stream = context().queueStream<number>([]);
    expectSecondsHint(() => stream.checkpoint(n(10)), 10, 'interval');
    expectPositive(() => stream.checkpoint(Seconds(0)), 'interval', '0 ms');
  });

  it('ssc.remember(60) asks for Seconds(60); zero is refused', () => {
    const c = context();
    expectSecondsHint(
      () => {
        c.remember(n(60));
      },
      60,
      'duration',
    );
    expectPositive(
      () => {
        c.remember(Milliseconds(0));
      },
      'duration',
      '0 ms',
    );
  });

  it('StateSpec.timeout(5) asks for Seconds(5)', () => {
    const spec = StateSpec.function((_k: string, v: number | undefined) => v);
    expectSecondsHint(() => spec.timeout(n(5)), 5, 'idleDuration');
  });
});
