/** Port of Spark's ReceiverInputDStream (streaming/.../dstream/ReceiverInputDStream.scala). */
import type { DStreamContext } from '../dstream/dstream-context.js';
import { RDD } from '../rdd/rdd.js';
import { ParallelCollectionRDD } from '../rdd/parallel-collection-rdd.js';
import type { Time } from '../time/time.js';
import { InputDStream } from './input-dstream.js';
import type { BlockLog, ReceivedBlock } from './receiver/received-block.js';
import type { Receiver } from './receiver/receiver.js';
import { RateController } from '../scheduler/rate/rate-controller.js';
import { ReceiverSupervisor } from './receiver/receiver-supervisor.js';

/**
 * What a receiver stream's checkpoint records: which blocks each remembered batch took, and the
 * first block no batch took yet (every earlier block went to a batch, remembered or done with).
 */
export interface ReceiverPosition {
  readonly allocations: readonly (readonly [timeMs: number, seqs: readonly number[]])[];
  readonly firstUnallocatedSeq: number;
  readonly nextSeq: number;
}

/**
 * An input fed by a {@link Receiver}. At each batch it takes every block stored since the last
 * batch (an RDD with one partition per block, empty if none) and reports their record count.
 */
export class ReceiverInputDStream<T> extends InputDStream<T> {
  readonly #receiver: Receiver<T>;
  readonly #name: string;
  #supervisor: ReceiverSupervisor<T> | undefined;
  #unallocated: ReceivedBlock<T>[] = [];
  readonly #allocations = new Map<number, readonly ReceivedBlock<T>[]>();
  #nextSeq = 0;
  #blockLog: BlockLog | undefined;
  #rateController: RateController | undefined;

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

  /**
   * Spark's `allocateBlocksToBatch`, run for every batch time while the batch's jobs are
   * generated: the batch takes the blocks stored since the last one even when no output reads this
   * stream at that time (a window computed every other batch reads it later), so blocks stored
   * after the batch time never land in it.
   */
  override prepareBatch(time: Time): void {
    if (this.#allocations.has(time.milliseconds)) return;
    this.#allocations.set(time.milliseconds, this.#unallocated);
    this.#unallocated = [];
  }

  hasUnprocessedData(): boolean {
    return this.#unallocated.length > 0;
  }

  override async stop(): Promise<void> {
    await this.#supervisor?.shutdown();
  }

  protected batchFor(time: Time): RDD<T> {
    let blocks = this.#allocations.get(time.milliseconds);
    if (blocks === undefined) {
      blocks = this.#unallocated;
      this.#unallocated = [];
      this.#allocations.set(time.milliseconds, blocks);
    }
    let numRecords = 0;
    for (const block of blocks) numRecords += block.records.length;
    this.context.graph.inputInfos.report(time.milliseconds, {
      inputStreamId: this.inputId,
      numRecords,
      metadata: new Map(),
    });
    const partitions = blocks.map((block) => block.records);
    return new RDD(
      new ParallelCollectionRDD(
        this.context.sparkContext,
        partitions,
        'receiverStream',
        'BlockRDD',
      ),
    );
  }

  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    const oldest = time.milliseconds - (this.rememberDuration?.milliseconds ?? 0);
    for (const timeMs of this.#allocations.keys())
      if (timeMs <= oldest) this.#allocations.delete(timeMs);
  }

  /** The lowest block number a remembered batch or the next batch still needs. */
  oldestNeededSeq(): number {
    let oldest = this.#unallocated[0]?.seq ?? this.#nextSeq;
    for (const blocks of this.#allocations.values()) {
      for (const block of blocks) oldest = Math.min(oldest, block.seq);
    }
    return oldest;
  }

  /** The blocks of remembered and pending batches, and the next block number. */
  position(): ReceiverPosition {
    return {
      allocations: [...this.#allocations].map(
        ([timeMs, blocks]) => [timeMs, blocks.map((b) => b.seq)] as const,
      ),
      firstUnallocatedSeq: this.#unallocated[0]?.seq ?? this.#nextSeq,
      nextSeq: this.#nextSeq,
    };
  }

  /**
   * Restore from a checkpoint: remembered batches get the same blocks again, and logged blocks
   * that no batch took yet are queued for the next one. Blocks of batches the checkpoint no longer
   * remembers were processed already and are not queued again (blocks are allocated in order, so
   * those are exactly the ones before `firstUnallocatedSeq`).
   */
  restorePosition(position: ReceiverPosition, logged: readonly ReceivedBlock<T>[]): void {
    const bySeq = new Map(logged.map((block) => [block.seq, block]));
    for (const [timeMs, seqs] of position.allocations) {
      const blocks: ReceivedBlock<T>[] = [];
      for (const seq of seqs) {
        const block = bySeq.get(seq);
        if (block !== undefined) blocks.push(block);
      }
      this.#allocations.set(timeMs, blocks);
    }
    this.#unallocated = logged
      .filter((block) => block.seq >= position.firstUnallocatedSeq)
      .sort((a, b) => a.seq - b.seq);
    const lastLogged = logged.reduce((max, block) => Math.max(max, block.seq), -1);
    this.#nextSeq = Math.max(position.nextSeq, lastLogged + 1);
  }
}
