/**
 * The test kit's contexts: a StreamingContext on its own ManualClock, fed by replayable test
 * inputs, whose output stream, printed text and batch infos are recorded. Shared by runStream and
 * checkRecovery (which hands `createKitContext` to getOrCreate as the setup function).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamingContext } from '../context/streaming-context.js';
import { DStream } from '../dstream/dstream.js';
import type { TextWriter } from '../output/print.js';
import type { BatchInfo } from '../scheduler/batch-info.js';
import { ManualClock } from '../scheduler/clock/manual-clock.js';
import type { Logger } from '../scheduler/logger.js';
import type { Duration } from '../time/duration.js';
import type { Time } from '../time/time.js';
import type { InputBatches, RunBatchesOptions } from './run-batches.js';
import { TestInputDStream } from './test-input-dstream.js';

/**
 * One batch of the output stream: its batch time and its records (partitions in order).
 *
 * @example
 * ```ts
 * const batch: BatchOutput<number> = { time: new Time(2000), output: [3] };
 * ```
 */
export interface BatchOutput<O> {
  /** The batch time. */
  readonly time: Time;
  /** What the output stream's RDD held at that time (partitions flattened in order). */
  readonly output: O[];
}

/** What a kit run records; `failure` is the first error a batch raised. */
export interface RunRecorder<O> {
  readonly batches: BatchOutput<O>[];
  readonly events: BatchInfo[];
  printed: string;
  failure: { readonly error: unknown } | undefined;
}

/** Failures come back as rejections; printing them too would only be noise. */
export const SILENT_LOGGER: Logger = { warn: () => undefined, error: () => undefined };

export function newRecorder<O>(): RunRecorder<O> {
  return { batches: [], events: [], printed: '', failure: undefined };
}

/**
 * Build a kit context: a ManualClock at `clockStart`, the checkpoint directory, one test input per
 * input (replayable: each batch is computed from its time), `operation`, and the recording output.
 * `stdout` undefined captures `pprint` into the recorder.
 */
export function createKitContext<I, O, X extends readonly unknown[]>(
  options: RunBatchesOptions<I, O, X> & { readonly clockStart?: Time },
  recorder: RunRecorder<O>,
  checkpointDir: string,
  stdout?: TextWriter,
): StreamingContext {
  const ssc = new StreamingContext({
    batchDuration: options.batchDuration,
    clock: new ManualClock(options.clockStart?.milliseconds ?? 0),
    logger: SILENT_LOGGER,
    isolated: true,
    stdout: stdout ?? {
      write: (text: string) => {
        recorder.printed += text;
      },
    },
    ...(options.defaultParallelism === undefined
      ? {}
      : { defaultParallelism: options.defaultParallelism }),
  });
  ssc.checkpoint(checkpointDir);
  const partitions = options.numInputPartitions ?? 2;
  const inputs = allInputs(options).map(
    (batches) => new DStream(new TestInputDStream<unknown>(ssc, batches, partitions)),
  );
  const [first, ...others] = inputs as [DStream<I>, ...{ [K in keyof X]: DStream<X[K]> }];
  options.operation(first, ...others).foreachRDD((rdd, time) => {
    recorder.batches.push({ time, output: rdd.collect() });
  });
  ssc.addStreamingListener({
    onBatchCompleted: ({ batchInfo }) => {
      recorder.events.push(batchInfo);
    },
  });
  ssc.awaitTermination().catch((error: unknown) => {
    recorder.failure ??= { error };
  });
  return ssc;
}

interface KitInputs {
  readonly input: InputBatches<unknown>;
  readonly extraInputs?: readonly InputBatches<unknown>[];
}

/** The main input and the extra inputs, in order. */
function allInputs(options: KitInputs): InputBatches<unknown>[] {
  return [options.input, ...(options.extraInputs ?? [])];
}

/** The number of batches to run: `numBatches`, by default the longest input. */
export function numBatchesOf(options: KitInputs & { readonly numBatches?: number }): number {
  return options.numBatches ?? Math.max(0, ...allInputs(options).map((batches) => batches.length));
}

/** Run `body` with a fresh temporary directory, removed afterwards. */
export async function withTempDir<R>(body: (dir: string) => Promise<R>): Promise<R> {
  const dir = await mkdtemp(join(tmpdir(), 'dstream-ts-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The time of batch `k` (1-based) of a kit context whose clock started at `clockStart`. */
export function batchTimeMs(
  batchDuration: Duration,
  clockStart: Time | undefined,
  k: number,
): number {
  const batchMs = batchDuration.milliseconds;
  return (Math.floor((clockStart?.milliseconds ?? 0) / batchMs) + k) * batchMs;
}

/**
 * Start `ssc`, move its ManualClock to `untilMs`
 * (every batch due by then completes), stop it, and throw the first error a batch raised.
 */
export async function runUntil(
  ssc: StreamingContext,
  untilMs: number,
  recorder: RunRecorder<unknown>,
): Promise<void> {
  try {
    ssc.start();
    await ssc.advance(Math.max(0, untilMs - ssc.clock.now()));
  } finally {
    await ssc.stop();
  }
  if (recorder.failure !== undefined) throw recorder.failure.error;
}
