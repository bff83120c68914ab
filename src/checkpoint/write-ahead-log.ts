/**
 * The receiver write-ahead log (Spark's FileBasedWriteAheadLog, one per receiver stream under
 * `<checkpointDir>/receivedData/<streamId>/`). A block is appended and fsynced before `store`
 * resolves; recovery reads every complete record back (a record torn by a crash is ignored), and
 * segments whose blocks every remembered batch is done with are deleted.
 */
import { mkdir, open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlockLog, ReceivedBlock } from '../input/receiver/received-block.js';
import { decodeCheckpointFile, encodeCheckpointFile } from './checkpoint-file-format.js';
import type { CheckpointSerializer } from './serializer.js';

/** Spark's `spark.streaming.receiver.writeAheadLog.rollingIntervalSecs` (60 s). */
const ROLLING_INTERVAL_MS = 60_000;

interface Segment {
  readonly name: string;
  readonly handle: FileHandle;
  readonly openedAt: number;
  lastSeq: number;
}

/** Appends received blocks to per-stream log segments, fsynced. */
export class WriteAheadLog implements BlockLog {
  readonly #dir: string;
  readonly #serializer: CheckpointSerializer;
  readonly #segments = new Map<number, Segment>();
  #writing: Promise<void> = Promise.resolve();
  readonly #closedLastSeq = new Map<string, number>();

  constructor(checkpointDir: string, serializer: CheckpointSerializer) {
    this.#dir = join(checkpointDir, 'receivedData');
    this.#serializer = serializer;
  }

  /** Append `block` to `streamId`'s log and fsync; appends are serialised in call order. */
  append(streamId: number, block: ReceivedBlock<unknown>): Promise<void> {
    const write = this.#writing.then(() => this.#append(streamId, block));
    this.#writing = write.catch(() => undefined);
    return write;
  }

  async #append(streamId: number, block: ReceivedBlock<unknown>): Promise<void> {
    const segment = await this.#segmentFor(streamId);
    const record = encodeCheckpointFile(this.#serializer.serialize(block), this.#serializer.name);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(record.length);
    await segment.handle.write(Buffer.concat([length, record]));
    await segment.handle.sync();
    segment.lastSeq = block.seq;
  }

  async #segmentFor(streamId: number): Promise<Segment> {
    const current = this.#segments.get(streamId);
    if (current !== undefined && Date.now() - current.openedAt < ROLLING_INTERVAL_MS)
      return current;
    await current?.handle.close();
    const dir = join(this.#dir, String(streamId));
    await mkdir(dir, { recursive: true });
    const openedAt = Date.now();
    // Segments sort by name in write order even when two open within the same millisecond.
    const name = `log-${String(openedAt).padStart(15, '0')}-${String(this.#segments.size).padStart(4, '0')}-${process.pid}`;
    const segment: Segment = {
      name,
      handle: await open(join(dir, name), 'a'),
      openedAt,
      lastSeq: -1,
    };
    this.#segments.set(streamId, segment);
    return segment;
  }

  /** Every complete block logged for `streamId`, in log order. */
  async readAll(
    streamId: number,
    serializers: readonly CheckpointSerializer[],
  ): Promise<ReceivedBlock<unknown>[]> {
    const dir = join(this.#dir, String(streamId));
    const names = (await readdir(dir).catch(() => [] as string[]))
      .filter((n) => n.startsWith('log-'))
      .sort();
    const blocks: ReceivedBlock<unknown>[] = [];
    for (const name of names) {
      const bytes = await readFile(join(dir, name));
      let offset = 0;
      while (offset + 4 <= bytes.length) {
        const length = bytes.readUInt32BE(offset);
        if (offset + 4 + length > bytes.length) break; // torn by a crash mid-append
        try {
          const { serializerName, payload } = decodeCheckpointFile(
            bytes.subarray(offset + 4, offset + 4 + length),
          );
          const serializer = serializers.find((s) => s.name === serializerName) ?? this.#serializer;
          blocks.push(serializer.deserialize(payload) as ReceivedBlock<unknown>);
        } catch {
          break;
        }
        offset += 4 + length;
      }
    }
    return blocks;
  }

  /** Delete `streamId`'s closed segments whose blocks are all older than `oldestNeededSeq`. */
  async clean(streamId: number, oldestNeededSeq: number): Promise<void> {
    const dir = join(this.#dir, String(streamId));
    const current = this.#segments.get(streamId)?.name;
    const names = (await readdir(dir).catch(() => [] as string[]))
      .filter((n) => n.startsWith('log-'))
      .sort();
    for (const name of names) {
      if (name === current) continue;
      // A closed segment never changes: read its last block number once.
      const path = join(dir, name);
      let last = this.#closedLastSeq.get(path);
      if (last === undefined) {
        last = await lastSeqOf(path, this.#serializer);
        this.#closedLastSeq.set(path, last);
      }
      if (last < oldestNeededSeq) {
        await rm(path, { force: true });
        this.#closedLastSeq.delete(path);
      }
    }
  }

  async close(): Promise<void> {
    await this.#writing;
    for (const segment of this.#segments.values()) await segment.handle.close();
    this.#segments.clear();
  }
}

async function lastSeqOf(path: string, serializer: CheckpointSerializer): Promise<number> {
  const bytes = await readFile(path);
  let offset = 0;
  let last = -1;
  while (offset + 4 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    if (offset + 4 + length > bytes.length) break;
    try {
      const { payload } = decodeCheckpointFile(bytes.subarray(offset + 4, offset + 4 + length));
      last = (serializer.deserialize(payload) as ReceivedBlock<unknown>).seq;
    } catch {
      break;
    }
    offset += 4 + length;
  }
  return last;
}
