/**
 * The receiver write-ahead log (Spark's FileBasedWriteAheadLog, one per receiver stream under
 * `<checkpointDir>/receivedData/<streamId>/`). A block is appended and fsynced, then the segment's
 * header records it as acknowledged, and only then does `append` resolve. Segments roll every
 * rolling interval on the context's clock; recovery reads them all back (`recover`, reporting
 * what it cannot read), and a segment is deleted once every block it holds is older than the
 * oldest block a remembered or pending batch needs.
 */
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { IllegalArgumentError } from '../errors.js';
import type { BlockLog, ReceivedBlock, RecoveredLog } from '../input/receiver/received-block.js';
import type { Duration } from '../time/duration.js';
import { encodeFrame, encodeHeader, SEGMENT_HEADER_BYTES } from './write-ahead-log-format.js';
import {
  nextSeqOfLog,
  readLog,
  segmentFirstSeq,
  segmentName,
  segmentNames,
} from './write-ahead-log-reader.js';
import type { CheckpointSerializer } from './serializer.js';

/** Spark's `spark.streaming.receiver.writeAheadLog.rollingIntervalSecs` (60 s), checked. */
export function rollingIntervalMs(interval: Duration | undefined): number {
  const ms = interval?.milliseconds ?? 60_000;
  if (!(ms > 0)) {
    throw new IllegalArgumentError(
      `requirement failed: 'spark.streaming.receiver.writeAheadLog.rollingIntervalSecs' should be positive, got ${ms} ms`,
    );
  }
  return ms;
}

interface Segment {
  readonly name: string;
  readonly handle: FileHandle;
  readonly openedAt: number;
  readonly previousSeq: number;
  readonly firstSeq: number;
  lastSeq: number;
  blocks: number;
  records: number;
  length: number;
}

/** Options of a {@link WriteAheadLog}. */
export interface WriteAheadLogOptions {
  /** The clock segments roll on (the context's). */
  readonly now: () => number;
  readonly rollingIntervalMs: number;
  /** Serializers some segments may have been written with (recovery). */
  readonly serializers?: readonly CheckpointSerializer[];
}

/** Appends received blocks to per-stream log segments, fsynced. */
export class WriteAheadLog implements BlockLog {
  readonly #dir: string;
  readonly #serializer: CheckpointSerializer;
  readonly #serializers: readonly CheckpointSerializer[];
  readonly #now: () => number;
  readonly #rollingIntervalMs: number;
  readonly #segments = new Map<number, Segment>();
  /** The last block acknowledged per stream: the next segment's `previousSeq`. */
  readonly #lastSeq = new Map<number, number>();
  #writing: Promise<void> = Promise.resolve();

  constructor(
    checkpointDir: string,
    serializer: CheckpointSerializer,
    options: WriteAheadLogOptions,
  ) {
    this.#dir = join(checkpointDir, 'receivedData');
    this.#serializer = serializer;
    this.#serializers = [...(options.serializers ?? []), serializer];
    this.#now = options.now;
    this.#rollingIntervalMs = options.rollingIntervalMs;
  }

  /** Append `block` to `streamId`'s log and fsync; appends are serialised in call order. */
  append(streamId: number, block: ReceivedBlock<unknown>): Promise<void> {
    const write = this.#writing.then(() => this.#append(streamId, block));
    this.#writing = write.catch(() => undefined);
    return write;
  }

  /** Every block logged for `streamId`, what could not be read back, and the next block number. */
  async recover(streamId: number): Promise<RecoveredLog> {
    const log = await readLog(this.#streamDir(streamId), this.#serializers);
    this.#lastSeq.set(streamId, log.nextSeq - 1);
    return log;
  }

  /** The first block number `streamId`'s log has not used (a fresh start numbers from there). */
  firstFreeSeq(streamId: number): number {
    const next = nextSeqOfLog(this.#streamDir(streamId), this.#serializers);
    this.#lastSeq.set(streamId, next - 1);
    return next;
  }

  async #append(streamId: number, block: ReceivedBlock<unknown>): Promise<void> {
    const segment = await this.#segmentFor(streamId, block.seq);
    const frame = encodeFrame(
      block.seq,
      block.records.length,
      this.#serializer.name,
      this.#serializer.serialize(block.records),
    );
    try {
      await segment.handle.write(frame, 0, frame.length, segment.length);
      await segment.handle.datasync();
      const acknowledged = {
        ...segment,
        lastSeq: block.seq,
        blocks: segment.blocks + 1,
        records: segment.records + block.records.length,
        length: segment.length + frame.length,
      };
      // Written before `append` resolves: the header never counts a block that was not synced.
      await segment.handle.write(encodeHeader(acknowledged), 0, SEGMENT_HEADER_BYTES, 0);
      segment.lastSeq = acknowledged.lastSeq;
      segment.blocks = acknowledged.blocks;
      segment.records = acknowledged.records;
      segment.length = acknowledged.length;
    } catch (error) {
      // Later blocks go to a new segment, so the blocks of one segment stay numbered in a row.
      await this.#closeSegment(streamId).catch(() => undefined);
      throw error;
    }
    this.#lastSeq.set(streamId, block.seq);
  }

  async #segmentFor(streamId: number, firstSeq: number): Promise<Segment> {
    const current = this.#segments.get(streamId);
    if (current !== undefined && this.#now() - current.openedAt < this.#rollingIntervalMs) {
      return current;
    }
    await this.#closeSegment(streamId);
    const dir = this.#streamDir(streamId);
    await mkdir(dir, { recursive: true });
    const openedAt = this.#now();
    const name = segmentName(firstSeq, openedAt);
    const header = {
      previousSeq: this.#lastSeq.get(streamId) ?? -1,
      firstSeq,
      lastSeq: firstSeq - 1,
      blocks: 0,
      records: 0,
      length: SEGMENT_HEADER_BYTES,
    };
    // Created whole (header synced under a temporary name, then renamed): a segment without a
    // readable header was damaged later, never half-created by a crash.
    const temp = join(dir, `.${name}.tmp`);
    const created = await open(temp, 'w');
    try {
      await created.write(encodeHeader(header));
      await created.datasync();
    } finally {
      await created.close();
    }
    await rename(temp, join(dir, name));
    await syncDirectory(dir);
    const segment: Segment = {
      name,
      handle: await open(join(dir, name), 'r+'),
      openedAt,
      ...header,
    };
    this.#segments.set(streamId, segment);
    return segment;
  }

  async #closeSegment(streamId: number): Promise<void> {
    const segment = this.#segments.get(streamId);
    if (segment === undefined) return;
    this.#segments.delete(streamId);
    try {
      await segment.handle.datasync();
    } finally {
      await segment.handle.close();
    }
  }

  /**
   * Delete `streamId`'s closed segments whose blocks are all older than `oldestNeededSeq`: those
   * followed by a segment whose first block is not needed either.
   */
  async clean(streamId: number, oldestNeededSeq: number): Promise<void> {
    // Differs from Spark: Spark deletes the segments that ended before a threshold time (the oldest
    // remembered batch); here by block number, which also covers older checkpoint files' batches.
    const dir = this.#streamDir(streamId);
    const current = this.#segments.get(streamId)?.name;
    const names = await segmentNames(dir);
    for (let i = 0; i + 1 < names.length; i++) {
      const name = names[i] as string;
      if (name === current) continue;
      const nextFirstSeq = segmentFirstSeq(names[i + 1] as string) as number;
      if (nextFirstSeq <= oldestNeededSeq) await rm(join(dir, name), { force: true });
    }
  }

  async close(): Promise<void> {
    await this.#writing;
    for (const streamId of [...this.#segments.keys()]) await this.#closeSegment(streamId);
  }

  #streamDir(streamId: number): string {
    return join(this.#dir, String(streamId));
  }
}

/** Make a rename in `dir` durable (where the platform allows syncing a directory). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (handle === undefined) return;
  try {
    await handle.sync();
  } catch {
    // Some platforms cannot sync a directory; the rename is still atomic there.
  } finally {
    await handle.close();
  }
}
