/**
 * Conformance: checkpoint recovery (spec §6.6, §7.1–7.3, §7.5), in process, on ManualClocks and
 * real temporary directories. A "crash" is `await ssc.stop()` after k batches; the restart is
 * `StreamingContext.getOrCreate` over the same directory with the same create function.
 *
 * Ported from Spark's `CheckpointSuite`
 * (apache/spark streaming/src/test/scala/org/apache/spark/streaming/CheckpointSuite.scala), whose
 * `testCheckpointedOperation` runs a replayable input for k batches, restarts from the checkpoint
 * directory and expects the first batch after the restart to be the last batch before it (re-run),
 * then the remaining batches; Spark's batch is 500 ms there. Its replayable `TestInputStream` is
 * `constantInputDStream(...).transform((rdd, time) => batch at time)` here. The ported cases
 * compare each batch as a multiset (Spark: as a set); the other cases compare the recorded output
 * calls exactly, order included.
 * - "recovery with map and reduceByKey operations", "recovery with invertible
 *   reduceByKeyAndWindow operation", "recovery with updateStateByKey operation": as in Spark.
 * - "recovery with saveAsHadoopFiles operation": with `saveAsTextFiles` (no Hadoop formats); the
 *   re-run batch overwrites its directory.
 * - "basic rdd checkpoints + dstream graph checkpoint recovery": adapted. Spark deletes an RDD
 *   checkpoint file once the newest graph checkpoint no longer refers to it; here a data file is
 *   kept while any of the 10 retained metadata files refers to it (so that falling back to an
 *   older metadata file still finds its data), so the "earlier files deleted" step comes later.
 *   Spark's `spark.streaming.manualClock.jump` is a ManualClock that starts later.
 * - "SPARK-28912: Fix MatchError in getCheckpointFiles": in test/unit/checkpoint.
 * - MapWithStateSuite's "mapWithState - driver failure recovery" (1 s batch): as in Spark.
 * Not ported: "recovery with saveAsHadoopFile inside transform operation" (SPARK-4835): Spark
 * disables output-spec validation inside streaming jobs, so a re-run batch may save to a directory
 * that exists; here `rdd.saveAsTextFile` of the re-run batch fails with FileAlreadyExistsError.
 * Nor "recovery of conf through checkpoints", "get correct spark.driver.[host|port]",
 * "SPARK-30199" (no SparkConf is checkpointed: the create function builds the context), "recovery
 * maintains rate controller" and "recovery with file input stream" (no rate controllers or file
 * streams),
 * "DStreamCheckpointData.restore invoking times" (no pluggable checkpoint data), "recovery from
 * checkpoint contains array object" (JVM class loading), "SPARK-11267" (one checkpoint per batch,
 * written after the batch, so no late older checkpoint), "SPARK-6847" (RDD checkpointing of
 * marked ancestors), "non-existent checkpoint dir" (there is no `new StreamingContext(path)`).
 *
 * Besides Spark's cases: a fast-check property that a run interrupted after any k batches
 * produces, batch by batch, the outputs of an uninterrupted run (the batch at k twice) for
 * updateStateByKey, inverse windows, mapWithState with timeouts, and plain windows; corrupt
 * checkpoint and data files; graph changes with named stateful operators; the json serializer;
 * getActiveOrCreate.
 */
import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckpointMetadata } from '../../src/checkpoint/checkpoint.js';
import { decodeCheckpointFile } from '../../src/checkpoint/checkpoint-file-format.js';
import { listCheckpointFiles } from '../../src/checkpoint/checkpoint-files.js';
import { readCheckpointFile } from '../../src/checkpoint/checkpoint-reader.js';
import {
  CheckpointError,
  type CheckpointSerializer,
  type DStream,
  type Duration,
  jsonSerializer,
  type Logger,
  ManualClock,
  Milliseconds,
  type Pair,
  type RDD,
  Seconds,
  type State,
  StateSpec,
  StreamingContext,
  type Time,
} from '../../src/index.js';

type Input = readonly (readonly string[])[];
/** One call of an output function: the output's name, the batch time, the records. */
type Event = readonly [output: string, timeMs: number, records: unknown[]];
type Record = (output: string) => (rdd: RDD<unknown>, time: Time) => void;
/** Builds an application's graph on `source`, a replayable input of strings. */
type Build = (source: DStream<string>, record: Record, ssc: StreamingContext) => void;

const QUEUE_STREAM_MESSAGE =
  "queueStream doesn't support checkpointing. Please don't use queueStream when checkpointing is enabled.";

const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;
const sum = (values: readonly number[]): number => values.reduce(add, 0);
const toPair = (word: string): Pair<string, number> => [word, 1];

/** Everything one application run observes; its contexts are stopped after each test. */
class Harness {
  readonly events: Event[] = [];
  /** Warnings and errors logged by the contexts. */
  readonly logs: string[] = [];
  /** Warnings logged by getOrCreate (skipped checkpoint files). */
  readonly recoveryWarnings: string[] = [];
  readonly contexts: StreamingContext[] = [];
  created = 0;
  readonly logger: Logger = {
    warn: (message) => this.logs.push(`WARN ${message}`),
    error: ({ err }, message) => this.logs.push(`ERROR ${message}: ${String(err)}`),
  };
  readonly recoveryLogger: Logger = {
    warn: (message) => this.recoveryWarnings.push(message),
    error: (_fields, message) => this.recoveryWarnings.push(`ERROR ${message}`),
  };

  /** The events recorded from index `from` on. */
  since(from: number): Event[] {
    return this.events.slice(from);
  }
}

const harnesses: Harness[] = [];
const directories: string[] = [];

afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    for (const ssc of h.contexts) if (ssc.getState() === 'ACTIVE') await ssc.stop();
  }
  const active = StreamingContext.getActive();
  if (active !== undefined) await active.stop();
  for (const dir of directories.splice(0)) await rm(dir, { recursive: true, force: true });
});

function harness(): Harness {
  const h = new Harness();
  harnesses.push(h);
  return h;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dstream-ts-recovery-'));
  directories.push(dir);
  return dir;
}

interface AppOptions {
  readonly batchDuration?: Duration;
  /** Whether the create function calls `ssc.checkpoint(dir)` (default true). */
  readonly setsCheckpointDir?: boolean;
  readonly serializer?: CheckpointSerializer;
  /** Start time of each new context's ManualClock (default 0). */
  readonly clockStart?: () => number;
}

/**
 * The create function of an application: a new context on a new ManualClock whose input replays
 * `input[time / batch - 1]` at every batch time (no data past the input), and `build`'s graph.
 */
function creator(
  dir: string,
  input: Input,
  build: Build,
  h: Harness,
  options: AppOptions = {},
): () => StreamingContext {
  return () => {
    h.created++;
    const batch = options.batchDuration ?? Seconds(1);
    const ssc = new StreamingContext({
      batchDuration: batch,
      clock: new ManualClock(options.clockStart?.() ?? 0),
      logger: h.logger,
      defaultParallelism: 2,
      ...(options.serializer === undefined ? {} : { checkpointSerializer: options.serializer }),
    });
    h.contexts.push(ssc);
    if (options.setsCheckpointDir !== false) ssc.checkpoint(dir);
    const seed = ssc.sparkContext.parallelize([0], 1);
    const source = ssc
      .constantInputDStream(seed)
      .transform((rdd, time: Time) =>
        rdd.context.parallelize([...(input[time.milliseconds / batch.milliseconds - 1] ?? [])], 2),
      );
    build(
      source,
      (output) => (rdd, time) => {
        h.events.push([output, time.milliseconds, rdd.collect()]);
      },
      ssc,
    );
    return ssc;
  };
}

/** Advance `ssc`'s ManualClock batch by batch to `timeMs`, waiting for every batch (re-runs too). */
async function runUntil(ssc: StreamingContext, timeMs: number): Promise<void> {
  const batch = ssc.batchDuration.milliseconds;
  while (ssc.clock.now() < timeMs) await ssc.advance(Math.min(batch, timeMs - ssc.clock.now()));
  await ssc.advance(0);
}

/** getOrCreate, start, run to `timeMs`, stop; return the context. */
async function runApp(
  dir: string,
  create: () => StreamingContext,
  h: Harness,
  timeMs: number,
): Promise<StreamingContext> {
  const ssc = await StreamingContext.getOrCreate(dir, create, { logger: h.recoveryLogger });
  ssc.start();
  try {
    await runUntil(ssc, timeMs);
  } finally {
    await ssc.stop();
  }
  return ssc;
}

/** The events of an uninterrupted run of `batches` batches. */
async function uninterrupted(
  input: Input,
  build: Build,
  batches: number,
  options: AppOptions = {},
): Promise<Event[]> {
  const dir = await tempDir();
  const h = harness();
  const batch = (options.batchDuration ?? Seconds(1)).milliseconds;
  await runApp(dir, creator(dir, input, build, h, options), h, batches * batch);
  expect(h.logs).toEqual([]);
  return h.events;
}

interface Interrupted {
  readonly dir: string;
  readonly h: Harness;
  readonly create: () => StreamingContext;
  /** Events of the first context (batches 1..k). */
  readonly before: Event[];
}

/** Run `k` batches and stop (the crash); the checkpoint directory is left for a restart. */
async function runBeforeCrash(
  input: Input,
  build: Build,
  k: number,
  options: AppOptions = {},
): Promise<Interrupted> {
  const dir = await tempDir();
  const h = harness();
  const create = creator(dir, input, build, h, options);
  const batch = (options.batchDuration ?? Seconds(1)).milliseconds;
  await runApp(dir, create, h, k * batch);
  return { dir, h, create, before: h.since(0) };
}

/** Restart from the directory and run to batch `batches`; return the restarted run's events. */
async function restart(
  run: Interrupted,
  batches: number,
  options: AppOptions = {},
): Promise<Event[]> {
  const from = run.h.events.length;
  const batch = (options.batchDuration ?? Seconds(1)).milliseconds;
  await runApp(run.dir, run.create, run.h, batches * batch);
  return run.h.since(from);
}

const atOrBefore = (events: Event[], ms: number): Event[] => events.filter((e) => e[1] <= ms);
const atOrAfter = (events: Event[], ms: number): Event[] => events.filter((e) => e[1] >= ms);

/** Input batches of words from a small alphabet (keys repeat, go idle and come back). */
const inputArb = (batches: number): fc.Arbitrary<string[][]> =>
  fc.array(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 4 }), {
    minLength: batches,
    maxLength: batches,
  });

/**
 * The property: stopping after k batches and recovering gives, batch by batch, the outputs of an
 * uninterrupted run, the batch at k being output twice (at-least-once).
 */
async function expectRecoveryEquivalence(
  build: Build,
  batches: number,
  numRuns: number,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      inputArb(batches),
      fc.integer({ min: 1, max: batches - 1 }),
      async (input, k) => {
        const full = await uninterrupted(input, build, batches);
        const run = await runBeforeCrash(input, build, k);
        expect(run.before).toEqual(atOrBefore(full, k * 1000));
        const after = await restart(run, batches);
        expect(after).toEqual(atOrAfter(full, k * 1000));
        expect(run.h.created).toBe(2);
        expect(run.h.logs).toEqual([]);
        expect(run.h.recoveryWarnings).toEqual([]);
      },
    ),
    { numRuns },
  );
}

describe('recovery equivalence: a run stopped after k batches and recovered (property)', () => {
  const BATCHES = 12;

  it('updateStateByKey (default and 2 s checkpoint intervals, keys dropped)', async () => {
    await expectRecoveryEquivalence(
      (source, record) => {
        const pairs = source.map(toPair);
        pairs
          .updateStateByKey(
            (values: number[], state: number | undefined) => sum(values) + (state ?? 0),
          )
          .foreachRDD(record('totals'));
        pairs
          .updateStateByKey((values: number[], state: number | undefined) => {
            const total = sum(values) + (state ?? 0);
            return total >= 4 ? undefined : total;
          })
          .checkpoint(Seconds(2))
          .foreachRDD(record('dropped at 4'));
      },
      BATCHES,
      15,
    );
  });

  it('inverse reduceByKeyAndWindow (slide 1 s, default interval; slide 2 s, 4 s interval, filtered)', async () => {
    await expectRecoveryEquivalence(
      (source, record) => {
        const pairs = source.map(toPair);
        pairs.reduceByKeyAndWindow(add, sub, Seconds(3), Seconds(1)).foreachRDD(record('last 3 s'));
        pairs
          .reduceByKeyAndWindow(add, sub, Seconds(6), Seconds(2), 2, ([, n]) => n > 0)
          .checkpoint(Seconds(4))
          .foreachRDD(record('last 6 s every 2 s'));
      },
      BATCHES,
      15,
    );
  });

  it('mapWithState with timeouts (2 s interval and timeout; default interval, 3 s timeout)', async () => {
    await expectRecoveryEquivalence(
      (source, record) => {
        const pairs = source.map(toPair);
        const count = (time: Time, key: string, one: number | undefined, state: State<number>) => {
          if (state.isTimingOut()) return [key, 'timed out', state.get(), time.milliseconds];
          const n = (state.getOption() ?? 0) + (one ?? 0);
          state.update(n);
          return [key, n, time.milliseconds];
        };
        const fast = pairs.mapWithState(StateSpec.function(count).timeout(Seconds(2)));
        fast.checkpoint(Seconds(2));
        fast.foreachRDD(record('fast'));
        fast.stateSnapshots().foreachRDD(record('fast snapshots'));
        const slow = pairs.mapWithState(StateSpec.function(count).timeout(Seconds(3)));
        slow.foreachRDD(record('slow'));
        slow.stateSnapshots().foreachRDD(record('slow snapshots'));
      },
      BATCHES,
      15,
    );
  });

  it('window (slide 1 s and 2 s) and countByWindow', async () => {
    await expectRecoveryEquivalence(
      (source, record) => {
        source.window(Seconds(3), Seconds(1)).foreachRDD(record('window 3 s'));
        source.window(Seconds(4), Seconds(2)).foreachRDD(record('window 4 s every 2 s'));
        source.countByWindow(Seconds(3), Seconds(1)).foreachRDD(record('count 3 s'));
      },
      BATCHES,
      15,
    );
  });
});

/** A record's canonical text, for comparing a batch as a multiset (Spark's `useSet`). */
function canonical(record: unknown): string {
  return JSON.stringify(record);
}

/** Each event's records sorted by canonical text. */
function sortedRecords(events: readonly Event[]): Event[] {
  return events.map(([output, time, records]) => [
    output,
    time,
    [...records].sort((a, b) =>
      canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0,
    ),
  ]);
}

/** The records of output `output`, batch by batch, each batch sorted. */
function batchesOf(events: readonly Event[], output = 'out'): unknown[][] {
  return sortedRecords(events.filter((e) => e[0] === output)).map((e) => e[2]);
}

/**
 * Spark's `testCheckpointedOperation`: run `input` with `operation` for `k` batches, stop, recover,
 * run the remaining batches; the first batch after the restart is batch k again.
 */
async function testCheckpointedOperation(
  input: Input,
  operation: (source: DStream<string>) => DStream<unknown>,
  expected: readonly (readonly unknown[])[],
  k: number,
  batchDuration: Duration = Milliseconds(500),
): Promise<void> {
  const options = { batchDuration };
  const run = await runBeforeCrash(
    input,
    (source, record) => {
      operation(source).foreachRDD(record('out'));
    },
    k,
    options,
  );
  expect(batchesOf(run.before)).toEqual(expected.slice(0, k).map((b) => [...b].sort()));
  const after = await restart(run, expected.length, options);
  expect(batchesOf(after)).toEqual(
    expected.slice(k - 1).map((b) => [...b].sort((x, y) => (canonical(x) < canonical(y) ? -1 : 1))),
  );
  expect(run.h.created).toBe(2);
  expect(run.h.logs).toEqual([]);
}

describe('CheckpointSuite and MapWithStateSuite (ported)', () => {
  const mapReduceInput = [['a', 'a', 'b'], ['', ''], [], ['a', 'a', 'b'], ['', ''], []];
  const mapReduceOutput = [
    [
      ['a', 2],
      ['b', 1],
    ],
    [['', 2]],
    [],
    [
      ['a', 2],
      ['b', 1],
    ],
    [['', 2]],
    [],
  ];

  it('CheckpointSuite › recovery with map and reduceByKey operations', async () => {
    await testCheckpointedOperation(
      mapReduceInput,
      (s) => s.map(toPair).reduceByKey(add),
      mapReduceOutput,
      3,
    );
  });

  it('CheckpointSuite › recovery with invertible reduceByKeyAndWindow operation', async () => {
    const n = 10;
    const w = 4;
    const batch = Milliseconds(500);
    const input = Array.from({ length: n }, () => ['a']);
    const output = [
      [['a', 1]],
      [['a', 2]],
      [['a', 3]],
      ...Array.from({ length: n - w + 1 }, () => [['a', 4]]),
    ];
    await testCheckpointedOperation(
      input,
      (s) =>
        s
          .map(toPair)
          .reduceByKeyAndWindow(add, sub, batch.times(w), batch)
          .checkpoint(batch.times(2)),
      output,
      7,
    );
  });

  it('CheckpointSuite › recovery with saveAsHadoopFiles operation (saveAsTextFiles)', async () => {
    const out = await tempDir();
    const operation = (s: DStream<string>): DStream<unknown> => {
      const counts = s.map(toPair).reduceByKey(add);
      counts.saveAsTextFiles(join(out, 'result'));
      return counts;
    };
    await testCheckpointedOperation(mapReduceInput, operation, mapReduceOutput, 3);
    // Batch 3 (1500 ms) ran twice: its directory was overwritten, not refused.
    const dirs = (await readdir(out)).sort();
    expect(dirs).toEqual(
      ['500', '1000', '1500', '2000', '2500', '3000'].map((t) => `result-${t}`).sort(),
    );
    const part = async (time: number): Promise<string[]> => {
      const files = (await readdir(join(out, `result-${time}`))).filter((f) =>
        f.startsWith('part-'),
      );
      const lines = await Promise.all(
        files.map((f) => readFile(join(out, `result-${time}`, f), 'utf8')),
      );
      return lines
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .sort();
    };
    expect(await part(500)).toEqual(['(a,2)', '(b,1)']);
    expect(await part(1000)).toEqual(['(,2)']);
    expect(await part(1500)).toEqual([]);
    expect(await part(2000)).toEqual(['(a,2)', '(b,1)']);
    expect(await part(2500)).toEqual(['(,2)']);
  });

  it('CheckpointSuite › recovery with updateStateByKey operation', async () => {
    const batch = Milliseconds(500);
    await testCheckpointedOperation(
      Array.from({ length: 10 }, () => ['a']),
      (s) =>
        s
          .map(toPair)
          .updateStateByKey(
            (values: number[], state: number | undefined) => sum(values) + (state ?? 0),
          )
          .checkpoint(batch.times(2))
          .map(([k, v]) => [k, v]),
      Array.from({ length: 10 }, (_, i) => [['a', i + 1]]),
      7,
    );
  });

  it('CheckpointSuite › basic rdd checkpoints + dstream graph checkpoint recovery', async () => {
    const batch = Milliseconds(500);
    const options: AppOptions = {
      batchDuration: batch,
      // The third context starts as if restarted 7 batches later (Spark's manualClock.jump).
      clockStart: () => (h.created === 3 ? 8000 + 7 * 500 : 0),
    };
    const dir = await tempDir();
    const h = harness();
    const build: Build = (source, record) => {
      source
        .map(toPair)
        .updateStateByKey(
          (values: number[], state: number | undefined) => sum(values) + (state ?? 0),
        )
        .checkpoint(Seconds(1))
        .map(([k, v]) => [k, v])
        .foreachRDD(record('out'));
    };
    const create = creator(
      dir,
      Array.from({ length: 30 }, () => ['a']),
      build,
      h,
      options,
    );
    const newest = async (): Promise<CheckpointMetadata> => {
      const names = await listCheckpointFiles(dir);
      return (await readCheckpointFile(dir, names.at(-1) as string, [])) as CheckpointMetadata;
    };
    const exists = async (file: string): Promise<boolean> =>
      stat(join(dir, file)).then(
        () => true,
        () => false,
      );
    const stateStream = (ssc: StreamingContext) =>
      ssc.graph.reachableStreams().find((s) => s.className === 'StateDStream');

    // Run until at least one RDD of the state stream was checkpointed.
    let ssc = await StreamingContext.getOrCreate(dir, create, { logger: h.recoveryLogger });
    ssc.start();
    await runUntil(ssc, 2 * 500);
    const first = (await newest()).streams[0]?.data ?? [];
    expect(first.map((d) => d.timeMs)).toEqual([1000]);
    for (const { file } of first) expect(await exists(file)).toBe(true);
    // Run until no retained checkpoint refers to those files any more. The state stream remembers
    // 2 s, so checkpoint-2500 is the last to refer to the RDD of 1 s; it is the oldest of the 10
    // retained at 7 s, and rolls out at 7.5 s.
    await runUntil(ssc, 14 * 500);
    expect((await listCheckpointFiles(dir))[0]).toBe('checkpoint-2500');
    for (const { file } of first) expect(await exists(file)).toBe(true);
    await runUntil(ssc, 15 * 500);
    for (const { file } of first) expect(await exists(file)).toBe(false);
    await ssc.stop();
    expect(batchesOf(h.events)).toEqual(Array.from({ length: 15 }, (_, i) => [['a', i + 1]]));

    // Recover: the state stream's checkpointed RDDs are restored before start.
    ssc = await StreamingContext.getOrCreate(dir, create, { logger: h.recoveryLogger });
    expect([...(stateStream(ssc)?.generatedRDDs.keys() ?? [])].sort()).toEqual([6000, 7000]);
    expect([...(stateStream(ssc)?.checkpointedTimes ?? [])].sort()).toEqual([6000, 7000]);
    // Run one batch (after the re-run of 7.5 s): the new checkpoint refers to existing files.
    ssc.start();
    await runUntil(ssc, 16 * 500);
    const second = (await newest()).streams[0]?.data ?? [];
    expect(second.map((d) => d.timeMs)).toEqual([7000, 8000]);
    for (const { file } of second) expect(await exists(file)).toBe(true);
    await ssc.stop();

    // Recover again, 7 batches later: every batch from the checkpoint's (8 s) on is generated.
    const mark = h.events.length;
    ssc = await StreamingContext.getOrCreate(dir, create, { logger: h.recoveryLogger });
    expect([...(stateStream(ssc)?.generatedRDDs.keys() ?? [])].sort()).toEqual([7000, 8000]);
    ssc.start();
    await runUntil(ssc, 11_500 + 4 * 500);
    await ssc.stop();
    const after = h.since(mark);
    expect(after.map((e) => e[1])).toEqual(Array.from({ length: 12 }, (_, i) => 8000 + i * 500));
    expect(batchesOf(after)).toEqual(Array.from({ length: 12 }, (_, i) => [['a', 16 + i]]));
    expect(h.created).toBe(3);
    expect(h.logs).toEqual([]);
    expect(h.recoveryWarnings).toEqual([]);
  });

  it('MapWithStateSuite › mapWithState - driver failure recovery', async () => {
    const inputData = [[], ['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []];
    const stateData = [
      [],
      [['a', 1]],
      [
        ['a', 2],
        ['b', 1],
      ],
      [
        ['a', 3],
        ['b', 2],
        ['c', 1],
      ],
      [
        ['a', 4],
        ['b', 3],
        ['c', 1],
      ],
      [
        ['a', 5],
        ['b', 3],
        ['c', 1],
      ],
      [
        ['a', 5],
        ['b', 3],
        ['c', 1],
      ],
    ];
    const batch = Seconds(1);
    await testCheckpointedOperation(
      inputData,
      (s) => {
        const runningCount = (_key: string, value: number | undefined, state: State<number>) => {
          state.update((state.getOption() ?? 0) + (value ?? 0));
          return state.get();
        };
        const stream = s.map(toPair).mapWithState(StateSpec.function(runningCount));
        // Set the interval so that one RDD is checkpointed before the restart.
        stream.checkpoint(batch.times(Math.floor(stateData.length / 2)));
        return stream.stateSnapshots();
      },
      stateData,
      Math.floor(inputData.length / 2),
      batch,
    );
  });
});

describe('at-least-once: the checkpoint time is re-run, zeroTime is kept', () => {
  const input = Array.from({ length: 12 }, (_, i) => [`w${i % 3}`]);
  const build: Build = (source, record) => {
    source
      .map(toPair)
      .updateStateByKey((v: number[], s: number | undefined) => sum(v) + (s ?? 0))
      .foreachRDD(record('totals'));
    source.window(Seconds(4), Seconds(2)).foreachRDD(record('window every 2 s'));
  };

  it('restarts on the original grid, re-running the last checkpointed batch', async () => {
    const full = await uninterrupted(input, build, 10);
    const run = await runBeforeCrash(input, build, 5);
    const names = await listCheckpointFiles(run.dir);
    expect(names).toEqual([1, 2, 3, 4, 5].map((t) => `checkpoint-${t * 1000}`));
    const newest = (await readCheckpointFile(run.dir, 'checkpoint-5000', [])) as CheckpointMetadata;
    expect(newest.zeroTimeMs).toBe(0);
    expect(newest.checkpointTimeMs).toBe(5000);
    expect(newest.pendingTimesMs).toEqual([]);

    const ssc = await StreamingContext.getOrCreate(run.dir, run.create, {
      logger: run.h.recoveryLogger,
    });
    // The recovered context's ManualClock is moved to the checkpoint's time.
    expect(ssc.clock.now()).toBe(5000);
    const mark = run.h.events.length;
    ssc.start();
    expect(ssc.graph.zeroTime?.milliseconds).toBe(0);
    await ssc.advance(0);
    // The last checkpointed batch (5000) ran again: its output function was called again.
    expect(run.h.since(mark)).toEqual(full.filter((e) => e[1] === 5000));
    expect(run.h.since(mark).map((e) => e[0])).toEqual(['totals']);
    await runUntil(ssc, 10_000);
    await ssc.stop();
    const after = run.h.since(mark);
    // zeroTime 0 is kept: the 2 s window still outputs at even times.
    expect(after.map((e) => `${e[0]}@${e[1]}`)).toEqual([
      'totals@5000',
      'totals@6000',
      'window every 2 s@6000',
      'totals@7000',
      'totals@8000',
      'window every 2 s@8000',
      'totals@9000',
      'totals@10000',
      'window every 2 s@10000',
    ]);
    expect(after).toEqual(atOrAfter(full, 5000));
  });

  it('generates every batch from the checkpoint time up to now when the clock moved on', async () => {
    const full = await uninterrupted(input, build, 11);
    // The restarted context's clock reads 8.5 s: batches 5 s … 8 s run at once, then 9 s on.
    let restarted = false;
    const run = await runBeforeCrash(input, build, 5, { clockStart: () => (restarted ? 8500 : 0) });
    restarted = true;
    const ssc = await StreamingContext.getOrCreate(run.dir, run.create, {
      logger: run.h.recoveryLogger,
    });
    expect(ssc.clock.now()).toBe(8500);
    const mark = run.h.events.length;
    ssc.start();
    await ssc.advance(0);
    expect([...new Set(run.h.since(mark).map((e) => e[1]))]).toEqual([5000, 6000, 7000, 8000]);
    await runUntil(ssc, 11_000);
    await ssc.stop();
    expect(run.h.since(mark)).toEqual(atOrAfter(full, 5000));
  });

  it('a batch whose job failed stays pending and is re-run on recovery', async () => {
    const h = harness();
    const dir = await tempDir();
    const failing: Build = (source, record, ssc) => {
      const first = h.created === 1;
      source
        .map(toPair)
        .updateStateByKey((v: number[], s: number | undefined) => sum(v) + (s ?? 0))
        .foreachRDD((rdd, time) => {
          if (first && time.milliseconds === 4000) throw new Error('output failed at 4000');
          record('totals')(rdd, time);
        });
      void ssc.awaitTermination().catch(() => undefined);
    };
    const create = creator(dir, input, failing, h);
    await runApp(dir, create, h, 5000);
    expect(h.events.map((e) => e[1])).toEqual([1000, 2000, 3000, 5000]);
    const newest = (await readCheckpointFile(dir, 'checkpoint-5000', [])) as CheckpointMetadata;
    expect(newest.pendingTimesMs).toEqual([4000]);
    // 4000's checkpoint is the one written when it was generated (Spark writes one then too):
    // recovering from it would re-run 4000 as its checkpoint time.
    const generated = (await readCheckpointFile(dir, 'checkpoint-4000', [])) as CheckpointMetadata;
    expect([generated.checkpointTimeMs, generated.pendingTimesMs]).toEqual([4000, []]);
    expect(await listCheckpointFiles(dir)).toEqual([
      'checkpoint-1000',
      'checkpoint-2000',
      'checkpoint-3000',
      'checkpoint-4000',
      'checkpoint-5000',
    ]);
    const mark = h.events.length;
    await runApp(dir, create, h, 6000);
    const full = await uninterrupted(input, build, 6);
    expect(h.since(mark)).toEqual(full.filter((e) => e[0] === 'totals' && e[1] >= 4000));
    expect(h.logs).toEqual([
      'ERROR Error running job streaming job 4000 ms.0: Error: output failed at 4000',
    ]);
  });
});

describe('getOrCreate with no checkpoint', () => {
  const build: Build = (source, record) => {
    source
      .map(toPair)
      .updateStateByKey((v: number[], s: number | undefined) => sum(v) + (s ?? 0))
      .foreachRDD(record('totals'));
  };
  const input = [['a'], ['b'], ['a']];

  it('calls create(), and gives the context checkpointPath if create() set no directory', async () => {
    const dir = await tempDir();
    const h = harness();
    const ssc = await StreamingContext.getOrCreate(
      dir,
      creator(dir, input, build, h, { setsCheckpointDir: false }),
    );
    expect(h.created).toBe(1);
    expect(ssc.checkpointDir).toBe(dir);
    expect(ssc.clock.now()).toBe(0);
    ssc.start();
    await runUntil(ssc, 3000);
    await ssc.stop();
    expect(await listCheckpointFiles(dir)).toEqual([
      'checkpoint-1000',
      'checkpoint-2000',
      'checkpoint-3000',
    ]);
    expect(batchesOf(h.events, 'totals')).toEqual([
      [['a', 1]],
      [
        ['a', 1],
        ['b', 1],
      ],
      [
        ['a', 2],
        ['b', 1],
      ],
    ]);
  });

  it('keeps the directory create() set', async () => {
    const dir = await tempDir();
    const other = await tempDir();
    const h = harness();
    const ssc = await StreamingContext.getOrCreate(dir, creator(other, input, build, h));
    expect(ssc.checkpointDir).toBe(other);
    expect(h.created).toBe(1);
  });

  it('creates a directory that does not exist', async () => {
    const dir = join(await tempDir(), 'not', 'yet');
    const h = harness();
    const ssc = await StreamingContext.getOrCreate(
      dir,
      creator(dir, input, build, h, { setsCheckpointDir: false }),
    );
    expect(h.created).toBe(1);
    expect(ssc.checkpointDir).toBe(dir);
    expect((await stat(dir)).isDirectory()).toBe(true);
  });

  it('calls create() when the directory holds no checkpoint file (data, temporary and other files)', async () => {
    const dir = await tempDir();
    for (const name of ['rdd-3-1000', '.checkpoint-2000.tmp', 'checkpoint-x', 'notes']) {
      await writeFile(join(dir, name), 'x');
    }
    const h = harness();
    await StreamingContext.getOrCreate(dir, creator(dir, input, build, h), {
      logger: h.recoveryLogger,
    });
    expect(h.created).toBe(1);
    expect(h.recoveryWarnings).toEqual([]);
  });
});

/** updateStateByKey, an inverse window and mapWithState, checkpointing every 2 s. */
const statefulBuild: Build = (source, record) => {
  const pairs = source.map(toPair);
  pairs
    .updateStateByKey((v: number[], s: number | undefined) => sum(v) + (s ?? 0))
    .checkpoint(Seconds(2))
    .foreachRDD(record('totals'));
  pairs
    .reduceByKeyAndWindow(add, sub, Seconds(3), Seconds(1))
    .checkpoint(Seconds(2))
    .foreachRDD(record('last 3 s'));
  const seen = pairs.mapWithState(
    StateSpec.function((key: string, one: number | undefined, state: State<number>) => {
      const n = (state.getOption() ?? 0) + (one ?? 0);
      state.update(n);
      return [key, n];
    }),
  );
  seen.checkpoint(Seconds(2));
  seen.stateSnapshots().foreachRDD(record('seen'));
};
const statefulInput = Array.from({ length: 14 }, (_, i) =>
  [['a', 'b', 'c'][i % 3] as string, 'd'].slice(0, 1 + (i % 2)),
);

describe('recovered state comes from the data files', () => {
  it('input older than the window and the newest data checkpoints is not read again', async () => {
    const h = harness();
    const dir = await tempDir();
    /** The restarted context's input fails for batches up to 3 s, which recovery must not need. */
    const build: Build = (_source, record, ssc) => {
      const restarted = h.created > 1;
      const source = ssc
        .constantInputDStream(ssc.sparkContext.parallelize([0], 1))
        .transform((rdd, time: Time) => {
          if (restarted && time.milliseconds <= 3000) {
            throw new Error(`batch ${time.milliseconds} replayed`);
          }
          return rdd.context.parallelize(
            [...(statefulInput[time.milliseconds / 1000 - 1] ?? [])],
            2,
          );
        });
      statefulBuild(source, record, ssc);
    };
    const full = await uninterrupted(statefulInput, statefulBuild, 10);
    const create = creator(dir, statefulInput, build, h);
    await runApp(dir, create, h, 7000);
    const mark = h.events.length;
    await runApp(dir, create, h, 10_000);
    expect(h.logs).toEqual([]);
    expect(h.since(mark)).toEqual(atOrAfter(full, 7000));
  });
});

describe('corrupt checkpoints: skipped with a warning, the previous one is used', () => {
  const header = 9 + 'v8'.length + 40;
  const recoveringFrom = (timeMs: number): string =>
    `Recovering from checkpoint-${timeMs}, the newest checkpoint that restores every stream, in place of the newer files skipped above: batches from ${timeMs} ms on run again`;

  it('a truncated newest checkpoint file', async () => {
    const full = await uninterrupted(statefulInput, statefulBuild, 12);
    const run = await runBeforeCrash(statefulInput, statefulBuild, 7);
    const file = join(run.dir, 'checkpoint-7000');
    const size = (await stat(file)).size;
    await truncate(file, size - 10);
    const after = await restart(run, 12);
    expect(run.h.recoveryWarnings).toEqual([
      `Skipping checkpoint file checkpoint-7000: truncated checkpoint file (${size - header - 10} of ${size - header} payload bytes): it ends at byte ${size - 10}, the length in bytes ${header - 8}–${header - 1} says at byte ${size}`,
      recoveringFrom(6000),
    ]);
    expect(after).toEqual(atOrAfter(full, 6000));
    expect(run.h.logs).toEqual([]);
  });

  it('a flipped byte in the newest checkpoint file', async () => {
    const full = await uninterrupted(statefulInput, statefulBuild, 12);
    const run = await runBeforeCrash(statefulInput, statefulBuild, 7);
    const file = join(run.dir, 'checkpoint-7000');
    const bytes = await readFile(file);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] as number) ^ 0x20;
    await writeFile(file, bytes);
    const after = await restart(run, 12);
    expect(run.h.recoveryWarnings).toEqual([
      `Skipping checkpoint file checkpoint-7000: checksum mismatch: the checkpoint file is corrupt (the SHA-256 of the payload, bytes ${header}–${bytes.length - 1}, differs from the one in bytes 11–42)`,
      recoveringFrom(6000),
    ]);
    expect(after).toEqual(atOrAfter(full, 6000));
  });

  it('the two newest files damaged (emptied, foreign), and a newer foreign file', async () => {
    const full = await uninterrupted(statefulInput, statefulBuild, 12);
    const run = await runBeforeCrash(statefulInput, statefulBuild, 7);
    await truncate(join(run.dir, 'checkpoint-7000'), 0);
    await writeFile(
      join(run.dir, 'checkpoint-6000'),
      'not a checkpoint at all, but long enough to have a header',
    );
    await writeFile(join(run.dir, 'checkpoint-99000'), 'x');
    const after = await restart(run, 12);
    const notACheckpoint = 'not a dstream-ts checkpoint file';
    expect(run.h.recoveryWarnings).toEqual([
      `Skipping checkpoint file checkpoint-99000: ${notACheckpoint}: too short (1 bytes; the header alone takes 49)`,
      `Skipping checkpoint file checkpoint-7000: ${notACheckpoint}: too short (0 bytes; the header alone takes 49)`,
      `Skipping checkpoint file checkpoint-6000: ${notACheckpoint}: bad magic number (bytes 0–3 are 6e6f7420, not 44535443, "DSTC")`,
      recoveringFrom(5000),
    ]);
    expect(after).toEqual(atOrAfter(full, 5000));
  });

  it('a corrupt data file referenced by the newest checkpoints: an older checkpoint is used', async () => {
    const full = await uninterrupted(statefulInput, statefulBuild, 12);
    const run = await runBeforeCrash(statefulInput, statefulBuild, 7);
    const refs = async (name: string): Promise<string[]> =>
      ((await readCheckpointFile(run.dir, name, [])) as CheckpointMetadata).streams.flatMap((s) =>
        s.data.map((d) => d.file),
      );
    // The updateStateByKey stream's newest data file (6 s), referenced by checkpoints 6 s and 7 s.
    const stateFile = (await refs('checkpoint-7000')).find((f) => f.endsWith('-6000')) as string;
    expect(await refs('checkpoint-6000')).toContain(stateFile);
    expect(await refs('checkpoint-5000')).not.toContain(stateFile);
    const bytes = await readFile(join(run.dir, stateFile));
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0x01;
    await writeFile(join(run.dir, stateFile), bytes);
    const after = await restart(run, 12);
    const why = `its data file ${stateFile} (the state of StateDStream[3] at 6000 ms) could not be read: checksum mismatch: the checkpoint file is corrupt (the SHA-256 of the payload, bytes ${header}–${bytes.length - 1}, differs from the one in bytes 11–42)`;
    expect(stateFile).toBe('rdd-3-6000');
    expect(run.h.recoveryWarnings).toEqual([
      `Skipping checkpoint file checkpoint-7000: ${why}`,
      `Skipping checkpoint file checkpoint-6000: ${why}`,
      recoveringFrom(5000),
    ]);
    expect(after).toEqual(atOrAfter(full, 5000));
    // The re-run batch at 6 s wrote the data file again.
    await expect(readCheckpointFile(run.dir, stateFile, [])).resolves.toBeDefined();
  });

  it('a deleted data file: an older checkpoint is used', async () => {
    const full = await uninterrupted(statefulInput, statefulBuild, 12);
    const run = await runBeforeCrash(statefulInput, statefulBuild, 7);
    const newest = (await readCheckpointFile(run.dir, 'checkpoint-7000', [])) as CheckpointMetadata;
    const file = newest.streams[0]?.data.at(-1)?.file as string;
    expect(file.endsWith('-6000')).toBe(true);
    await rm(join(run.dir, file));
    const after = await restart(run, 12);
    const why = `its data file ${file} (the state of StateDStream[3] at 6000 ms) could not be read: ENOENT: no such file or directory, open '${join(run.dir, file)}'`;
    expect(run.h.recoveryWarnings).toEqual([
      `Skipping checkpoint file checkpoint-7000: ${why}`,
      `Skipping checkpoint file checkpoint-6000: ${why}`,
      recoveringFrom(5000),
    ]);
    expect(after).toEqual(atOrAfter(full, 5000));
  });

  it('every checkpoint file corrupt: CheckpointError "Failed to read checkpoint from directory <dir>"', async () => {
    const run = await runBeforeCrash(statefulInput, statefulBuild, 4);
    for (const name of await listCheckpointFiles(run.dir)) await truncate(join(run.dir, name), 30);
    const error = await StreamingContext.getOrCreate(run.dir, run.create, {
      logger: run.h.recoveryLogger,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const tooShort =
      'not a dstream-ts checkpoint file: too short (30 bytes; the header alone takes 49)';
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toBe(
      `Failed to read checkpoint from directory ${run.dir}: no checkpoint in it can be restored. ` +
        [4, 3, 2, 1]
          .map((t) => `checkpoint-${t}000 (the checkpoint of ${t}000 ms): ${tooShort}`)
          .join('; '),
    );
    expect(((error as Error).cause as Error).message).toBe(tooShort);
    expect(run.h.recoveryWarnings).toEqual(
      [4, 3, 2, 1].map((t) => `Skipping checkpoint file checkpoint-${t * 1000}: ${tooShort}`),
    );
    // create() was not called for the failed recovery.
    expect(run.h.created).toBe(1);
  });

  it('every checkpoint file corrupt with createOnError: create() makes a new context', async () => {
    const full = await uninterrupted(statefulInput, statefulBuild, 6);
    const run = await runBeforeCrash(statefulInput, statefulBuild, 4);
    for (const name of await listCheckpointFiles(run.dir)) {
      const bytes = await readFile(join(run.dir, name));
      bytes[60] = (bytes[60] as number) ^ 0xff;
      await writeFile(join(run.dir, name), bytes);
    }
    const mark = run.h.events.length;
    const ssc = await StreamingContext.getOrCreate(run.dir, run.create, {
      createOnError: true,
      logger: run.h.recoveryLogger,
    });
    expect(run.h.created).toBe(2);
    expect(ssc.clock.now()).toBe(0);
    const warnings = run.h.recoveryWarnings;
    expect(warnings.slice(0, 4).map((w) => w.split(' (the SHA-256')[0])).toEqual(
      [4, 3, 2, 1].map(
        (t) =>
          `Skipping checkpoint file checkpoint-${t * 1000}: checksum mismatch: the checkpoint file is corrupt`,
      ),
    );
    // Differs from Spark, which starts afresh silently: the lost state is reported.
    expect(warnings.slice(4)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Failed to read checkpoint from directory ${run.dir}: no checkpoint in it can be restored\\. checkpoint-4000 \\(the checkpoint of 4000 ms\\): checksum mismatch: .*; checkpoint-1000 \\(the checkpoint of 1000 ms\\): checksum mismatch: .*\\. Starting a new context instead \\(createOnError\\): the state and input positions the checkpoints held are lost$`,
        ),
      ),
    ]);
    ssc.start();
    await runUntil(ssc, 6000);
    await ssc.stop();
    // A fresh start: zero time 0 again, every batch from the first.
    expect(run.h.since(mark)).toEqual(full);
  });

  it('every data file corrupt: CheckpointError naming the directory', async () => {
    const build: Build = (source, record) => {
      source
        .map(toPair)
        .updateStateByKey((v: number[], s: number | undefined) => sum(v) + (s ?? 0))
        .checkpoint(Seconds(1))
        .foreachRDD(record('totals'));
    };
    const run = await runBeforeCrash(statefulInput, build, 3);
    const dataFiles = (await readdir(run.dir)).filter((f) => f.startsWith('rdd-')).sort();
    expect(dataFiles.length).toBeGreaterThan(0);
    for (const file of dataFiles) await truncate(join(run.dir, file), 60);
    const error = await StreamingContext.getOrCreate(run.dir, run.create, {
      logger: run.h.recoveryLogger,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CheckpointError);
    // The error names each damaged data file and the state it held.
    const truncated = (time: number): string =>
      `rdd-3-${time} \\(the state of StateDStream\\[3\\] at ${time} ms\\): truncated checkpoint file \\(9 of \\d+ payload bytes\\): it ends at byte 60, the length in bytes 43–50 says at byte \\d+`;
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Failed to read checkpoint from directory ${run.dir}: no checkpoint in it can be restored\\. ${[2000, 3000, 1000].map(truncated).join('; ')}$`,
      ),
    );
    // Each checkpoint skipped names its damaged data files.
    expect(
      run.h.recoveryWarnings.map((w) => [
        w.split(': its data')[0],
        [...w.matchAll(/rdd-3-\d+ \(the state of StateDStream\[3\] at \d+ ms\)/g)].length,
        [...w.matchAll(/rdd-3-\d+/g)].map((m) => m[0]),
      ]),
    ).toEqual([
      ['Skipping checkpoint file checkpoint-3000', 2, ['rdd-3-2000', 'rdd-3-3000']],
      ['Skipping checkpoint file checkpoint-2000', 2, ['rdd-3-1000', 'rdd-3-2000']],
      ['Skipping checkpoint file checkpoint-1000', 1, ['rdd-3-1000']],
    ]);
  });
});

describe('mapWithState: a timeout crossing the restart', () => {
  it('a key idle since before the restart times out after it, as in an uninterrupted run', async () => {
    const input = [['a'], ['b'], ['b'], [], [], []];
    const build: Build = (source, record) => {
      const spec = StateSpec.function(
        (time: Time, key: string, one: number | undefined, state: State<number>) => {
          if (state.isTimingOut()) return [key, 'timed out', state.get(), time.milliseconds];
          const n = (state.getOption() ?? 0) + (one ?? 0);
          state.update(n);
          return [key, n, time.milliseconds];
        },
      ).timeout(Seconds(2));
      const seen = source.map(toPair).mapWithState(spec);
      seen.checkpoint(Seconds(1));
      seen.foreachRDD(record('mapped'));
      seen.stateSnapshots().foreachRDD(record('snapshots'));
    };
    const expectedMapped = [
      [['a', 1, 1000]],
      [['b', 1, 2000]],
      [['b', 2, 3000]],
      // Idle keys are found on checkpoint batches (every batch here): 'a', last updated at 1 s, is
      // idle for more than 2 s at 4 s. The restart after 2 s restores the state with its update times.
      [['a', 'timed out', 1, 4000]],
      [],
      [['b', 'timed out', 2, 6000]],
    ];
    const expectedSnapshots = [
      [['a', 1]],
      [
        ['a', 1],
        ['b', 1],
      ],
      [
        ['a', 1],
        ['b', 2],
      ],
      [['b', 2]],
      [['b', 2]],
      [],
    ];
    const full = await uninterrupted(input, build, 6);
    expect(batchesOf(full, 'mapped')).toEqual(expectedMapped);
    expect(batchesOf(full, 'snapshots')).toEqual(expectedSnapshots);
    const run = await runBeforeCrash(input, build, 2);
    const after = await restart(run, 6);
    expect(batchesOf(after, 'mapped')).toEqual(expectedMapped.slice(1));
    expect(batchesOf(after, 'snapshots')).toEqual(expectedSnapshots.slice(1));
    expect(after).toEqual(atOrAfter(full, 2000));
  });
});

describe('graph changes', () => {
  const input = Array.from({ length: 14 }, (_, i) => [
    ['a', 'b', 'c'][i % 3] as string,
    ['d', 'a'][i % 2] as string,
  ]);
  /** The three stateful operators of recoverable-word-count, named, checkpointing every 2 s. */
  const named =
    (names: { totals?: string; window?: string; seen?: string } = {}): Build =>
    (source, record) => {
      const pairs = source.map(toPair);
      pairs
        .updateStateByKey((v: number[], s: number | undefined) => sum(v) + (s ?? 0))
        .name(names.totals ?? 'totals')
        .checkpoint(Seconds(2))
        .foreachRDD(record('totals'));
      pairs
        .reduceByKeyAndWindow(add, sub, Seconds(3), Seconds(1))
        .name(names.window ?? 'last-3s')
        .foreachRDD(record('last-3s'));
      pairs
        .mapWithState(
          StateSpec.function((key: string, one: number | undefined, state: State<number>) => {
            const n = (state.getOption() ?? 0) + (one ?? 0);
            state.update(n);
            return [key, n];
          }),
        )
        .name(names.seen ?? 'seen')
        .foreachRDD(record('seen'));
    };
  /** Like `named()`, with an unrelated output created first, so every stream id shifts. */
  const withExtraOutput: Build = (source, record, ssc) => {
    source.count().foreachRDD(record('count'));
    named()(source, record, ssc);
  };

  it('adding an unrelated output keeps the state of named stateful operators', async () => {
    const full = await uninterrupted(input, named(), 14);
    const run = await runBeforeCrash(input, named(), 7);
    let changed = false;
    const create = creator(
      run.dir,
      input,
      (source, record, ssc) => {
        (changed ? withExtraOutput : named())(source, record, ssc);
      },
      run.h,
    );
    changed = true;
    const mark = run.h.events.length;
    const ssc = await runApp(run.dir, create, run.h, 12_000);
    expect(ssc.graph.fingerprint().length).toBeGreaterThan(0);
    const after = run.h.since(mark);
    expect(after.filter((e) => e[0] !== 'count')).toEqual(
      atOrAfter(atOrBefore(full, 12_000), 7000),
    );
    expect(after.filter((e) => e[0] === 'count').map((e) => [e[1], e[2]])).toEqual(
      [7, 8, 9, 10, 11, 12].map((t) => [t * 1000, [2]]),
    );
    expect(run.h.recoveryWarnings).toEqual([]);

    // Restarting the changed graph again finds the data files the restored RDDs came from
    // (written under the old stream ids) and the new ones.
    const again = run.h.events.length;
    await runApp(run.dir, create, run.h, 14_000);
    expect(run.h.recoveryWarnings).toEqual([]);
    expect(run.h.since(again).filter((e) => e[0] !== 'count')).toEqual(atOrAfter(full, 12_000));
    expect(run.h.logs).toEqual([]);
  });

  it('renaming a named stateful operator fails with a CheckpointError naming the old name', async () => {
    const run = await runBeforeCrash(input, named(), 5);
    const create = creator(run.dir, input, named({ totals: 'running totals' }), run.h);
    const error = await StreamingContext.getOrCreate(run.dir, create, {
      logger: run.h.recoveryLogger,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toBe(
      "The checkpoint holds the state of the operator named 'totals' (StateDStream), but the DStream graph built now has no stateful operator with that name. Keep the name, or start from a new checkpoint directory.",
    );
  });

  it('renaming the mapWithState operator names its state stream in the error', async () => {
    const run = await runBeforeCrash(input, named(), 5);
    const create = creator(run.dir, input, named({ seen: 'seen words' }), run.h);
    await expect(StreamingContext.getOrCreate(run.dir, create)).rejects.toThrow(
      "The checkpoint holds the state of the operator named 'seen' (InternalMapWithStateDStream), but the DStream graph built now has no stateful operator with that name.",
    );
  });

  it('a named operator of another kind fails with a CheckpointError', async () => {
    const run = await runBeforeCrash(input, named(), 5);
    // 'totals' is now the name of the window, and the update stream is named otherwise.
    const create = creator(run.dir, input, named({ totals: 'last-3s', window: 'totals' }), run.h);
    await expect(StreamingContext.getOrCreate(run.dir, create)).rejects.toThrow(
      new CheckpointError(
        "The operator 'totals' was a StateDStream when the checkpoint was written and is now a ReducedWindowedDStream; its state cannot be restored.",
      ),
    );
  });

  it('an unnamed stateful operator in a changed graph fails with the CheckpointError saying it has no name', async () => {
    const unnamed: Build = (source, record) => {
      source
        .map(toPair)
        .updateStateByKey((v: number[], s: number | undefined) => sum(v) + (s ?? 0))
        .foreachRDD(record('totals'));
    };
    const run = await runBeforeCrash(input, unnamed, 3);
    const checkpoint = (await readCheckpointFile(
      run.dir,
      'checkpoint-3000',
      [],
    )) as CheckpointMetadata;
    expect(checkpoint.streams.map((s) => [s.key, s.named])).toEqual([['StateDStream[3]', false]]);
    const create = creator(
      run.dir,
      input,
      (source, record, ssc) => {
        unnamed(source, record, ssc);
        source.foreachRDD(record('extra'));
      },
      run.h,
    );
    const error = await StreamingContext.getOrCreate(run.dir, create).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toBe(
      'The DStream graph has changed since the checkpoint was written, and the stateful operator StateDStream[3] has no name, so its state cannot be matched. Name stateful operators with .name(...) to keep their state across graph changes, or start from a new checkpoint directory.',
    );
  });

  it('a different batch duration fails with a CheckpointError', async () => {
    const totals: Build = (source, record) => {
      source
        .map(toPair)
        .updateStateByKey((v: number[], s: number | undefined) => sum(v) + (s ?? 0))
        .name('totals')
        .foreachRDD(record('totals'));
    };
    const run = await runBeforeCrash(input, totals, 4);
    const create = creator(run.dir, input, totals, run.h, { batchDuration: Seconds(2) });
    await expect(StreamingContext.getOrCreate(run.dir, create)).rejects.toThrow(
      new CheckpointError(
        'The checkpoint was written with a batch duration of 1000 ms, but the context created now has 2000 ms. Use the same batch duration, or a new checkpoint directory.',
      ),
    );
  });

  it('a queueStream in a recovered graph fails with CheckpointError', async () => {
    const dir = await tempDir();
    const h = harness();
    const create = (): StreamingContext => {
      h.created++;
      const ssc = new StreamingContext({
        batchDuration: Seconds(1),
        clock: new ManualClock(),
        logger: h.logger,
      });
      h.contexts.push(ssc);
      ssc.checkpoint(dir);
      ssc
        .queueStream([['a'], ['a', 'b']])
        .map(toPair)
        .updateStateByKey((v: number[], s: number | undefined) => sum(v) + (s ?? 0))
        .foreachRDD((rdd, time) => {
          h.events.push(['totals', time.milliseconds, rdd.collect()]);
        });
      return ssc;
    };
    // Checkpointing a graph with a queue stream works; recovering it does not.
    await runApp(dir, create, h, 2000);
    expect(batchesOf(h.events, 'totals')).toEqual([
      [['a', 1]],
      [
        ['a', 2],
        ['b', 1],
      ],
    ]);
    expect(await listCheckpointFiles(dir)).toEqual(['checkpoint-1000', 'checkpoint-2000']);
    const error = await StreamingContext.getOrCreate(dir, create).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toBe(QUEUE_STREAM_MESSAGE);
  });
});

describe('inputs and serializers', () => {
  it('a constantInputDStream graph recovers', async () => {
    const build: Build = (_source, record, ssc) => {
      const constant = ssc.constantInputDStream(ssc.sparkContext.parallelize([1, 2, 3], 2));
      constant.map((x) => x * 10).foreachRDD(record('tens'));
      constant.count().foreachRDD(record('count'));
    };
    const full = await uninterrupted([], build, 6);
    expect(full.filter((e) => e[0] === 'tens').map((e) => e[2])).toEqual(
      Array.from({ length: 6 }, () => [10, 20, 30]),
    );
    const run = await runBeforeCrash([], build, 3);
    expect(await restart(run, 6)).toEqual(atOrAfter(full, 3000));
  });

  it('the json serializer writes readable files and recovers plain data', async () => {
    const options: AppOptions = { serializer: jsonSerializer };
    const full = await uninterrupted(statefulInput, statefulBuild, 12, options);
    const run = await runBeforeCrash(statefulInput, statefulBuild, 7, options);
    const files = (await readdir(run.dir)).sort();
    expect(files.some((f) => f.startsWith('rdd-'))).toBe(true);
    for (const file of files) {
      const { serializerName, payload } = decodeCheckpointFile(await readFile(join(run.dir, file)));
      expect(serializerName).toBe('json');
      expect(() => JSON.parse(payload.toString('utf8')) as unknown).not.toThrow();
    }
    const newest = JSON.parse(
      decodeCheckpointFile(await readFile(join(run.dir, 'checkpoint-7000'))).payload.toString(
        'utf8',
      ),
    ) as CheckpointMetadata;
    expect(newest.checkpointTimeMs).toBe(7000);
    expect(await restart(run, 12, options)).toEqual(atOrAfter(full, 7000));
    expect(run.h.recoveryWarnings).toEqual([]);
  });

  it('files of a custom serializer need it in getOrCreate', async () => {
    /** JSON, bytes reversed. */
    const reversed: CheckpointSerializer = {
      name: 'reversed-json',
      serialize: (value) => Buffer.from(JSON.stringify(value)).reverse(),
      deserialize: (bytes) => JSON.parse(Buffer.from(bytes).reverse().toString('utf8')) as unknown,
    };
    const options: AppOptions = { serializer: reversed };
    const full = await uninterrupted(statefulInput, statefulBuild, 8, options);
    const run = await runBeforeCrash(statefulInput, statefulBuild, 4, options);
    const error = await StreamingContext.getOrCreate(run.dir, run.create, {
      logger: run.h.recoveryLogger,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const noSerializer =
      "written with serializer 'reversed-json', which this context does not have";
    expect((error as Error).message).toBe(
      `Failed to read checkpoint from directory ${run.dir}: no checkpoint in it can be restored. ` +
        [4, 3, 2, 1]
          .map((t) => `checkpoint-${t}000 (the checkpoint of ${t}000 ms): ${noSerializer}`)
          .join('; '),
    );
    expect(run.h.recoveryWarnings[0]).toBe(
      `Skipping checkpoint file checkpoint-4000: ${noSerializer}`,
    );
    const mark = run.h.events.length;
    const ssc = await StreamingContext.getOrCreate(run.dir, run.create, {
      checkpointSerializer: reversed,
    });
    ssc.start();
    await runUntil(ssc, 8000);
    await ssc.stop();
    expect(run.h.since(mark)).toEqual(atOrAfter(full, 4000));
  });
});

describe('getActiveOrCreate', () => {
  const build: Build = (source, record) => {
    source
      .map(toPair)
      .updateStateByKey((v: number[], s: number | undefined) => sum(v) + (s ?? 0))
      .foreachRDD(record('totals'));
  };
  const input = [['a'], ['b'], ['a'], ['c'], ['a']];

  it('returns the active context, without calling create() or reading the directory', async () => {
    const dir = await tempDir();
    const h = harness();
    const create = creator(dir, input, build, h);
    const active = await StreamingContext.getOrCreate(dir, create);
    active.start();
    await writeFile(join(dir, 'checkpoint-99000'), 'corrupt');
    await expect(
      StreamingContext.getActiveOrCreate(dir, create, { logger: h.recoveryLogger }),
    ).resolves.toBe(active);
    expect(StreamingContext.getActiveOrCreate(create)).toBe(active);
    expect(h.created).toBe(1);
    expect(h.recoveryWarnings).toEqual([]);
    await active.stop();
  });

  it('with no active context, recovers from the checkpoint like getOrCreate', async () => {
    const full = await uninterrupted(input, build, 5);
    const run = await runBeforeCrash(input, build, 3);
    expect(StreamingContext.getActive()).toBeUndefined();
    const ssc = await StreamingContext.getActiveOrCreate(run.dir, run.create, {
      logger: run.h.recoveryLogger,
    });
    expect(run.h.created).toBe(2);
    expect(ssc.clock.now()).toBe(3000);
    const mark = run.h.events.length;
    ssc.start();
    expect(StreamingContext.getActive()).toBe(ssc);
    await runUntil(ssc, 5000);
    await ssc.stop();
    expect(run.h.since(mark)).toEqual(atOrAfter(full, 3000));
  });

  it('with no active context and no checkpoint, calls create()', async () => {
    const dir = await tempDir();
    const h = harness();
    const ssc = await StreamingContext.getActiveOrCreate(dir, creator(dir, input, build, h));
    expect(h.created).toBe(1);
    expect(ssc.getState()).toBe('INITIALIZED');
    expect(StreamingContext.getActiveOrCreate(() => ssc)).toBe(ssc);
  });
});
