/**
 * receiverStream and the Receiver API (spec §5.5, §7.4, §8.1), in virtual time: custom receivers
 * driven by the test, a ManualClock moving the block generator, the restart delays and the batches.
 * Single stored items are grouped into one block per block interval (rate-limited by maxRate);
 * arrays, iterables and async iterables are one block each; each batch takes every block stored
 * since the previous one (one partition per block) and reports their record count; restart, stop
 * and a failing onStart relaunch the receiver after the restart delay; receiver errors never stop
 * the context.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type DStream,
  IllegalArgumentError,
  IllegalStateError,
  type Logger,
  ManualClock,
  Milliseconds,
  Receiver,
  type ReceiverInfo,
  SparkError,
  StreamingContext,
  type StreamingContextOptions,
  type StreamingListener,
  WriteAheadLogError,
} from '../../../src/index.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };
const NOT_ATTACHED =
  'A ReceiverSupervisor has not been attached to the receiver yet. Maybe you are starting some computation in the receiver before the Receiver.onStart() has been called.';

/** A receiver the test drives: it records its lifecycle calls and can fail its next onStarts. */
class TestReceiver extends Receiver<number> {
  readonly calls: string[] = [];
  failingStarts = 0;

  onStart(): void {
    this.calls.push('start');
    if (this.failingStarts > 0) {
      this.failingStarts--;
      throw new Error('cannot open the source');
    }
  }

  onStop(): void {
    this.calls.push('stop');
  }
}

type ReceiverEventKind = 'started' | 'error' | 'stopped';

/** Listener that records receiver events and each completed batch's numRecords. */
function recordEvents(ssc: StreamingContext): {
  receiver: [ReceiverEventKind, ReceiverInfo][];
  numRecords: [number, number][];
} {
  const receiver: [ReceiverEventKind, ReceiverInfo][] = [];
  const numRecords: [number, number][] = [];
  const listener: StreamingListener = {
    onReceiverStarted: ({ receiverInfo }) => receiver.push(['started', receiverInfo]),
    onReceiverError: ({ receiverInfo }) => receiver.push(['error', receiverInfo]),
    onReceiverStopped: ({ receiverInfo }) => receiver.push(['stopped', receiverInfo]),
    onBatchCompleted: ({ batchInfo }) =>
      numRecords.push([batchInfo.batchTime.milliseconds, batchInfo.numRecords]),
  };
  ssc.addStreamingListener(listener);
  return { receiver, numRecords };
}

/** The ReceiverInfo Spark's tracker reports for stream 0 of a TestReceiver. */
function info(overrides: Partial<ReceiverInfo> = {}): ReceiverInfo {
  return {
    streamId: 0,
    name: 'TestReceiver-0',
    active: true,
    location: 'localhost',
    executorId: 'driver',
    lastErrorMessage: '',
    lastError: '',
    lastErrorTime: -1,
    ...overrides,
  };
}

let clock: ManualClock;
let ssc: StreamingContext;

function newContext(options: Partial<StreamingContextOptions> = {}): StreamingContext {
  ssc = new StreamingContext({
    batchDuration: Milliseconds(1000),
    clock,
    logger: silent,
    ...options,
  });
  return ssc;
}

/** Each batch's partitions (one per block), keyed by batch time. */
function collectPartitions<T>(stream: DStream<T>): Map<number, T[][]> {
  const batches = new Map<number, T[][]>();
  stream.foreachRDD((rdd, time) => {
    batches.set(time.milliseconds, rdd.glom().collect());
  });
  return batches;
}

beforeEach(() => {
  clock = new ManualClock();
});

afterEach(async () => {
  await ssc.stop();
});

describe('store', () => {
  it('groups single items into one block per block interval (default 200 ms), one partition per block', async () => {
    const receiver = new TestReceiver();
    newContext();
    const batches = collectPartitions(ssc.receiverStream(receiver));
    ssc.start();
    const first = receiver.store(1);
    void receiver.store(2);
    await clock.advance(100);
    void receiver.store(3);
    await clock.advance(100); // block at 200: [1, 2, 3]
    await first;
    void receiver.store(4); // stored at 200: block at 400
    await clock.advance(400);
    void receiver.store(5); // stored at 600: block at 800
    await clock.advance(300);
    // Stored at 900: its block is cut at 1000, just after the batch of 1000 took its blocks.
    void receiver.store(6);
    await clock.advance(100);
    expect(batches.get(1000)).toEqual([[1, 2, 3], [4], [5]]);
    await clock.advance(1000);
    expect(batches.get(2000)).toEqual([[6]]);
    await clock.advance(1000);
    // A batch with no block is an empty RDD without partitions.
    expect(batches.get(3000)).toEqual([]);
  });

  it('resolves a single item only when its block has been cut', async () => {
    const receiver = new TestReceiver();
    newContext();
    collectPartitions(ssc.receiverStream(receiver));
    ssc.start();
    let stored = false;
    const storing = receiver.store(7).then(() => {
      stored = true;
    });
    await clock.advance(199);
    expect(stored).toBe(false);
    await clock.advance(1);
    await storing;
    expect(stored).toBe(true);
  });

  it('stores an array, an iterable and an async iterable as one block each, at once', async () => {
    const receiver = new TestReceiver();
    newContext();
    const batches = collectPartitions(ssc.receiverStream(receiver));
    ssc.start();
    async function* generate(): AsyncGenerator<number> {
      yield 6;
      await Promise.resolve();
      yield 7;
    }
    // No clock movement needed: these blocks are stored without waiting for a block interval.
    await receiver.store([1, 2]);
    await receiver.store(new Set([3, 4, 5]));
    await receiver.store(generate());
    await receiver.store([]);
    void receiver.store(8); // a single item, cut at 200
    await clock.advance(1000);
    expect(batches.get(1000)).toEqual([[1, 2], [3, 4, 5], [6, 7], [], [8]]);
  });

  it('follows the blockInterval option', async () => {
    const receiver = new TestReceiver();
    newContext({ blockInterval: Milliseconds(250) });
    const batches = collectPartitions(ssc.receiverStream(receiver));
    ssc.start();
    void receiver.store(1);
    await clock.advance(100);
    void receiver.store(2);
    await clock.advance(200); // 300: block [1, 2] cut at 250
    void receiver.store(3);
    await clock.advance(300); // 600: block [3] cut at 500
    void receiver.store(4);
    await clock.advance(400); // 1000: block [4] cut at 750
    expect(batches.get(1000)).toEqual([[1, 2], [3], [4]]);
  });

  it('with receiverMaxRate, a block takes at most maxRate × interval items; the rest wait', async () => {
    const receiver = new TestReceiver();
    // 10 records/s and 200 ms blocks: at most 2 items per block.
    newContext({ receiverMaxRate: 10 });
    const batches = collectPartitions(ssc.receiverStream(receiver));
    ssc.start();
    let stored = false;
    const last = [1, 2, 3, 4, 5, 6].map((n) => receiver.store(n)).at(-1);
    void last?.then(() => {
      stored = true;
    });
    await clock.advance(400);
    expect(stored).toBe(false);
    // Arrays are not rate-limited.
    await receiver.store([10, 11, 12, 13, 14]);
    await clock.advance(200);
    await last;
    expect(stored).toBe(true);
    await clock.advance(400);
    expect(batches.get(1000)).toEqual([
      [1, 2],
      [3, 4],
      [10, 11, 12, 13, 14],
      [5, 6],
    ]);
  });

  it('rejects with Spark’s assertion before the receiver is started', async () => {
    const receiver = new TestReceiver();
    await expect(receiver.store(1)).rejects.toThrow(new IllegalStateError(NOT_ATTACHED));
    await expect(receiver.store([1, 2])).rejects.toThrow(new IllegalStateError(NOT_ATTACHED));
    expect(() => receiver.streamId).toThrow(new IllegalStateError(NOT_ATTACHED));
    expect(() => {
      receiver.restart('again');
    }).toThrow(new IllegalStateError(NOT_ATTACHED));
    expect(() => {
      receiver.reportError('oops');
    }).toThrow(new IllegalStateError(NOT_ATTACHED));
    newContext();
    ssc.receiverStream(receiver).foreachRDD(() => undefined);
    // Creating the stream does not attach it either: only start() does.
    await expect(receiver.store(1)).rejects.toThrow(new IllegalStateError(NOT_ATTACHED));
  });

  it('rejects after the context stopped', async () => {
    const receiver = new TestReceiver();
    newContext();
    ssc.receiverStream(receiver).foreachRDD(() => undefined);
    ssc.start();
    await ssc.stop();
    // Spark's BlockGenerator.addData text, for arrays too.
    const stopped = new SparkError(
      'Cannot add data as BlockGenerator has not been started or has been stopped',
    );
    await expect(receiver.store(1)).rejects.toThrow(stopped);
    await expect(receiver.store([1, 2])).rejects.toThrow(stopped);
  });

  it('the context stop stores the items still buffered as a last block: their promises resolve', async () => {
    const receiver = new TestReceiver();
    newContext({ receiverMaxRate: 5 });
    ssc.receiverStream(receiver).foreachRDD(() => undefined);
    ssc.start();
    const buffered = receiver.store(1);
    const overTheRate = receiver.store(2);
    await ssc.stop();
    await expect(buffered).resolves.toBeUndefined();
    await expect(overTheRate).resolves.toBeUndefined();
  });

  it('BatchInfo.numRecords counts the records of the blocks each batch took', async () => {
    const receiver = new TestReceiver();
    newContext();
    const events = recordEvents(ssc);
    ssc.receiverStream(receiver).foreachRDD(() => undefined);
    ssc.start();
    void receiver.store(1);
    void receiver.store(2);
    void receiver.store(3);
    await receiver.store(['a', 'b'].map((s) => s.length));
    await clock.advance(2000);
    await receiver.store([9]);
    await clock.advance(1000);
    expect(events.numRecords).toEqual([
      [1000, 5],
      [2000, 0],
      [3000, 1],
    ]);
  });

  it('gives the receiver its stream id once started', async () => {
    const first = new TestReceiver();
    const second = new TestReceiver();
    newContext();
    ssc.queueStream([[1]]).foreachRDD(() => undefined);
    ssc.receiverStream(first).foreachRDD(() => undefined);
    ssc.receiverStream(second).foreachRDD(() => undefined);
    ssc.start();
    await clock.advance(0);
    expect([first.streamId, second.streamId]).toEqual([1, 2]);
  });
  it('allocates blocks at every batch time, also when no output reads the stream then (Spark)', async () => {
    const receiver = new TestReceiver();
    newContext();
    // A window of one batch every other batch: only the batches at 2000 and 4000 are read.
    const batches = collectPartitions(
      ssc.receiverStream(receiver).window(Milliseconds(1000), Milliseconds(2000)),
    );
    ssc.start();
    void receiver.store(1); // in the batch of 1000, which no output reads
    await clock.advance(1000);
    void receiver.store(2);
    await clock.advance(1000);
    void receiver.store(3); // in the batch of 3000
    await clock.advance(1000);
    void receiver.store(4);
    await clock.advance(1000);
    expect([...batches]).toEqual([
      [2000, [[2]]],
      [4000, [[4]]],
    ]);
  });
});

describe('lifecycle', () => {
  it('isStarted / isStopped follow the receiver through start, restart and the context stop', async () => {
    const receiver = new TestReceiver();
    expect([receiver.isStarted(), receiver.isStopped()]).toEqual([false, true]);
    newContext();
    ssc.receiverStream(receiver).foreachRDD(() => undefined);
    expect([receiver.isStarted(), receiver.isStopped()]).toEqual([false, true]);
    ssc.start();
    expect([receiver.isStarted(), receiver.isStopped()]).toEqual([true, false]);
    receiver.restart('again');
    expect([receiver.isStarted(), receiver.isStopped()]).toEqual([false, true]);
    await clock.advance(2000);
    expect([receiver.isStarted(), receiver.isStopped()]).toEqual([true, false]);
    await ssc.stop();
    expect([receiver.isStarted(), receiver.isStopped()]).toEqual([false, true]);
    expect(receiver.calls).toEqual(['start', 'stop', 'start', 'stop']);
  });

  it('starts an unused receiver stream too, and stops it with the context', async () => {
    const unused = new TestReceiver();
    newContext();
    ssc.receiverStream(unused);
    ssc.queueStream([[1]]).foreachRDD(() => undefined);
    ssc.start();
    expect(unused.calls).toEqual(['start']);
    // What it stores is accepted (and dropped: no batch ever reads it).
    await unused.store([1, 2]);
    await clock.advance(1000);
    await ssc.stop();
    expect(unused.calls).toEqual(['start', 'stop']);
  });

  it('restart: onStop at once, onStart after the restart delay (default 2000 ms), in virtual time', async () => {
    const receiver = new TestReceiver();
    newContext();
    const events = recordEvents(ssc);
    const batches = collectPartitions(ssc.receiverStream(receiver));
    ssc.start();
    await clock.advance(0);
    await receiver.store([1]);
    receiver.restart('source went away');
    expect(receiver.calls).toEqual(['start', 'stop']);
    await clock.advance(1999);
    expect(receiver.calls).toEqual(['start', 'stop']);
    await clock.advance(1);
    expect(receiver.calls).toEqual(['start', 'stop', 'start']);
    await receiver.store([2]);
    await clock.advance(1000);
    // Blocks stored before the restart are not lost.
    expect([batches.get(1000), batches.get(2000), batches.get(3000)]).toEqual([[[1]], [], [[2]]]);
    expect(events.receiver).toEqual([
      ['started', info()],
      [
        'stopped',
        info({
          active: false,
          lastErrorMessage: 'Restarting receiver with delay 2000ms: source went away',
        }),
      ],
      ['started', info()],
    ]);
  });

  it('restart with an error and a delay: the error is reported with the clock time, the delay used', async () => {
    const receiver = new TestReceiver();
    newContext({ receiverRestartDelay: Milliseconds(500) });
    const events = recordEvents(ssc);
    ssc.receiverStream(receiver).foreachRDD(() => undefined);
    ssc.start();
    await clock.advance(300);
    const error = new Error('connection reset');
    receiver.restart('reconnecting', error, 50);
    await clock.advance(49);
    expect(receiver.calls).toEqual(['start', 'stop']);
    await clock.advance(1);
    expect(receiver.calls).toEqual(['start', 'stop', 'start']);
    // Without a delay argument, the context's receiverRestartDelay.
    receiver.restart('again');
    await clock.advance(499);
    expect(receiver.calls).toEqual(['start', 'stop', 'start', 'stop']);
    await clock.advance(1);
    expect(receiver.calls).toEqual(['start', 'stop', 'start', 'stop', 'start']);
    expect(events.receiver.map(([kind]) => kind)).toEqual([
      'started',
      'stopped',
      'started',
      'stopped',
      'started',
    ]);
    expect(events.receiver[1]?.[1]).toEqual(
      info({
        active: false,
        lastErrorMessage: 'Restarting receiver with delay 50ms: reconnecting',
        lastError: error.stack ?? '',
        lastErrorTime: 300,
      }),
    );
    expect(events.receiver[3]?.[1]).toEqual(
      info({ active: false, lastErrorMessage: 'Restarting receiver with delay 500ms: again' }),
    );
  });

  it('stop: onStop, a stopped event, and the receiver is relaunched after the restart delay', async () => {
    const receiver = new TestReceiver();
    newContext({ receiverRestartDelay: Milliseconds(300) });
    const events = recordEvents(ssc);
    ssc.receiverStream(receiver).foreachRDD(() => undefined);
    ssc.start();
    await clock.advance(100);
    receiver.stop('enough for now');
    expect(receiver.calls).toEqual(['start', 'stop']);
    expect(receiver.isStopped()).toBe(true);
    await clock.advance(299);
    expect(receiver.calls).toEqual(['start', 'stop']);
    await clock.advance(1);
    expect(receiver.calls).toEqual(['start', 'stop', 'start']);
    expect(events.receiver).toEqual([
      ['started', info()],
      ['stopped', info({ active: false, lastErrorMessage: 'enough for now' })],
      ['started', info()],
    ]);
  });

  it('reportError: an onReceiverError event; receiving goes on, the context keeps running and awaitTermination does not reject', async () => {
    const receiver = new TestReceiver();
    newContext();
    const events = recordEvents(ssc);
    const batches = collectPartitions(ssc.receiverStream(receiver));
    ssc.start();
    const termination = ssc.awaitTermination();
    const error = new Error('bad record');
    receiver.reportError('could not parse a record', error);
    receiver.reportError('no error object');
    await receiver.store([1, 2]);
    await clock.advance(2000);
    expect(ssc.getState()).toBe('ACTIVE');
    expect(receiver.calls).toEqual(['start']);
    expect(batches.get(1000)).toEqual([[1, 2]]);
    expect(batches.get(2000)).toEqual([]);
    expect(events.receiver).toEqual([
      ['started', info()],
      // As Spark's tracker, an error report keeps the last error time (none since the start).
      [
        'error',
        info({ lastErrorMessage: 'could not parse a record', lastError: error.stack ?? '' }),
      ],
      ['error', info({ lastErrorMessage: 'no error object' })],
    ]);
    await ssc.stop();
    await expect(termination).resolves.toBeUndefined();
  });

  it('onStart throwing: started, then stopped with "Error starting receiver <id>", relaunched after the delay', async () => {
    const receiver = new TestReceiver();
    receiver.failingStarts = 2;
    newContext({ receiverRestartDelay: Milliseconds(400) });
    const events = recordEvents(ssc);
    const batches = collectPartitions(ssc.receiverStream(receiver));
    ssc.start();
    const termination = ssc.awaitTermination();
    expect(receiver.calls).toEqual(['start', 'stop']);
    await clock.advance(400);
    expect(receiver.calls).toEqual(['start', 'stop', 'start', 'stop']);
    await clock.advance(400);
    expect(receiver.calls).toEqual(['start', 'stop', 'start', 'stop', 'start']);
    expect(receiver.isStarted()).toBe(true);
    await receiver.store([5]);
    await clock.advance(200);
    expect(batches.get(1000)).toEqual([[5]]);
    expect(ssc.getState()).toBe('ACTIVE');
    const kinds = events.receiver.map(([kind]) => kind);
    expect(kinds).toEqual(['started', 'stopped', 'started', 'stopped', 'started']);
    const [, failed] = events.receiver[1] ?? [];
    expect(failed?.lastErrorMessage).toBe('Error starting receiver 0');
    expect(failed?.lastError).toMatch(/^Error: cannot open the source\n/);
    expect(failed?.lastErrorTime).toBe(0);
    expect(failed?.active).toBe(false);
    expect(events.receiver[3]?.[1].lastErrorTime).toBe(400);
    await ssc.stop();
    await expect(termination).resolves.toBeUndefined();
  });

  it('the context stop stops the receiver ("Stopped by driver") and cancels a pending relaunch', async () => {
    const restarting = new TestReceiver();
    const running = new TestReceiver();
    newContext();
    const events = recordEvents(ssc);
    ssc.receiverStream(restarting).foreachRDD(() => undefined);
    ssc.receiverStream(running).foreachRDD(() => undefined);
    ssc.start();
    restarting.restart('later');
    await ssc.stop();
    await clock.advance(5000);
    expect(restarting.calls).toEqual(['start', 'stop']);
    expect(running.calls).toEqual(['start', 'stop']);
    expect(events.receiver.at(-1)).toEqual([
      'stopped',
      info({
        streamId: 1,
        name: 'TestReceiver-1',
        active: false,
        lastErrorMessage: 'Stopped by driver',
      }),
    ]);
  });
});

describe('options', () => {
  it('writeAheadLog without a checkpoint directory: start fails with Spark’s SparkError', () => {
    const receiver = new TestReceiver();
    newContext({ writeAheadLog: true });
    ssc.receiverStream(receiver).foreachRDD(() => undefined);
    expect(() => {
      ssc.start();
    }).toThrow(
      new SparkError(
        'Cannot enable receiver write-ahead log without checkpoint directory set. Please use streamingContext.checkpoint() to set the checkpoint directory. See documentation for more details.',
      ),
    );
    expect(ssc.getState()).toBe('STOPPED');
    expect(receiver.calls).toEqual([]);
  });

  it('writeAheadLog without a checkpoint directory is fine when there is no receiver', async () => {
    newContext({ writeAheadLog: true });
    ssc.queueStream([[1]]).foreachRDD(() => undefined);
    ssc.start();
    await clock.advance(1000);
    expect(ssc.getState()).toBe('ACTIVE');
  });

  it('receiverBlockQueueSize must be a positive integer; writeAheadLogRollingInterval positive', () => {
    for (const size of [0, -1, 2.5]) {
      expect(() => newContext({ receiverBlockQueueSize: size })).toThrow(
        new IllegalArgumentError(
          `requirement failed: 'spark.streaming.blockQueueSize' should be a positive integer, got ${size}`,
        ),
      );
    }
    expect(() => newContext({ writeAheadLogRollingInterval: Milliseconds(0) })).toThrow(
      new IllegalArgumentError(
        "requirement failed: 'spark.streaming.receiver.writeAheadLog.rollingIntervalSecs' should be positive, got 0 ms",
      ),
    );
    newContext({ receiverBlockQueueSize: 1, writeAheadLogRollingInterval: Milliseconds(1) });
  });

  it('blockInterval must be positive', () => {
    const message =
      "requirement failed: 'spark.streaming.blockInterval' should be a positive value";
    for (const ms of [0, -200]) {
      expect(() => newContext({ blockInterval: Milliseconds(ms) })).toThrow(
        new IllegalArgumentError(message),
      );
    }
    newContext();
  });
});

describe('write-ahead log', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dstream-receiver-wal-'));
  });

  afterEach(async () => {
    await ssc.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A context with the write-ahead log on, checkpointing to `dir`, with `build`'s streams. */
  function walContext(
    build: (context: StreamingContext) => void,
    options: Partial<StreamingContextOptions> = {},
  ): StreamingContext {
    const context = newContext({ writeAheadLog: true, ...options });
    context.checkpoint(dir);
    build(context);
    return context;
  }

  it('a context recovered with getOrCreate gets back the logged blocks no batch took, and only those', async () => {
    let batches = new Map<number, number[][]>();
    const create = (receiver: TestReceiver) => (): StreamingContext =>
      walContext((context) => {
        batches = collectPartitions(context.receiverStream(receiver));
      });
    const first = new TestReceiver();
    ssc = create(first)();
    ssc.start();
    await first.store([1, 2]);
    await clock.advance(2000);
    expect([batches.get(1000), batches.get(2000)]).toEqual([[[1, 2]], []]);
    // Logged after the checkpoint of 2000, never taken by a batch.
    await first.store([3]);
    await first.store([4, 5]);
    await ssc.stop();

    clock = new ManualClock();
    const second = new TestReceiver();
    ssc = await StreamingContext.getOrCreate(dir, create(second));
    ssc.start();
    // Recovery re-runs the checkpointed batch (2000) with its own blocks, then goes on.
    await clock.advance(1000);
    expect([...batches]).toEqual([
      [2000, []],
      [3000, [[3], [4, 5]]],
    ]);
    expect(second.calls).toEqual(['start']);
  });

  it('a block the log lost fails the batch that needs it with a WriteAheadLogError naming the damage', async () => {
    let batches = new Map<number, number[][]>();
    const logged: string[] = [];
    const logger: Logger = {
      warn: (message) => logged.push(`warn ${message}`),
      error: (_, message) => logged.push(`error ${message}`),
    };
    const create = (receiver: TestReceiver) => (): StreamingContext =>
      walContext(
        (context) => {
          batches = collectPartitions(context.receiverStream(receiver));
        },
        { logger },
      );
    const first = new TestReceiver();
    ssc = create(first)();
    ssc.start();
    await first.store([1, 2]); // block 0, taken by the batch of 1000
    await clock.advance(1000);
    const segmentDir = join(dir, 'receivedData', '0');
    const [name] = await readdir(segmentDir);
    const file = join(segmentDir, name as string);
    const blockOneAt = (await stat(file)).size;
    await first.store([3]); // block 1
    await first.store([4, 5]); // block 2
    await ssc.stop();
    // 16 bytes of block 1 flipped.
    const bytes = await readFile(file);
    for (let i = blockOneAt + 40; i < blockOneAt + 56; i++) bytes[i] = (bytes[i] as number) ^ 0xff;
    await writeFile(file, bytes);

    clock = new ManualClock();
    logged.length = 0;
    ssc = await StreamingContext.getOrCreate(dir, create(new TestReceiver()));
    expect(logged).toEqual([
      `error Write-ahead log damage in ${file} at offset ${blockOneAt}: the block written there fails its checksum. Stream 0 lost block 1 (1 block, 1 record), acknowledged before the restart; needed by the next batch, which will fail`,
    ]);
    ssc.start();
    const termination = ssc.awaitTermination();
    await clock.advance(1000);
    // The checkpointed batch (1000) runs again with its block; the next one needs the lost block.
    expect([...batches]).toEqual([[1000, [[1, 2]]]]);
    const expected = new WriteAheadLogError(
      `Could not read data from write ahead log record ${file} at offset ${blockOneAt} (block 1 of stream 0, acknowledged, needed by the batch of 2000 ms): the block written there fails its checksum`,
      file,
      blockOneAt,
    );
    await expect(termination).rejects.toThrow(expected);
    await expect(termination).rejects.toMatchObject({ file, offset: blockOneAt });
  });

  it('keeps the blocks every retained checkpoint file needs (two checkpoints are written per batch)', async () => {
    const errors: string[] = [];
    const logger: Logger = { warn: () => undefined, error: (_, message) => errors.push(message) };
    let batches = new Map<number, number[][]>();
    const create = (receiver: TestReceiver) => (): StreamingContext =>
      walContext(
        (context) => {
          batches = collectPartitions(context.receiverStream(receiver));
        },
        // A segment per block, so the log's cleaning is exact.
        { logger, writeAheadLogRollingInterval: Milliseconds(1000) },
      );
    const first = new TestReceiver();
    ssc = create(first)();
    ssc.start();
    for (let item = 1; item <= 12; item++) {
      await first.store([item]);
      await clock.advance(1000);
    }
    await ssc.stop();
    const retained = (await readdir(dir))
      .filter((name) => name.startsWith('checkpoint-'))
      .sort((a, b) => Number(a.slice(11)) - Number(b.slice(11)));
    expect(retained).toHaveLength(10);
    // The newer files are lost: recovery falls back to the oldest one retention kept.
    for (const name of retained.slice(1)) await rm(join(dir, name));

    clock = new ManualClock();
    ssc = await StreamingContext.getOrCreate(dir, create(new TestReceiver()));
    ssc.start();
    await clock.advance(1000);
    expect(errors).toEqual([]);
    // The batch of 3000 runs again with its block; the next takes every later one, one per block.
    expect([...batches]).toEqual([
      [3000, [[3]]],
      [4000, [[4], [5], [6], [7], [8], [9], [10], [11], [12]]],
    ]);
  });

  it('every batch a window remembers gets its blocks back from the log, not only the re-run ones', async () => {
    let windows = new Map<number, number[]>();
    const create = (receiver: TestReceiver) => (): StreamingContext =>
      walContext((context) => {
        const seen = new Map<number, number[]>();
        context
          .receiverStream(receiver)
          .window(Milliseconds(3000), Milliseconds(1000))
          .foreachRDD((rdd, time) => {
            seen.set(
              time.milliseconds,
              rdd.collect().sort((a, b) => a - b),
            );
          });
        windows = seen;
      });
    const first = new TestReceiver();
    ssc = create(first)();
    ssc.start();
    for (const item of [1, 2, 3]) {
      await first.store([item]);
      await clock.advance(1000);
    }
    expect(windows.get(3000)).toEqual([1, 2, 3]);
    await ssc.stop();

    clock = new ManualClock();
    const second = new TestReceiver();
    ssc = await StreamingContext.getOrCreate(dir, create(second));
    ssc.start();
    await second.store([4]);
    await clock.advance(1000);
    // 3000 re-runs over the batches of 1000 and 2000, which only the log still has.
    expect([...windows]).toEqual([
      [3000, [1, 2, 3]],
      [4000, [2, 3, 4]],
    ]);
  });
});
