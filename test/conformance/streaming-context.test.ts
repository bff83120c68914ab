/**
 * Port of Spark's StreamingContextSuite
 * (streaming/src/test/scala/org/apache/spark/streaming/StreamingContextSuite.scala): lifecycle,
 * the single active context, error reporting to awaitTermination, and stopping. Everything runs
 * in virtual time; the real-time awaitTerminationOrTimeout cases live in
 * test/integration/await-termination.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Clock,
  type DStream,
  IllegalArgumentError,
  IllegalStateError,
  type Logger,
  ManualClock,
  Milliseconds,
  Seconds,
  SparkContext,
  SparkError,
  StorageLevel,
  StreamingContext,
  StreamingContextState,
  UnsupportedOperationError,
} from '../../src/index.js';
import { BurstClock } from '../support/burst-clock.js';

interface RecordingLogger extends Logger {
  readonly warnings: string[];
  readonly errors: { message: string; error: unknown }[];
}

function recordingLogger(): RecordingLogger {
  const warnings: string[] = [];
  const errors: { message: string; error: unknown }[] = [];
  return {
    warnings,
    errors,
    warn: (message) => {
      warnings.push(message);
    },
    error: ({ err }, message) => {
      errors.push({ message, error: err });
    },
  };
}

/** A promise with its resolve function, to hold a job until the test releases it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const contexts: StreamingContext[] = [];

/** Spark's suite uses a 500 ms batch on `local[2]`; here always on a ManualClock. */
function newContext(
  options: { clock?: Clock; batchDuration?: number; sparkContext?: SparkContext } = {},
): { ssc: StreamingContext; clock: ManualClock; log: RecordingLogger } {
  const clock = new ManualClock();
  const log = recordingLogger();
  const ssc = new StreamingContext({
    batchDuration: Milliseconds(options.batchDuration ?? 500),
    clock: options.clock ?? clock,
    logger: log,
    ...(options.sparkContext === undefined ? {} : { sparkContext: options.sparkContext }),
  });
  contexts.push(ssc);
  return { ssc, clock, log };
}

/** Spark's `addInputStream`: batch i holds 1..i. */
function addInputStream(ssc: StreamingContext): DStream<number> {
  const queue: number[][] = [];
  for (let i = 1; i <= 100; i++) queue.push(Array.from({ length: i }, (_, k) => k + 1));
  return ssc.queueStream(queue);
}

/** Spark's `DStream.register()`: an output that does nothing. */
function register(stream: DStream<unknown>): void {
  stream.foreachRDD(() => undefined);
}

afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop();
  expect(StreamingContext.getActive()).toBeUndefined();
});

describe('StreamingContextSuite', () => {
  it('StreamingContextSuite › from existing SparkContext', () => {
    const sc = new SparkContext({ appName: 'StreamingContextSuite' });
    const { ssc } = newContext({ sparkContext: sc });
    expect(ssc.sparkContext).toBe(sc);
    expect(ssc.batchDuration.milliseconds).toBe(500);
    expect(new StreamingContext(sc, Seconds(2)).batchDuration.milliseconds).toBe(2000);
  });

  it('StreamingContextSuite › constructor forms', () => {
    const byDuration = new StreamingContext(Seconds(1));
    expect(byDuration.batchDuration.milliseconds).toBe(1000);
    expect(byDuration.getState()).toBe('INITIALIZED');
    const byOptions = new StreamingContext({
      batchDuration: Milliseconds(250),
      defaultParallelism: 4,
      appName: 'app',
    });
    expect(byOptions.batchDuration.milliseconds).toBe(250);
    expect(byOptions.sparkContext.defaultParallelism).toBe(4);
    expect(byOptions.sparkContext.appName).toBe('app');
  });

  it('StreamingContextSuite › batch duration cannot be null', () => {
    const sc = new SparkContext();
    expect(() => new StreamingContext(sc, null as never)).toThrow(
      new IllegalArgumentError(
        'requirement failed: Batch duration for StreamingContext cannot be null',
      ),
    );
  });

  it('StreamingContextSuite › state matching', () => {
    expect(StreamingContextState.INITIALIZED).toBe('INITIALIZED');
    expect(StreamingContextState.ACTIVE).toBe('ACTIVE');
    expect(StreamingContextState.STOPPED).toBe('STOPPED');
    expect(StreamingContextState.INITIALIZED).not.toBe(StreamingContextState.ACTIVE);
  });

  it('StreamingContextSuite › start and stop state check', async () => {
    const { ssc, log } = newContext();
    register(addInputStream(ssc));
    expect(ssc.getState()).toBe(StreamingContextState.INITIALIZED);
    ssc.start();
    expect(ssc.getState()).toBe(StreamingContextState.ACTIVE);
    await ssc.stop();
    expect(ssc.getState()).toBe(StreamingContextState.STOPPED);
    // The SparkContext is stopped too by default (stopSparkContextByDefault = true).
    expect(ssc.sparkContext.isStopped).toBe(true);
    expect(log.warnings).toEqual([]);
    expect(log.errors).toEqual([]);
  });

  it('StreamingContextSuite › start multiple times', () => {
    const { ssc, log } = newContext();
    register(addInputStream(ssc));
    ssc.start();
    expect(ssc.getState()).toBe('ACTIVE');
    ssc.start();
    expect(ssc.getState()).toBe('ACTIVE');
    expect(log.warnings).toEqual(['StreamingContext has already been started']);
    expect(StreamingContext.getActive()).toBe(ssc);
  });

  it('StreamingContextSuite › stop multiple times', async () => {
    const { ssc, log } = newContext();
    register(addInputStream(ssc));
    ssc.start();
    await ssc.stop();
    expect(ssc.getState()).toBe('STOPPED');
    await ssc.stop();
    expect(ssc.getState()).toBe('STOPPED');
    expect(log.warnings).toEqual(['StreamingContext has already been stopped']);
  });

  it('StreamingContextSuite › stop before start', async () => {
    const { ssc, log } = newContext();
    register(addInputStream(ssc));
    await ssc.stop(); // does not throw
    expect(ssc.getState()).toBe('STOPPED');
    expect(log.warnings).toEqual(['StreamingContext has not been started yet']);
  });

  it('StreamingContextSuite › start after stop', async () => {
    const { ssc } = newContext();
    register(addInputStream(ssc));
    await ssc.stop();
    expect(() => {
      ssc.start();
    }).toThrow(new IllegalStateError('StreamingContext has already been stopped'));
    expect(ssc.getState()).toBe('STOPPED');

    const second = newContext().ssc;
    register(addInputStream(second));
    second.start();
    await second.stop();
    expect(() => {
      second.start();
    }).toThrow(IllegalStateError);
    expect(() => {
      second.start();
    }).toThrow('StreamingContext has already been stopped');
    expect(second.getState()).toBe('STOPPED');
  });

  it('StreamingContextSuite › stop only streaming context', async () => {
    const { ssc } = newContext();
    const sc = ssc.sparkContext;
    register(addInputStream(ssc));
    ssc.start();
    await ssc.stop({ stopSparkContext: false });
    expect(ssc.getState()).toBe('STOPPED');
    expect(sc.isStopped).toBe(false);
    expect(sc.makeRDD(Array.from({ length: 100 }, (_, i) => i + 1)).collect()).toHaveLength(100);

    // The SparkContext can host the next StreamingContext.
    const next = newContext({ sparkContext: sc }).ssc;
    register(addInputStream(next));
    next.start();
    expect(next.getState()).toBe('ACTIVE');
    await next.stop(false); // positional form
    expect(sc.isStopped).toBe(false);
    await next.stop(true);
    expect(sc.isStopped).toBe(true);
  });

  it('StreamingContextSuite › stop(stopSparkContext=true) after stop(stopSparkContext=false)', async () => {
    const { ssc } = newContext();
    register(addInputStream(ssc));
    await ssc.stop({ stopSparkContext: false });
    expect(ssc.sparkContext.isStopped).toBe(false);
    expect(ssc.sparkContext.makeRDD([1, 2, 3]).collect()).toEqual([1, 2, 3]);
    await ssc.stop({ stopSparkContext: true });
    expect(ssc.sparkContext.isStopped).toBe(true);
    expect(() => ssc.sparkContext.makeRDD([1])).toThrow(
      new IllegalStateError('Cannot call methods on a stopped SparkContext.'),
    );
  });

  it('StreamingContextSuite › stop gracefully', async () => {
    // Three batches are generated at once; the first one's job is held. A graceful stop
    // requested meanwhile lets all three finish.
    const clock = new BurstClock();
    const { ssc } = newContext({ clock, batchDuration: 100 });
    const hold = gate();
    const firstStarted = gate();
    const processed: number[] = [];
    let runningCount = 0;
    addInputStream(ssc)
      .count()
      .foreachRDD(async (rdd, time) => {
        if (time.milliseconds === 100) {
          firstStarted.open();
          await hold.promise;
        }
        runningCount += rdd.first();
        processed.push(time.milliseconds);
      });
    ssc.start();
    clock.fireUntil(300);
    await firstStarted.promise;
    const stopping = ssc.stop({ stopSparkContext: false, stopGracefully: true });
    hold.open();
    await stopping;
    expect(processed).toEqual([100, 200, 300]);
    expect(runningCount).toBe(1 + 2 + 3);
    expect(ssc.getState()).toBe('STOPPED');
    expect(ssc.sparkContext.isStopped).toBe(false);
  });

  it('StreamingContextSuite › stop non-gracefully drops the batches still queued', async () => {
    const clock = new BurstClock();
    const { ssc } = newContext({ clock, batchDuration: 100 });
    const hold = gate();
    const firstStarted = gate();
    const processed: number[] = [];
    addInputStream(ssc).foreachRDD(async (_rdd, time) => {
      if (time.milliseconds === 100) {
        firstStarted.open();
        await hold.promise;
      }
      processed.push(time.milliseconds);
    });
    ssc.start();
    clock.fireUntil(300);
    await firstStarted.promise;
    const stopping = ssc.stop({ stopSparkContext: false, stopGracefully: false });
    hold.open(); // the running job cannot be interrupted; it finishes
    await stopping;
    expect(processed).toEqual([100]);
    expect(ssc.getState()).toBe('STOPPED');
  });

  it('StreamingContextSuite › awaitTermination', async () => {
    const { ssc, clock } = newContext();
    register(addInputStream(ssc).map((x) => x));
    ssc.start(); // does not block
    let terminated = false;
    const termination = ssc.awaitTermination().then(() => {
      terminated = true;
    });
    await clock.advance(5000);
    expect(terminated).toBe(false); // does not return while running
    await ssc.stop();
    await termination;
    expect(terminated).toBe(true);
  });

  it('StreamingContextSuite › awaitTermination after stop', async () => {
    const { ssc } = newContext();
    register(addInputStream(ssc).map((x) => x));
    ssc.start();
    await ssc.stop();
    await expect(ssc.awaitTermination()).resolves.toBeUndefined();
  });

  it('StreamingContextSuite › awaitTermination with error in task', async () => {
    const { ssc, clock, log } = newContext();
    const error = new Error('error in map task');
    addInputStream(ssc)
      .map((): number => {
        throw error;
      })
      .foreachRDD((rdd) => {
        rdd.count();
      });
    const termination = expect(ssc.awaitTermination()).rejects.toBe(error);
    ssc.start();
    await clock.advance(500);
    await termination;
    expect(log.errors).toEqual([{ message: 'Error running job streaming job 500 ms.0', error }]);
  });

  it('StreamingContextSuite › awaitTermination with error in job generation', async () => {
    const { ssc, clock, log } = newContext();
    const error = new Error('error in transform');
    register(
      addInputStream(ssc).transform(() => {
        throw error;
      }),
    );
    const termination = expect(ssc.awaitTermination()).rejects.toBe(error);
    ssc.start();
    await clock.advance(500);
    await termination;
    expect(log.errors).toEqual([{ message: 'Error generating jobs for time 500 ms', error }]);
  });

  it('StreamingContextSuite › a failed job: the original error is sticky and later batches keep running', async () => {
    const { ssc, clock } = newContext({ batchDuration: 1000 });
    const error = new Error('boom at 2000');
    const outputs: [number, number[]][] = [];
    const seenBySecondOutput: number[] = [];
    const stream = ssc.queueStream([[1], [2], [3], [4]]);
    stream.foreachRDD((rdd, time) => {
      if (time.milliseconds === 2000) throw error;
      outputs.push([time.milliseconds, rdd.collect()]);
    });
    stream.foreachRDD((_rdd, time) => {
      seenBySecondOutput.push(time.milliseconds);
    });
    const first = expect(ssc.awaitTermination()).rejects.toBe(error);
    ssc.start();
    await clock.advance(4000);
    await first;
    // Reporting the error did not stop the context.
    expect(ssc.getState()).toBe('ACTIVE');
    expect(outputs).toEqual([
      [1000, [1]],
      [3000, [3]],
      [4000, [4]],
    ]);
    // The other job of the failed batch ran too.
    expect(seenBySecondOutput).toEqual([1000, 2000, 3000, 4000]);
    // Sticky: every later wait rejects at once with the same error, even after stop.
    await expect(ssc.awaitTermination()).rejects.toBe(error);
    await expect(ssc.awaitTerminationOrTimeout(60_000)).rejects.toBe(error);
    await ssc.stop();
    await expect(ssc.awaitTermination()).rejects.toBe(error);
  });

  it('StreamingContextSuite › a transform returning null fails its batch with SparkError', async () => {
    const { ssc, clock, log } = newContext({ batchDuration: 1000 });
    const ran: string[] = [];
    const stream = ssc.queueStream([[1], [2]]);
    stream.foreachRDD((_rdd, time) => {
      ran.push(`plain ${time.milliseconds}`);
    });
    stream
      .transform((rdd, time) => (time.milliseconds === 1000 ? (null as never) : rdd))
      .foreachRDD((rdd, time) => {
        ran.push(`transformed ${time.milliseconds}: ${rdd.collect().join(',')}`);
      });
    const termination = ssc.awaitTermination().then(
      () => undefined,
      (e: unknown) => e,
    );
    ssc.start();
    await clock.advance(2000);
    const failure = await termination;
    expect(failure).toBeInstanceOf(SparkError);
    expect((failure as SparkError).message).toBe(
      'Transform function must not return null. Return SparkContext.emptyRDD() instead to represent no element as the result of transformation.',
    );
    expect(log.errors).toEqual([
      { message: 'Error generating jobs for time 1000 ms', error: failure },
    ]);
    // Generating the batch failed, so it has no jobs at all; the next batch runs normally.
    expect(ran).toEqual(['plain 2000', 'transformed 2000: 2']);
  });

  it('StreamingContextSuite › no output operations', () => {
    const { ssc, log } = newContext();
    addInputStream(ssc).map((x) => x);
    expect(() => {
      ssc.start();
    }).toThrow(
      new IllegalArgumentError(
        'requirement failed: No output operations registered, so nothing to execute',
      ),
    );
    expect(ssc.getState()).toBe('STOPPED');
    expect(StreamingContext.getActive()).toBeUndefined();
    expect(log.errors.map((e) => e.message)).toEqual([
      'Error starting the context, marking it as stopped',
    ]);
    expect(log.errors[0]?.error).toBeInstanceOf(IllegalArgumentError);
  });

  it('StreamingContextSuite › getActive and getActiveOrCreate', async () => {
    expect(StreamingContext.getActive()).toBeUndefined();
    const sc = new SparkContext();
    let newContextCreated = false;
    const creatingFunc = (): StreamingContext => {
      newContextCreated = true;
      const created = newContext({ sparkContext: sc }).ssc;
      addInputStream(created).foreachRDD((rdd) => {
        rdd.count();
      });
      return created;
    };

    // getActiveOrCreate creates a context; getActive returns it only once started.
    const ssc = StreamingContext.getActiveOrCreate(creatingFunc);
    expect(newContextCreated).toBe(true);
    expect(StreamingContext.getActive()).toBeUndefined();
    ssc.start();
    expect(StreamingContext.getActive()).toBe(ssc);
    newContextCreated = false;
    expect(StreamingContext.getActiveOrCreate(creatingFunc)).toBe(ssc);
    expect(newContextCreated).toBe(false);
    await ssc.stop({ stopSparkContext: false });
    expect(StreamingContext.getActive()).toBeUndefined();
    const another = StreamingContext.getActiveOrCreate(creatingFunc);
    expect(another).not.toBe(ssc);
    expect(newContextCreated).toBe(true);

    // An independently created context is returned once activated.
    const independent = creatingFunc();
    expect(StreamingContext.getActive()).toBeUndefined();
    independent.start();
    expect(StreamingContext.getActive()).toBe(independent);
    expect(StreamingContext.getActiveOrCreate(creatingFunc)).toBe(independent);
    await independent.stop({ stopSparkContext: false });
    expect(StreamingContext.getActive()).toBeUndefined();
  });

  it('StreamingContextSuite › multiple streaming contexts', () => {
    const sc = new SparkContext();
    const { ssc } = newContext({ sparkContext: sc, batchDuration: 1000 });
    addInputStream(ssc).foreachRDD((rdd) => {
      rdd.count();
    });
    ssc.start();

    // Creating another context is fine; starting it is not.
    const another = newContext({ sparkContext: sc, batchDuration: 10_000 }).ssc;
    addInputStream(another).foreachRDD((rdd) => {
      rdd.count();
    });
    let thrown: unknown;
    try {
      another.start();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IllegalStateError);
    expect((thrown as Error).message).toMatch(
      /^Only one StreamingContext may be started in this process\. Currently running StreamingContext was started at streaming-context\.test\.ts:\d+$/,
    );
    expect(another.getState()).toBe('INITIALIZED');
    expect(StreamingContext.getActive()).toBe(ssc);
  });

  it('StreamingContextSuite › throw exception on using active or stopped context', async () => {
    const { ssc } = newContext();
    expect(ssc.getState()).toBe('INITIALIZED');
    const input = addInputStream(ssc);
    const transformed = input.map((x) => x);
    transformed.foreachRDD((rdd) => {
      rdd.count();
    });

    const afterStart = new IllegalStateError(
      'Adding new inputs, transformations, and output operations after starting a context is not supported',
    );
    ssc.start();
    expect(ssc.getState()).toBe('ACTIVE');
    expect(() => addInputStream(ssc)).toThrow(afterStart);
    expect(() => input.map((x) => x * 2)).toThrow(afterStart);
    expect(() => {
      transformed.foreachRDD((rdd) => {
        rdd.collect();
      });
    }).toThrow(afterStart);
    expect(() => {
      transformed.pprint();
    }).toThrow(afterStart);
    expect(() => ssc.constantInputDStream(ssc.sparkContext.parallelize([1]))).toThrow(afterStart);
    expect(() => ssc.union([input, transformed])).toThrow(afterStart);

    const afterStop = new IllegalStateError(
      'Adding new inputs, transformations, and output operations after stopping a context is not supported',
    );
    await ssc.stop({ stopSparkContext: false });
    expect(ssc.getState()).toBe('STOPPED');
    expect(() => addInputStream(ssc)).toThrow(afterStop);
    expect(() => input.map((x) => x * 2)).toThrow(afterStop);
    expect(() => {
      transformed.foreachRDD((rdd) => {
        rdd.collect();
      });
    }).toThrow(afterStop);
    expect(() => input.transform((rdd) => rdd)).toThrow(IllegalStateError);
  });

  it('StreamingContextSuite › remember can be set only once', () => {
    const { ssc } = newContext();
    ssc.remember(Seconds(1));
    expect(() => {
      ssc.remember(Seconds(2));
    }).toThrow(
      new IllegalArgumentError(
        'requirement failed: Remember duration already set as 1000 ms. Cannot set it again.',
      ),
    );
  });

  it('StreamingContextSuite › persist after start is not supported', async () => {
    const { ssc } = newContext();
    const stream = addInputStream(ssc).map((x) => x);
    expect(stream.persist(StorageLevel.MEMORY_ONLY)).toBe(stream); // allowed before start
    register(stream);
    ssc.start();
    const expected = new UnsupportedOperationError(
      'Cannot change storage level of a DStream after streaming context has started',
    );
    expect(() => stream.persist()).toThrow(expected);
    expect(() => stream.cache()).toThrow(expected);
    await ssc.stop();
    expect(() => stream.persist(StorageLevel.MEMORY_AND_DISK)).toThrow(expected);
  });

  it('StreamingContextSuite › Creating an InputDStream but not using it should not crash', async () => {
    const { ssc, clock } = newContext();
    const unused = ssc.queueStream([[1], [2], [3]]);
    const used = ssc.queueStream([[10], [20], [30]]);
    expect(unused).not.toBe(used);
    const outputs: number[][] = [];
    used.foreachRDD((rdd) => {
      outputs.push(rdd.collect());
    });
    let failed: unknown;
    ssc.awaitTermination().catch((error: unknown) => {
      failed = error;
    });
    ssc.start();
    await clock.advance(1000);
    expect(outputs).toEqual([[10], [20]]);
    expect(failed).toBeUndefined();
    await ssc.stop();
  });
});
