/**
 * Reading a stream's write-ahead log back after a restart (Spark's FileBasedWriteAheadLogReader,
 * which stops at the first unreadable record; this one says what it could not read). Every frame
 * a segment's header counts as acknowledged must be there and pass its checksum; what is missing
 * or damaged is reported with the file, the offset and the block numbers it held. Bytes after the
 * acknowledged length were never acknowledged: complete frames there are kept, and an incomplete
 * one is an append a crash interrupted, which loses nothing.
 */
// Differs from Spark: Spark's reader ends a segment at its first unreadable record, silently;
// here frames carry checksums and each segment's header its acknowledged length, so a loss is
// reported (and fails the batches that need it) and a torn final append is told apart.
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogDamage, ReceivedBlock, RecoveredLog } from '../input/receiver/received-block.js';
import {
  decodeHeader,
  readFrame,
  SEGMENT_HEADER_BYTES,
  type Frame,
  type SegmentHeader,
} from './write-ahead-log-format.js';
import type { CheckpointSerializer } from './serializer.js';

/** The name of a segment whose first block is `firstSeq`: names sort in block order. */
export function segmentName(firstSeq: number, openedAtMs: number): string {
  return `log-${String(firstSeq).padStart(16, '0')}-${String(openedAtMs).padStart(15, '0')}`;
}

/** The first block number of segment `name`, or undefined for a name that is not a segment's. */
export function segmentFirstSeq(name: string): number | undefined {
  const match = /^log-(\d{16})-\d+$/.exec(name);
  return match === null ? undefined : Number(match[1]);
}

/** The segment names in `dir`, in block order. */
export async function segmentNames(dir: string): Promise<string[]> {
  return segmentsAmong(await readdir(dir).catch(() => [] as string[]));
}

/** The names among `names` that are segments', in block order. */
function segmentsAmong(names: readonly string[]): string[] {
  return names.filter((name) => segmentFirstSeq(name) !== undefined).sort();
}

/**
 * The first block number the log in `dir` has not used (0 for none), read synchronously: only
 * the newest segment, which holds the highest numbers, is read.
 */
export function nextSeqOfLog(dir: string, serializers: readonly CheckpointSerializer[]): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0; // no log yet
  }
  const last = segmentsAmong(names).at(-1);
  if (last === undefined) return 0;
  const firstSeq = segmentFirstSeq(last) as number;
  const reading = readSegment(
    join(dir, last),
    firstSeq,
    readFileSync(join(dir, last)),
    serializers,
  );
  return nextSeqAfter(reading, firstSeq);
}

/** A segment is created by the append of its first block: that number is taken either way. */
function nextSeqAfter(reading: SegmentReading, firstSeq: number): number {
  return Math.max(reading.lastSeq + 1, firstSeq + (reading.header === undefined ? 1 : 0));
}

interface SegmentReading {
  readonly header: SegmentHeader | undefined;
  readonly blocks: ReceivedBlock<unknown>[];
  readonly damage: LogDamage[];
  readonly notices: string[];
  /** The highest block number the segment holds or held (header, frames). */
  readonly lastSeq: number;
}

/** Read every segment of the log in `dir` (one stream's). */
export async function readLog(
  dir: string,
  serializers: readonly CheckpointSerializer[],
): Promise<RecoveredLog> {
  const blocks: ReceivedBlock<unknown>[] = [];
  const damage: LogDamage[] = [];
  const notices: string[] = [];
  let nextSeq = 0;
  let previous: { name: string; reading: SegmentReading } | undefined;
  for (const name of await segmentNames(dir)) {
    const file = join(dir, name);
    const firstSeq = segmentFirstSeq(name) as number;
    const reading = readSegment(file, firstSeq, await readFile(file), serializers);
    // A segment whose header is gone held blocks up to the one logged before the next segment.
    const open = previous?.reading.damage.find((d) => d.toSeq === undefined);
    if (open !== undefined && reading.header !== undefined) {
      replace(previous?.reading.damage ?? [], open, { ...open, toSeq: reading.header.previousSeq });
    }
    // Blocks logged between two segments that are no longer there: a whole segment is missing.
    const before = previous?.reading;
    if (before?.header !== undefined && reading.header !== undefined) {
      const missingFrom = before.lastSeq + 1;
      if (reading.header.previousSeq >= missingFrom) {
        damage.push({
          file: dir,
          offset: undefined,
          reason: `no segment holds the blocks logged between ${previous?.name ?? ''} and ${name} (a segment was deleted)`,
          fromSeq: missingFrom,
          toSeq: reading.header.previousSeq,
          records: undefined,
        });
      }
    }
    if (previous !== undefined) collect(previous.reading, blocks, damage, notices);
    previous = { name, reading };
    nextSeq = Math.max(nextSeq, nextSeqAfter(reading, firstSeq));
  }
  if (previous !== undefined) collect(previous.reading, blocks, damage, notices);
  blocks.sort((a, b) => a.seq - b.seq);
  return { dir, blocks, damage, notices, nextSeq };
}

function collect(
  reading: SegmentReading,
  blocks: ReceivedBlock<unknown>[],
  damage: LogDamage[],
  notices: string[],
): void {
  for (const block of reading.blocks) blocks.push(block);
  for (const d of reading.damage) damage.push(d);
  for (const n of reading.notices) notices.push(n);
}

function replace<T>(items: T[], old: T, value: T): void {
  const index = items.indexOf(old);
  if (index >= 0) items[index] = value;
}

function readSegment(
  file: string,
  firstSeq: number,
  bytes: Buffer,
  serializers: readonly CheckpointSerializer[],
): SegmentReading {
  const header = decodeHeader(bytes);
  const blocks: ReceivedBlock<unknown>[] = [];
  const damage: LogDamage[] = [];
  const notices: string[] = [];
  if (typeof header === 'string') {
    // Keep what still reads (every frame checks itself); the rest of the segment is lost.
    salvage(bytes, serializers, blocks);
    damage.push({
      file,
      offset: 0,
      reason: header,
      fromSeq: firstSeq,
      toSeq: undefined,
      records: undefined,
    });
    return { header: undefined, blocks, damage, notices, lastSeq: lastOf(blocks, firstSeq - 1) };
  }
  const acknowledged = header.length;
  let offset = SEGMENT_HEADER_BYTES;
  let expected = header.firstSeq;
  let intactRecords = 0;
  /** The open damaged stretch: where it starts and why. */
  let broken: { offset: number; reason: string } | undefined;
  const close = (toSeq: number): void => {
    if (broken === undefined) return;
    damage.push({
      file,
      offset: broken.offset,
      reason: broken.reason,
      fromSeq: expected,
      toSeq,
      records: undefined,
    });
    broken = undefined;
  };
  while (offset < acknowledged) {
    const frame = readFrame(bytes, offset, Math.min(acknowledged, bytes.length));
    if ('problem' in frame) {
      if (frame.problem === 'corrupt' && frame.end !== undefined && frame.end <= acknowledged) {
        broken ??= { offset, reason: 'the block written there fails its checksum' };
        offset = frame.end;
        continue;
      }
      broken ??= {
        offset,
        reason:
          bytes.length < acknowledged
            ? `the file ends at byte ${bytes.length}, before the ${acknowledged} bytes that were acknowledged`
            : 'the length of the block written there is damaged',
      };
      break;
    }
    const block = decodeBlock(frame, serializers);
    if (typeof block === 'string') {
      broken ??= { offset, reason: block };
    } else {
      close(block.seq - 1);
      blocks.push(block);
      intactRecords += block.records.length;
      expected = block.seq + 1;
    }
    offset = frame.end;
  }
  close(header.lastSeq);
  // With one damaged stretch, the header's totals say exactly how many records it held.
  const only = damage.length === 1 ? damage[0] : undefined;
  if (only !== undefined) damage[0] = { ...only, records: header.records - intactRecords };
  if (bytes.length > acknowledged) readTail(file, bytes, header, serializers, blocks, notices);
  return { header, blocks, damage, notices, lastSeq: lastOf(blocks, header.lastSeq) };
}

/** After the acknowledged bytes: complete frames are kept, an incomplete one is a torn append. */
function readTail(
  file: string,
  bytes: Buffer,
  header: SegmentHeader,
  serializers: readonly CheckpointSerializer[],
  blocks: ReceivedBlock<unknown>[],
  notices: string[],
): void {
  let offset = header.length;
  let expected = header.lastSeq + 1;
  while (offset < bytes.length) {
    const frame = readFrame(bytes, offset, bytes.length);
    const block = 'problem' in frame ? undefined : decodeBlock(frame, serializers);
    if (block === undefined || typeof block === 'string' || block.seq !== expected) {
      notices.push(
        `Write-ahead log ${file}: the ${bytes.length - offset} bytes at offset ${offset}, after the last acknowledged block, are an append that a crash interrupted; it was never acknowledged, so nothing is lost`,
      );
      return;
    }
    blocks.push(block);
    expected++;
    offset = (frame as Frame).end;
  }
}

/** Frames that still read in a segment whose header is gone. */
function salvage(
  bytes: Buffer,
  serializers: readonly CheckpointSerializer[],
  blocks: ReceivedBlock<unknown>[],
): void {
  let offset = SEGMENT_HEADER_BYTES;
  while (offset < bytes.length) {
    const frame = readFrame(bytes, offset, bytes.length);
    if ('problem' in frame) {
      if (frame.end === undefined) return;
      offset = frame.end;
      continue;
    }
    const block = decodeBlock(frame, serializers);
    if (typeof block !== 'string') blocks.push(block);
    offset = frame.end;
  }
}

function decodeBlock(
  frame: Frame,
  serializers: readonly CheckpointSerializer[],
): ReceivedBlock<unknown> | string {
  const serializer = serializers.find((s) => s.name === frame.serializerName);
  if (serializer === undefined) {
    return `the block written there was serialized with "${frame.serializerName}", which this context does not have`;
  }
  try {
    const records = serializer.deserialize(frame.payload);
    if (!Array.isArray(records) || records.length !== frame.records) {
      return 'the block written there does not decode to its records';
    }
    return { seq: frame.seq, records };
  } catch (error) {
    return `the block written there cannot be decoded (${String(error)})`;
  }
}

function lastOf(blocks: readonly ReceivedBlock<unknown>[], floor: number): number {
  let last = floor;
  for (const block of blocks) last = Math.max(last, block.seq);
  return last;
}
