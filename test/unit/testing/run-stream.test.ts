/**
 * The kit's runners: runStream returns each output batch with its time, the text pprint wrote
 * (captured, never on process.stdout) and the listener's batch infos; runBatches keeps its
 * contract on top of it; any number of runs can go at once, beside a started real context.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ManualClock,
  Seconds,
  StreamingContext,
  Time,
  type DStream,
  type Pair,
} from '../../../src/index.js';
import { batchesFrom, runBatches, runStream } from '../../../src/testing/index.js';
import { pprintBlock } from '../../support/print-capture.js';

afterEach(async () => {
  vi.restoreAllMocks();
  await StreamingContext.getActive()?.stop();
});

const countWords = (s: DStream<string>): DStream<Pair<string, number>> =>
  s.mapToPair((w): Pair<string, number> => [w, 1]).reduceByKey((a, b) => a + b);

describe('runStream', () => {
  it('returns every output batch with its batch time', async () => {
    const run = await runStream({
      batchDuration: Seconds(1),
      input: batchesFrom('a b a | b | | c'),
      operation: countWords,
    });
    expect(run.batches).toEqual([
      {
        time: new Time(1000),
        output: [
          ['b', 1],
          ['a', 2],
        ],
      },
      { time: new Time(2000), output: [['b', 1]] },
      { time: new Time(3000), output: [] },
      { time: new Time(4000), output: [['c', 1]] },
    ]);
  });

  it('gives a window sliding every 2 batches its own times: 2000 ms, 4000 ms', async () => {
    const run = await runStream({
      batchDuration: Seconds(1),
      input: batchesFrom('a | b | c | d'),
      operation: (s) => s.window(Seconds(2), Seconds(2)),
    });
    expect(run.batches.map((b) => [b.time.milliseconds, b.output])).toEqual([
      [2000, ['a', 'b']],
      [4000, ['c', 'd']],
    ]);
  });

  it('skips the batches where the output has no RDD (null input)', async () => {
    const run = await runStream({
      batchDuration: Seconds(1),
      input: batchesFrom('1 2 | null | 3', Number),
      operation: (s) => s.map((x) => x * 10),
    });
    expect(run.batches).toEqual([
      { time: new Time(1000), output: [10, 20] },
      { time: new Time(3000), output: [30] },
    ]);
  });

  it('captures what pprint and print write; nothing reaches process.stdout', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const run = await runStream({
      batchDuration: Seconds(1),
      input: batchesFrom('x y | z'),
      operation: (s) => {
        s.pprint();
        s.print(1, { format: 'scala' });
        return s;
      },
    });
    expect(write).not.toHaveBeenCalled();
    expect(run.printed).toBe(
      pprintBlock('1970-01-01 00:00:01', 'x', 'y') +
        pprintBlock('1000 ms', 'x', '...') +
        pprintBlock('1970-01-01 00:00:02', 'z') +
        pprintBlock('2000 ms', 'z'),
    );
  });

  it('returns the BatchInfo of every completed batch, in order', async () => {
    const run = await runStream({
      batchDuration: Seconds(1),
      input: [['a'], ['b'], ['c']],
      operation: (s) => s,
    });
    expect(run.events.map((info) => info.batchTime.milliseconds)).toEqual([1000, 2000, 3000]);
    expect(run.events.every((info) => info.processingEndTime !== undefined)).toBe(true);
    expect(run.events[0]?.outputOperationInfos.size).toBe(1);
  });

  it('starts the clock at clockStart: the first batch is the next multiple of the batch duration', async () => {
    const start = Date.UTC(2021, 10, 14, 10, 0, 53, 500);
    const run = await runStream({
      batchDuration: Seconds(1),
      input: [['a'], ['b']],
      clockStart: new Time(start),
      operation: (s) => {
        s.pprint();
        return s;
      },
    });
    expect(run.batches.map((b) => b.time.milliseconds)).toEqual([start + 500, start + 1500]);
    expect(run.printed).toBe(
      pprintBlock('2021-11-14 10:00:54', 'a') + pprintBlock('2021-11-14 10:00:55', 'b'),
    );
  });

  it('runs numBatches intervals: empty batches past the end of the input', async () => {
    const run = await runStream({
      batchDuration: Seconds(1),
      input: [[1, 2]],
      numBatches: 3,
      operation: (s) => s.count(),
    });
    expect(run.batches.map((b) => b.output)).toEqual([[2], [0], [0]]);
  });

  it('passes extra inputs to the operation, typed from extraInputs', async () => {
    const run = await runStream({
      batchDuration: Seconds(1),
      input: [['a'], ['b']],
      extraInputs: [[[1], [2, 3]]],
      operation: (words, numbers) =>
        words.transformWith(numbers, (w, n) => w.map((x) => `${x}${n.count()}`)),
    });
    expect(run.batches.map((b) => b.output)).toEqual([['a1'], ['b2']]);
  });

  it('rejects with the error a batch raised', async () => {
    await expect(
      runStream({
        batchDuration: Seconds(1),
        input: [[1], [2]],
        operation: (s) =>
          s.map((x) => {
            if (x === 2) throw new Error('bad record 2');
            return x;
          }),
      }),
    ).rejects.toThrow('bad record 2');
  });

  it('does not print the queueStream checkpoint warning, nor anything else', async () => {
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    const run = await runStream({
      batchDuration: Seconds(1),
      input: [[1]],
      operation: (s) => s.union(s.context().queueStream([[7]])),
    });
    expect(run.batches.map((b) => b.output)).toEqual([[1, 7]]);
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});

describe('runBatches', () => {
  it('keeps its contract: one record array per output batch, pprint on process.stdout', async () => {
    const chunks: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      chunks.push(String(chunk));
      return true;
    });
    const out = await runBatches({
      batchDuration: Seconds(1),
      input: [['a', 'b', 'a'], ['b']],
      operation: (s) => {
        const counts = s.countByValue();
        counts.pprint();
        return counts;
      },
    });
    vi.restoreAllMocks();
    expect(out).toEqual([
      [
        ['b', 1],
        ['a', 2],
      ],
      [['b', 1]],
    ]);
    expect(chunks.join('')).toBe(
      pprintBlock('1970-01-01 00:00:01', "('b', 1)", "('a', 2)") +
        pprintBlock('1970-01-01 00:00:02', "('b', 1)"),
    );
  });
});

describe('concurrent runs', () => {
  it('any number of runs at once, each on its own clock, with their own results', async () => {
    const runs = Array.from({ length: 12 }, (_, i) =>
      runStream({
        batchDuration: Seconds(1),
        input: Array.from({ length: 1 + (i % 4) }, (_, k) => [i, k]),
        operation: (s) => {
          s.pprint();
          return s.reduce((a, b) => a + b);
        },
      }),
    );
    const results = await Promise.all([
      ...runs,
      runBatches({ batchDuration: Seconds(1), input: [[5], [6]], operation: (s) => s }),
    ]);
    results.slice(0, 12).forEach((result, i) => {
      const run = result as Awaited<(typeof runs)[number]>;
      expect(run.batches.map((b) => [b.time.milliseconds, b.output])).toEqual(
        Array.from({ length: 1 + (i % 4) }, (_, k) => [(k + 1) * 1000, [i + k]]),
      );
      expect(run.printed.split('Time: ')).toHaveLength(2 + (i % 4));
    });
    expect(results[12]).toEqual([[5], [6]]);
  });

  it('run beside a started real context, which stays the active one', async () => {
    const ssc = new StreamingContext({ batchDuration: Seconds(1), clock: new ManualClock() });
    ssc.queueStream([[1]]).foreachRDD(() => undefined);
    ssc.start();
    const out = await Promise.all([
      runBatches({ batchDuration: Seconds(1), input: [[1]], operation: (s) => s }),
      runBatches({ batchDuration: Seconds(1), input: [[2]], operation: (s) => s }),
    ]);
    expect(out).toEqual([[[1]], [[2]]]);
    expect(StreamingContext.getActive()).toBe(ssc);
    // The one-active-context rule still holds for real contexts, in Node's words.
    const another = new StreamingContext({ batchDuration: Seconds(1), clock: new ManualClock() });
    another.queueStream([[1]]).foreachRDD(() => undefined);
    expect(() => {
      another.start();
    }).toThrow(
      /^Only one StreamingContext may be started in this process\. Currently running StreamingContext was started at run-stream\.test\.ts:\d+$/,
    );
    expect(another.getState()).toBe('INITIALIZED');
  });
});
