/**
 * Recovery always succeeds under checkpoint write faults (issue 12): a random graph of stateful
 * operators (updateStateByKey, mapWithState, reduceByKeyAndWindow with an inverse function, at
 * various checkpoint intervals) over a replayable rate stream runs with write faults at random
 * batches, is stopped (the crash), and is restarted with getOrCreate. Faults are real where a
 * local disk can make them (a directory that cannot be written, a deleted directory) and injected
 * where the file is written for a full disk (ENOSPC after half the bytes: for every file, data
 * files only, or metadata files only).
 *
 * The laws: (1) after every batch of the faulty run, the newest checkpoint that restores every
 * stream never goes back in time (retention never deletes it; only deleting the whole directory
 * loses it); (2) recovery succeeds, from that newest restorable checkpoint; (3) from there on,
 * every batch's outputs equal an uninterrupted run's.
 */
import { readdir, rm } from 'node:fs/promises';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckpointMetadata } from '../../src/checkpoint/checkpoint.js';
import { checkpointTimeOf } from '../../src/checkpoint/checkpoint-files.js';
import { readCheckpointFile } from '../../src/checkpoint/checkpoint-reader.js';
import {
  type Logger,
  ManualClock,
  type Pair,
  type RateRow,
  type RDD,
  Seconds,
  type State,
  StateSpec,
  StreamingContext,
  type Time,
} from '../../src/index.js';
import { FullDisk, makeUnwritable, runUntil, Scratch } from '../support/checkpoint-faults.js';

const BATCHES = 14;

type Operator =
  | { readonly kind: 'updateStateByKey'; readonly interval: number }
  | { readonly kind: 'mapWithState'; readonly interval: number; readonly timeout: number }
  | {
      readonly kind: 'window';
      readonly window: number;
      readonly slide: number;
      readonly interval: number;
    };

type Fault = 'unwritable' | 'deleted' | 'enospc' | 'enospc-data' | 'enospc-metadata';

/** One output call: output name, batch time, records (sorted). */
type Event = readonly [output: string, timeMs: number, records: string[]];

/** Checkpoint intervals in seconds; 0 is the default one. */
const operatorArb: fc.Arbitrary<Operator> = fc.oneof(
  fc.record({
    kind: fc.constant('updateStateByKey' as const),
    interval: fc.constantFrom(0, 1, 2, 3),
  }),
  fc.record({
    kind: fc.constant('mapWithState' as const),
    interval: fc.constantFrom(0, 2, 4),
    timeout: fc.constantFrom(0, 3),
  }),
  fc
    .record({
      shape: fc.constantFrom<readonly [number, number]>([2, 1], [3, 1], [4, 1], [2, 2], [4, 2]),
      slides: fc.constantFrom(0, 1, 2),
    })
    .map(({ shape: [window, slide], slides }) => ({
      kind: 'window' as const,
      window,
      slide,
      interval: slides * slide,
    })),
);

const faultsArb = fc.uniqueArray(
  fc.record({
    batch: fc.integer({ min: 1, max: BATCHES - 2 }),
    fault: fc.constantFrom<Fault>(
      'unwritable',
      'deleted',
      'enospc',
      'enospc-data',
      'enospc-metadata',
    ),
  }),
  { selector: (f) => f.batch, maxLength: 5 },
);

const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;
const silent: Logger = { warn: () => undefined, error: () => undefined };

/** The create function of the application: `operators` over a rate stream, outputs recorded. */
function creator(
  dir: string,
  operators: readonly Operator[],
  events: Event[],
  disk: FullDisk,
): () => StreamingContext {
  return () => {
    const ssc = new StreamingContext({
      batchDuration: Seconds(1),
      clock: new ManualClock(),
      logger: silent,
      writeCheckpointFile: disk.write,
    });
    ssc.checkpoint(dir);
    const pairs = ssc
      .rateStream({ rowsPerSecond: 4, numPartitions: 2 })
      .map((row: RateRow): Pair<string, number> => [`k${row.value % 3}`, row.value]);
    const record =
      (name: string) =>
      (rdd: RDD<unknown>, time: Time): void => {
        const records = rdd.collect().map((r) => JSON.stringify(r));
        events.push([name, time.milliseconds, records.sort()]);
      };
    operators.forEach((op, i) => {
      switch (op.kind) {
        case 'updateStateByKey': {
          const totals = pairs.updateStateByKey((values: number[], state: number | undefined) =>
            values.reduce(add, state ?? 0),
          );
          if (op.interval > 0) totals.checkpoint(Seconds(op.interval));
          totals.foreachRDD(record(`${i} totals`));
          break;
        }
        case 'mapWithState': {
          let spec = StateSpec.function(
            (time: Time, key: string, value: number | undefined, state: State<number>) => {
              if (state.isTimingOut()) return [key, 'timed out', time.milliseconds];
              const n = (state.getOption() ?? 0) + (value ?? 0);
              state.update(n);
              return [key, n];
            },
          );
          if (op.timeout > 0) spec = spec.timeout(Seconds(op.timeout));
          const mapped = pairs.mapWithState(spec);
          if (op.interval > 0) mapped.checkpoint(Seconds(op.interval));
          mapped.foreachRDD(record(`${i} mapped`));
          mapped.stateSnapshots().foreachRDD(record(`${i} snapshots`));
          break;
        }
        case 'window': {
          const windowed = pairs.reduceByKeyAndWindow(
            add,
            sub,
            Seconds(op.window),
            Seconds(op.slide),
          );
          if (op.interval > 0) windowed.checkpoint(Seconds(op.interval));
          windowed.foreachRDD(record(`${i} window`));
          break;
        }
      }
    });
    return ssc;
  };
}

/**
 * The time of the newest checkpoint in `dir` that restores every stream: it decodes, no stream's
 * state is missing, and every data file it refers to decodes. `undefined` when there is none.
 */
async function newestRestorable(dir: string): Promise<number | undefined> {
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((name) => checkpointTimeOf(name) !== undefined)
    .sort((a, b) => (checkpointTimeOf(b) ?? 0) - (checkpointTimeOf(a) ?? 0));
  for (const name of names) {
    try {
      const metadata = (await readCheckpointFile(dir, name, [])) as CheckpointMetadata;
      if (metadata.streams.some((stream) => stream.unrestorable === true)) continue;
      for (const stream of metadata.streams) {
        for (const { file } of stream.data) await readCheckpointFile(dir, file, []);
      }
      return metadata.checkpointTimeMs;
    } catch {
      continue;
    }
  }
  return undefined;
}

const scratch = new Scratch();
afterEach(() => scratch.clean());

async function start(create: () => StreamingContext, dir: string): Promise<StreamingContext> {
  const ssc = await StreamingContext.getOrCreate(dir, create, { logger: silent });
  scratch.context(ssc);
  ssc.start();
  return ssc;
}

/** Run batch `batch` with `fault` in effect. */
async function runFaulty(
  ssc: StreamingContext,
  batch: number,
  fault: Fault | undefined,
  dir: string,
  disk: FullDisk,
): Promise<void> {
  let restore = (): Promise<void> => Promise.resolve();
  switch (fault) {
    case undefined:
      break;
    case 'unwritable':
      restore = await makeUnwritable(dir);
      break;
    case 'deleted':
      await rm(dir, { recursive: true, force: true });
      break;
    case 'enospc':
      disk.isFull = () => true;
      break;
    case 'enospc-data':
      disk.isFull = (name) => name.startsWith('rdd-');
      break;
    case 'enospc-metadata':
      disk.isFull = (name) => name.startsWith('checkpoint-');
      break;
  }
  await runUntil(ssc, batch * 1000);
  disk.isFull = () => false;
  await restore();
}

describe('recovery under checkpoint write faults (property)', () => {
  it('always recovers from the newest restorable checkpoint, and then outputs what an uninterrupted run does', async () => {
    const uninterrupted = new Map<string, Event[]>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(operatorArb, { minLength: 1, maxLength: 3 }),
        faultsArb,
        fc.integer({ min: 2, max: BATCHES - 2 }),
        async (operators, allFaults, crashBatch) => {
          const key = JSON.stringify(operators);
          let full = uninterrupted.get(key);
          if (full === undefined) {
            const events: Event[] = [];
            const dir = await scratch.dir('cp-property');
            const ssc = await start(creator(dir, operators, events, new FullDisk()), dir);
            await runUntil(ssc, BATCHES * 1000);
            await ssc.stop();
            full = events;
            uninterrupted.set(key, full);
          }

          const dir = await scratch.dir('cp-property');
          const disk = new FullDisk();
          const events: Event[] = [];
          const create = creator(dir, operators, events, disk);
          const faults = new Map(allFaults.map((f) => [f.batch, f.fault]));
          const ssc = await start(create, dir);
          let restorable: number | undefined;
          for (let batch = 1; batch <= crashBatch; batch++) {
            const fault = faults.get(batch);
            await runFaulty(ssc, batch, fault, dir, disk);
            const now = await newestRestorable(dir);
            // Law 1: only deleting the directory may lose the newest restorable checkpoint.
            if (fault !== 'deleted' && restorable !== undefined) {
              expect(now).toBeGreaterThanOrEqual(restorable);
            }
            restorable = now;
          }
          await ssc.stop();
          expect(events).toEqual(full.filter(([, t]) => t <= crashBatch * 1000));

          // Law 2: recovery succeeds from the newest restorable checkpoint (a fresh start when
          // no checkpoint file was ever written).
          const files = (await readdir(dir)).filter((n) => checkpointTimeOf(n) !== undefined);
          if (files.length > 0) expect(restorable).toBeDefined();
          const from = restorable ?? 1000;
          const mark = events.length;
          const recovered = await start(create, dir);
          await runUntil(recovered, BATCHES * 1000);
          await recovered.stop();
          // Law 3: from there on, the outputs of an uninterrupted run, batch by batch.
          expect(events.slice(mark)).toEqual(full.filter(([, t]) => t >= from));
        },
      ),
      { numRuns: 30 },
    );
  }, 300_000);
});
