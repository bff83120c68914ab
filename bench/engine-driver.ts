/**
 * Drives dstream-ts the way a benchmark needs: a StreamingContext on a ManualClock fed by a live
 * queue, so one call to `batch(data)` is exactly one batch interval, timed from the moment the
 * batch is due until its output operation has finished.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Seconds, StreamingContext, type DStream, type QueueItem } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';

const BATCH_MS = 1000;

/**
 * Checkpoints go to memory (tmpfs) where there is one: every batch writes and fsyncs a metadata
 * checkpoint, and on a shared virtual disk the fsync latency would swamp the engine's own time.
 * The engine still serialises, checksums and writes every checkpoint.
 */
const CHECKPOINT_PARENT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

/** Options of {@link EngineDriver.create}. */
export interface EngineDriverOptions {
  /** Give the context a checkpoint directory (stateful streams require one). */
  readonly checkpoint?: boolean;
  /** Shuffle partitions (default 2, as `local[2]`). */
  readonly defaultParallelism?: number;
}

export class EngineDriver<I> {
  readonly clock = new ManualClock();
  readonly ssc: StreamingContext;
  readonly input: DStream<I>;
  readonly #queue: QueueItem<I>[] = [];
  readonly #checkpointDir: string | undefined;
  #failure: Error | undefined;

  private constructor(checkpointDir: string | undefined, options: EngineDriverOptions) {
    this.ssc = new StreamingContext({
      batchDuration: Seconds(BATCH_MS / 1000),
      clock: this.clock,
      // Warnings such as "queueStream doesn't support checkpointing" are expected here.
      logger: {
        warn: () => undefined,
        error: ({ err }, message) => {
          console.error(message, err);
        },
      },
      ...(options.defaultParallelism === undefined
        ? {}
        : { defaultParallelism: options.defaultParallelism }),
    });
    this.#checkpointDir = checkpointDir;
    if (checkpointDir !== undefined) this.ssc.checkpoint(checkpointDir);
    this.input = this.ssc.queueStream(this.#queue);
  }

  /** Create a driver; build the pipeline on `input`, then call `start()`. */
  static async create<I>(options: EngineDriverOptions = {}): Promise<EngineDriver<I>> {
    const dir =
      options.checkpoint === true
        ? await mkdtemp(join(CHECKPOINT_PARENT, 'dstream-bench-'))
        : undefined;
    return new EngineDriver<I>(dir, options);
  }

  start(): void {
    this.ssc.awaitTermination().catch((error: unknown) => {
      this.#failure = error instanceof Error ? error : new Error(String(error));
    });
    this.ssc.start();
  }

  /**
   * Run one batch over `data`, an array (parallelized into the default number of partitions, a
   * copy) or a ready RDD; an empty batch when omitted. Rejects if the batch failed.
   */
  async batch(data: QueueItem<I> = []): Promise<void> {
    this.#queue.push(data);
    await this.clock.advance(BATCH_MS);
    if (this.#failure !== undefined) throw this.#failure;
  }

  async close(): Promise<void> {
    await this.ssc.stop();
    if (this.#checkpointDir !== undefined) {
      await rm(this.#checkpointDir, { recursive: true, force: true });
    }
  }
}
