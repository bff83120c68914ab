/**
 * The application of the checkpoint fault and damage tests: a rate stream (replayable: every batch
 * is computed from its time) → `(value mod 5, 1)` → `updateStateByKey(sum)` checkpointed every
 * `interval`, output recorded per batch. Its state stream is `StateDStream[2]` (data files
 * `rdd-2-<ms>`), or the name given.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckpointMetadata } from '../../src/checkpoint/checkpoint.js';
import { readCheckpointFile } from '../../src/checkpoint/checkpoint-reader.js';
import {
  type Duration,
  type GetOrCreateOptions,
  ManualClock,
  type Pair,
  type RateRow,
  Seconds,
  StreamingContext,
  type StreamingContextOptions,
} from '../../src/index.js';
import { LogLines, runUntil, type Scratch } from './checkpoint-faults.js';

/** One batch's output: its time and its records, sorted. */
export type Event = readonly [timeMs: number, records: unknown[]];

export interface RateStateAppOptions {
  /** The state stream's checkpoint interval (default 30 s). */
  readonly interval?: Duration;
  /** A name for the state stream (`.name(...)`). */
  readonly name?: string;
  /** More options of the application's contexts. */
  readonly context?: Partial<StreamingContextOptions>;
}

export class RateStateApp {
  readonly events: Event[] = [];
  readonly log = new LogLines();
  /** How many times create() ran. */
  created = 0;
  readonly dir: string;
  readonly #scratch: Scratch;
  readonly #options: RateStateAppOptions;

  constructor(dir: string, scratch: Scratch, options: RateStateAppOptions = {}) {
    this.dir = dir;
    this.log.dir = dir;
    this.#scratch = scratch;
    this.#options = options;
  }

  readonly create = (): StreamingContext => {
    this.created++;
    const ssc = this.#scratch.context(
      new StreamingContext({
        batchDuration: Seconds(1),
        clock: new ManualClock(),
        logger: this.log.logger,
        ...this.#options.context,
      }),
    );
    ssc.checkpoint(this.dir);
    const state = ssc
      .rateStream({ rowsPerSecond: 10, numPartitions: 2 })
      .map((row: RateRow): Pair<number, number> => [row.value % 5, 1])
      .updateStateByKey((values: number[], total: number | undefined) =>
        values.reduce((a, b) => a + b, total ?? 0),
      );
    if (this.#options.name !== undefined) state.name(this.#options.name);
    state.checkpoint(this.#options.interval ?? Seconds(30)).foreachRDD((rdd, time) => {
      this.events.push([time.milliseconds, rdd.collect().sort()]);
    });
    return ssc;
  };

  getOrCreate(options: Omit<GetOrCreateOptions, 'logger'> = {}): Promise<StreamingContext> {
    return StreamingContext.getOrCreate(this.dir, this.create, {
      logger: this.log.logger,
      ...options,
    });
  }

  /** getOrCreate and start. */
  async start(): Promise<StreamingContext> {
    const ssc = await this.getOrCreate();
    ssc.start();
    return ssc;
  }

  /** getOrCreate, start, run up to `timeMs` and stop. */
  async run(timeMs: number): Promise<void> {
    const ssc = await this.start();
    await runUntil(ssc, timeMs);
    await ssc.stop();
  }

  async metadata(timeMs: number): Promise<CheckpointMetadata> {
    return (await readCheckpointFile(this.dir, `checkpoint-${timeMs}`, [])) as CheckpointMetadata;
  }

  async size(name: string): Promise<number> {
    return (await stat(join(this.dir, name))).size;
  }
}

/** The events of an uninterrupted run up to `timeMs` (which logs nothing). */
export async function uninterrupted(
  scratch: Scratch,
  timeMs: number,
  options: RateStateAppOptions = {},
): Promise<Event[]> {
  const app = new RateStateApp(await scratch.dir('uninterrupted'), scratch, options);
  await app.run(timeMs);
  if (app.log.lines.length > 0) throw new Error(`unexpected logs: ${app.log.lines.join('\n')}`);
  return app.events;
}
