/** Port of Spark's ReceiverInputDStream (streaming/.../dstream/ReceiverInputDStream.scala). */
import type { DStreamContext } from '../dstream/dstream-context.js';
import { RDD } from '../rdd/rdd.js';
import { ParallelCollectionRDD } from '../rdd/parallel-collection-rdd.js';
import type { Time } from '../time/time.js';
import { InputDStream } from './input-dstream.js';
import { BlockRDD } from './receiver/block-rdd.js';
import type { BlockLog, RecoveredLog } from './receiver/received-block.js';
import type { Receiver } from './receiver/receiver.js';
import { RateController } from '../scheduler/rate/rate-controller.js';
import { ReceiverSupervisor } from './receiver/receiver-supervisor.js';
import {
  isLost,
  lostBlockError,
  restoreBlocks,
  type BatchBlock,
  type BlockAllocations,
} from './receiver/restore-blocks.js';

/**
 * What a receiver stream's checkpoint records: which blocks each remembered batch took, and the
 * first block no batch took yet (every earlier block went to a batch, remembered or done with).
 */
export type ReceiverPosition = BlockAllocations;

/**
 * How many positions' worth of blocks the write-ahead log keeps: recovery may fall back from the
 * newest checkpoint file to an older one (retention keeps the newest 10 batch times' files), and
 * each batch time's file is written twice, at generation and at completion, each taking a position.
 */
const KEPT_POSITIONS = 2 * 10;

/**
 * An input fed by a {@link Receiver}. At each batch it takes every block stored since the last
 * batch (an RDD with one partition per block, empty if none) and reports their record count.
 */
export class ReceiverInputDStream<T> extends InputDStream<T> {
  readonly #receiver: Receiver<T>;
  readonly #name: string;
  #supervisor: ReceiverSupervisor<T> | undefined;
  #unallocated: BatchBlock<T>[] = [];
  readonly #allocations = new Map<number, readonly BatchBlock<T>[]>();
  #nextSeq = 0;
  #restored = false;
  #blockLog: BlockLog | undefined;
  #rateController: RateController | undefined;
  /** The oldest block of each of the last positions handed to a checkpoint, newest last. */
  readonly #checkpointedFloors: number[] = [];

  constructor(
    context: DStreamContext,
    receiver: Receiver<T>,
    name: string,
    operation = 'receiverStream',
  ) {
    super(context, operation);
    this.#receiver = receiver;
    this.#name = name;
  }

  get displayName(): string {
    return `${this.#name} [${this.inputId}]`;
  }

  /** @internal Log blocks here before they count as stored (the write-ahead log). */
  useBlockLog(log: BlockLog): void {
    this.#blockLog = log;
  }

  override start(): void {
    // A fresh start on a directory that holds an older log: number the blocks after its blocks,
    // so a later recovery never mixes the two.
    const log = this.#blockLog;
    if (log !== undefined && !this.#restored) {
      this.#nextSeq = Math.max(this.#nextSeq, log.firstFreeSeq(this.inputId));
    }
    const supervisor = new ReceiverSupervisor(
      this.#receiver,
      this.inputId,
      this.displayName,
      this.context.receiverEnvironment,
      this.#blockLog,
      this.#nextSeq,
      (block) => {
        this.#nextSeq = block.seq + 1;
        // A stream no output uses never takes a batch: keep nothing (Spark's batches would take
        // these blocks and never read them).
        if (this.isInitialized) this.#unallocated.push(block);
      },
    );
    this.#supervisor = supervisor;
    const backpressure = this.context.backpressure;
    if (backpressure !== undefined) {
      // Spark's initial limit: min(initialRate, maxRate); then each estimate, capped at maxRate.
      supervisor.updateRate(backpressure.initialRate);
      if (this.#rateController === undefined) {
        this.#rateController = new RateController(
          this.inputId,
          backpressure.newEstimator(),
          (rate) => this.#supervisor?.updateRate(rate),
        );
        this.context.addStreamingListener(this.#rateController);
      }
    }
    supervisor.start();
  }

  hasUnprocessedData(): boolean {
    return this.#unallocated.length > 0;
  }

  override async stop(): Promise<void> {
    await this.#supervisor?.shutdown();
  }

  /**
   * Spark's `allocateBlocksToBatch`, run for every batch time while the batch's jobs are
   * generated: the batch at `time` takes every block stored since the last batch, even when no
   * output reads this stream at that time (a window computed every other batch reads it later),
   * so blocks stored after the batch time never land in it; a batch that has its blocks already
   * (re-run after recovery) keeps its own.
   */
  override prepareBatch(time: Time): void {
    if (this.#allocations.has(time.milliseconds)) return;
    this.#allocations.set(time.milliseconds, this.#unallocated);
    this.#unallocated = [];
  }

  protected batchFor(time: Time): RDD<T> {
    // A time no batch was generated for (e.g. before a restart, forgotten) has no blocks.
    const blocks = this.#allocations.get(time.milliseconds) ?? [];
    let numRecords = 0;
    const partitions: (readonly T[])[] = [];
    const lost = new Map<number, () => Error>();
    for (const block of blocks) {
      if (isLost(block)) {
        lost.set(partitions.length, () => lostBlockError(this.inputId, block, time.milliseconds));
        partitions.push([]);
      } else {
        numRecords += block.records.length;
        partitions.push(block.records);
      }
    }
    this.context.graph.inputInfos.report(time.milliseconds, {
      inputStreamId: this.inputId,
      numRecords,
      metadata: new Map(),
    });
    const sc = this.context.sparkContext;
    return new RDD(
      lost.size > 0
        ? new BlockRDD(sc, partitions, lost)
        : new ParallelCollectionRDD(sc, partitions, 'receiverStream', 'BlockRDD'),
    );
  }

  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    const oldest = time.milliseconds - (this.rememberDuration?.milliseconds ?? 0);
    for (const timeMs of this.#allocations.keys())
      if (timeMs <= oldest) this.#allocations.delete(timeMs);
  }

  /**
   * The lowest block number a batch may still need: one the stream remembers or has not
   * allocated, or one a recent checkpoint refers to (recovery may start from any of them).
   */
  oldestNeededSeq(): number {
    let oldest = this.#floor();
    for (const floor of this.#checkpointedFloors) oldest = Math.min(oldest, floor);
    return oldest;
  }

  #floor(): number {
    let oldest = this.#unallocated[0]?.seq ?? this.#nextSeq;
    for (const blocks of this.#allocations.values()) {
      for (const block of blocks) oldest = Math.min(oldest, block.seq);
    }
    return oldest;
  }

  /** The blocks of remembered and pending batches, and the next block number. */
  position(): ReceiverPosition {
    this.#checkpointedFloors.push(this.#floor());
    if (this.#checkpointedFloors.length > KEPT_POSITIONS) this.#checkpointedFloors.shift();
    return {
      allocations: [...this.#allocations].map(
        ([timeMs, blocks]) => [timeMs, blocks.map((b) => b.seq)] as const,
      ),
      firstUnallocatedSeq: this.#unallocated[0]?.seq ?? this.#nextSeq,
      nextSeq: this.#nextSeq,
    };
  }

  /**
   * Restore from a checkpoint and the write-ahead log: remembered batches get the same blocks
   * again, and logged blocks that no batch took yet are queued for the next one. Blocks of
   * batches the checkpoint no longer remembers were processed already and are not queued again
   * (blocks are allocated in order, so those are exactly the ones before `firstUnallocatedSeq`).
   * Blocks the log acknowledged but cannot give back are reported here, and make the batches
   * that need them fail with a `WriteAheadLogError`.
   */
  restorePosition(position: ReceiverPosition, log: RecoveredLog): void {
    const restored = restoreBlocks<T>(this.inputId, position, log);
    // Recovery may try an older checkpoint after a newer one failed: start from nothing.
    this.#allocations.clear();
    for (const [timeMs, blocks] of restored.allocations) this.#allocations.set(timeMs, blocks);
    this.#unallocated = restored.unallocated;
    this.#nextSeq = restored.nextSeq;
    this.#restored = true;
    const { logger } = this.context.receiverEnvironment;
    for (const warning of restored.warnings) logger.warn(warning);
    for (const error of restored.errors) logger.error({}, error);
  }
}
