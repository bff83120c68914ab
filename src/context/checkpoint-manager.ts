/**
 * Writing a context's checkpoints (Spark's JobGenerator.doCheckpoint with its CheckpointWriter
 * and the RDD checkpoint writes of ReliableRDDCheckpointData), consistent by construction: a
 * metadata checkpoint refers only to data files that were written completely and are still on
 * disk, a data checkpoint whose write failed is written with the stream's next RDD, and retention
 * keeps the newest checkpoint that restores every stream.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCheckpoint } from '../checkpoint/checkpoint.js';
import {
  checkpointFileName,
  dataFileName,
  type WriteNewFile,
} from '../checkpoint/checkpoint-files.js';
import { CheckpointRetention } from '../checkpoint/checkpoint-retention.js';
import { CheckpointWriter, messageOf } from '../checkpoint/checkpoint-writer.js';
import type { DataCheckpoints } from '../checkpoint/data-checkpoints.js';
import type { CheckpointSerializer } from '../checkpoint/serializer.js';
import type { DStreamGraph } from '../dstream/dstream-graph.js';
import type { DStreamNode } from '../dstream/dstream-node.js';
import { loadSources, releaseSources, type AsyncSource } from '../rdd/async-source.js';
import { CheckpointError } from '../errors.js';
import type { CheckpointedRDD } from '../scheduler/job-scheduler.js';
import type { Logger } from '../scheduler/logger.js';
import type { Duration } from '../time/duration.js';
import type { Time } from '../time/time.js';

/**
 * What a checkpoint write that failed 3 times does: `'log'` (the default, as Spark) logs it and
 * the context goes on, writing the next checkpoints; `'fail'` also makes `awaitTermination()`
 * reject with a {@link CheckpointError}, as a failed job does (the context still goes on).
 *
 * @example
 * ```ts
 * new StreamingContext({ batchDuration: Seconds(1), checkpointWriteFailure: 'fail' });
 * ```
 */
export type CheckpointWriteFailure = 'log' | 'fail';

/** What the manager needs of its context. */
export interface CheckpointManagerOptions {
  readonly dir: string;
  readonly graph: DStreamGraph;
  readonly data: DataCheckpoints;
  readonly serializer: CheckpointSerializer;
  readonly logger: Logger;
  readonly appName: string;
  readonly batchDuration: Duration;
  readonly onWriteFailure: CheckpointWriteFailure;
  /** The batches generated and not completed, for the metadata. */
  readonly pendingTimes: () => readonly number[];
  /** Run after each metadata checkpoint written (cleans the write-ahead log). */
  readonly afterMetadata: () => Promise<void>;
  readonly writeNewFile?: WriteNewFile | undefined;
  /** Found checkpoints after this time are of batches run again, and deleted (see retention). */
  readonly supersededAfterMs?: number | undefined;
  /** Files recovery already reported as unusable (not reported again). */
  readonly reported?: ReadonlySet<string>;
}

/** A write that failed: the error, and whether it was I/O (else a bug: always reported). */
interface Failure {
  readonly error: unknown;
  readonly isIO: boolean;
}

/**
 * Writes the checkpoints of one context, one at a time (a batch's data and metadata, and the
 * next batch's generation checkpoint, may be requested while an earlier write runs).
 */
export class CheckpointManager {
  readonly #options: CheckpointManagerOptions;
  readonly #writer: CheckpointWriter;
  readonly #retention: CheckpointRetention;
  #writes: Promise<void> = Promise.resolve();
  /** The newest batch that completed (its RDDs are computed). */
  #completedMs = -Infinity;
  /** For each stream, the batch time of its last data write that failed. */
  readonly #failedWrites = new Map<DStreamNode<unknown>, number>();

  constructor(options: CheckpointManagerOptions) {
    this.#options = options;
    this.#writer = new CheckpointWriter(
      options.dir,
      options.serializer,
      options.logger,
      options.writeNewFile,
    );
    this.#retention = new CheckpointRetention(options.dir, [options.serializer], options.logger, {
      supersededAfterMs: options.supersededAfterMs,
      ...(options.reported === undefined ? {} : { reported: options.reported }),
    });
  }

  /**
   * After a batch is generated: a metadata checkpoint with the batch pending, as Spark writes one
   * at generation (what the batch reads is then durable before its jobs run).
   */
  afterGenerate(time: Time): Promise<void> {
    return this.#enqueue(time, async (failures) => {
      await this.#catchUp(new Set(), failures);
      await this.#writeMetadata(time, failures);
    });
  }

  /**
   * After a batch completed: write the data of the RDDs it checkpointed, and of streams whose
   * due data checkpoint is still missing; then the metadata checkpoint.
   */
  afterBatch(time: Time, checkpointed: readonly CheckpointedRDD[]): Promise<void> {
    return this.#enqueue(time, async (failures) => {
      this.#completedMs = Math.max(this.#completedMs, time.milliseconds);
      const tried = new Set<DStreamNode<unknown>>();
      for (const { node, timeMs } of checkpointed) {
        this.#options.data.due(node, timeMs);
        tried.add(node);
        await this.#writeData(node, timeMs, failures);
      }
      await this.#catchUp(tried, failures);
      await this.#writeMetadata(time, failures);
    });
  }

  /**
   * Check the data files on disk; for each stream whose due data checkpoint is missing (its write
   * failed, or the file vanished), write its newest computed RDD instead, unless that one's write
   * already failed (it is tried once; the next batch brings a new one).
   */
  async #catchUp(tried: ReadonlySet<DStreamNode<unknown>>, failures: Failure[]): Promise<void> {
    const { data, logger } = this.#options;
    await this.#checkDataFiles();
    const pending = new Set(this.#options.pendingTimes());
    for (const node of data.streams()) {
      const overdue = data.overdueSince(node);
      if (overdue === undefined || tried.has(node)) continue;
      let newest: number | undefined;
      for (const timeMs of node.generatedRDDs.keys()) {
        const computed = timeMs <= this.#completedMs && !pending.has(timeMs);
        if (computed && timeMs >= overdue && (newest === undefined || timeMs > newest))
          newest = timeMs;
      }
      if (newest === undefined || this.#failedWrites.get(node) === newest) continue;
      if (await this.#writeData(node, newest, failures)) {
        logger.warn(
          `Wrote the data checkpoint of ${describeStream(node)} at ${newest} ms in place of the one due at ${overdue} ms`,
        );
      }
    }
  }

  #enqueue(time: Time, write: (failures: Failure[]) => Promise<void>): Promise<void> {
    const run = this.#writes.then(async () => {
      const failures: Failure[] = [];
      await write(failures);
      const reported = failures.find((f) => !f.isIO || this.#options.onWriteFailure === 'fail');
      if (reported !== undefined) {
        throw new CheckpointError(
          `Could not write the checkpoint of time ${time}: ${String(reported.error)}`,
          { cause: reported.error },
        );
      }
    });
    this.#writes = run.catch(() => undefined);
    return run;
  }

  /** Write `node`'s RDD at `timeMs`; return whether it was written. */
  async #writeData(
    node: DStreamNode<unknown>,
    timeMs: number,
    failures: Failure[],
  ): Promise<boolean> {
    const rdd = node.generatedRDDs.get(timeMs);
    if (rdd === undefined) return false;
    const name = dataFileName(node.id, timeMs);
    let bytes: Buffer;
    // An RDD written after its batch (a catch-up write) may need partitions its jobs did not
    // compute, whose asynchronous sources (Kafka ranges) are then read again.
    const loaded = new Set<AsyncSource>();
    try {
      await loadSources(rdd.node, loaded);
      bytes = this.#writer.encode(node.encodeCheckpoint(rdd));
    } catch (error) {
      this.#options.logger.error(
        { err: error },
        `Could not serialize the data checkpoint of ${describeStream(node)} at ${timeMs} ms`,
      );
      failures.push({ error, isIO: false });
      return false;
    } finally {
      releaseSources(loaded);
    }
    try {
      await this.#writer.write(name, bytes);
    } catch (error) {
      this.#options.logger.error(
        { err: error },
        `Could not write the data checkpoint of ${describeStream(node)} at ${timeMs} ms to file '${join(this.#writer.dir, name)}'; it is written with the stream's next batch instead`,
      );
      failures.push({ error, isIO: true });
      this.#failedWrites.set(node, timeMs);
      return false;
    }
    this.#failedWrites.delete(node);
    this.#retention.wroteData(name);
    this.#options.data.stored(node, timeMs, { file: name, bytes: bytes.length });
    return true;
  }

  /** Forget data files that are no longer on disk whole, so no checkpoint refers to them. */
  async #checkDataFiles(): Promise<void> {
    const { data, logger } = this.#options;
    for (const node of data.streams()) {
      for (const [timeMs, { file, bytes }] of data.files(node)) {
        let problem: string | undefined;
        try {
          const size = (await stat(join(this.#writer.dir, file))).size;
          if (size !== bytes) problem = `has ${size} bytes, not the ${bytes} written`;
        } catch (error) {
          problem = `is gone (${messageOf(error)})`;
        }
        if (problem === undefined) continue;
        data.lost(node, timeMs);
        logger.warn(
          `The data checkpoint file ${file} (${describeStream(node)} at ${timeMs} ms) ${problem}: checkpoints written from now on do not refer to it`,
        );
      }
    }
  }

  async #writeMetadata(time: Time, failures: Failure[]): Promise<void> {
    const { graph, data, logger } = this.#options;
    const checkpoint = buildCheckpoint(graph, data, {
      appName: this.#options.appName,
      batchDuration: this.#options.batchDuration,
      checkpointTimeMs: time.milliseconds,
      pendingTimesMs: this.#options.pendingTimes(),
    });
    const name = checkpointFileName(time.milliseconds);
    let bytes: Buffer;
    try {
      bytes = this.#writer.encode(checkpoint);
    } catch (error) {
      logger.error({ err: error }, `Could not serialize the checkpoint of time ${time}`);
      failures.push({ error, isIO: false });
      return;
    }
    try {
      await this.#writer.write(name, bytes);
    } catch (error) {
      // Spark's message when its writer gives up.
      logger.error(
        { err: error },
        `Could not write checkpoint for time ${time} to file '${join(this.#writer.dir, name)}'`,
      );
      failures.push({ error, isIO: true });
      return;
    }
    this.#retention.wroteCheckpoint(name, checkpoint);
    logger.info?.(`Checkpoint for time ${time} saved to file '${join(this.#writer.dir, name)}'`);
    await this.#retention.clean();
    try {
      await this.#options.afterMetadata();
    } catch (error) {
      logger.error({ err: error }, 'Could not clean the write-ahead log');
      failures.push({ error, isIO: true });
    }
  }
}

/** How messages name a stream: its checkpoint key, e.g. `'totals'` or `StateDStream[2]`. */
function describeStream(node: DStreamNode<unknown>): string {
  return node.name === undefined ? node.checkpointKey : `'${node.name}' (${node.className})`;
}
