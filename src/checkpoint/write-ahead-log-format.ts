/**
 * The bytes of a receiver write-ahead log segment. A segment starts with a header that says how
 * much of it was acknowledged (rewritten after every append, before the append resolves), then
 * holds one frame per block:
 *
 * ```
 * header (64 bytes): magic "DSWL", version, previousSeq, firstSeq, lastSeq, blocks, records,
 *                    acknowledged length, checksum of the header
 * frame:             u32 body length, SHA-256 of the body (32 bytes),
 *                    body = f64 seq, u32 records, u8 serializer name length, name, payload
 * ```
 *
 * The header makes damage tell-able from a crash: every byte up to the acknowledged length was
 * fsynced before its append resolved, so a frame there that is missing or fails its checksum is
 * lost data; bytes after it were never acknowledged, so an incomplete frame there is only a write
 * a crash interrupted. A segment is created whole (header written, fsynced, then renamed), so a
 * segment without a readable header was damaged after it was written.
 */
// Differs from Spark: Spark's FileBasedWriteAheadLog writes each record as a length and the
// serialized block, with no header or checksum, in files named by start and end time; the header
// and checksums here let recovery report lost blocks, and segments are named by block number.
import { createHash } from 'node:crypto';

export const SEGMENT_HEADER_BYTES = 64;
const MAGIC = 0x4453574c; // "DSWL"
const VERSION = 1;
const FRAME_PREFIX_BYTES = 4 + 32;
const BODY_FIXED_BYTES = 8 + 4 + 1;

/** What a segment's header says (seqs are the stream's block numbers; -1 for none). */
export interface SegmentHeader {
  /** The last block logged for the stream before this segment was opened. */
  readonly previousSeq: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** Blocks and records acknowledged in this segment. */
  readonly blocks: number;
  readonly records: number;
  /** Bytes acknowledged: where the frame after the last acknowledged one starts. */
  readonly length: number;
}

/** Encode `header` (with its checksum). */
export function encodeHeader(header: SegmentHeader): Buffer {
  const bytes = Buffer.alloc(SEGMENT_HEADER_BYTES);
  bytes.writeUInt32BE(MAGIC, 0);
  bytes.writeUInt32BE(VERSION, 4);
  bytes.writeDoubleBE(header.previousSeq, 8);
  bytes.writeDoubleBE(header.firstSeq, 16);
  bytes.writeDoubleBE(header.lastSeq, 24);
  bytes.writeDoubleBE(header.blocks, 32);
  bytes.writeDoubleBE(header.records, 40);
  bytes.writeDoubleBE(header.length, 48);
  digest(bytes.subarray(0, 56)).copy(bytes, 56, 0, 8);
  return bytes;
}

/** Decode the header at the start of `bytes`, or return why it is unreadable. */
export function decodeHeader(bytes: Buffer): SegmentHeader | string {
  if (bytes.length === 0) return 'the file is empty: its header is gone';
  if (bytes.length < SEGMENT_HEADER_BYTES) {
    return `the file is ${bytes.length} bytes long, shorter than its ${SEGMENT_HEADER_BYTES}-byte header`;
  }
  if (
    bytes.readUInt32BE(0) !== MAGIC ||
    !digest(bytes.subarray(0, 56)).subarray(0, 8).equals(bytes.subarray(56, 64))
  ) {
    return 'its header fails its checksum';
  }
  if (bytes.readUInt32BE(4) !== VERSION) {
    return `its format version ${bytes.readUInt32BE(4)} is not supported (expected ${VERSION})`;
  }
  return {
    previousSeq: bytes.readDoubleBE(8),
    firstSeq: bytes.readDoubleBE(16),
    lastSeq: bytes.readDoubleBE(24),
    blocks: bytes.readDoubleBE(32),
    records: bytes.readDoubleBE(40),
    length: bytes.readDoubleBE(48),
  };
}

/** Encode one block's frame. */
export function encodeFrame(
  seq: number,
  records: number,
  serializerName: string,
  payload: Uint8Array,
): Buffer {
  const name = Buffer.from(serializerName, 'utf8');
  // One buffer for prefix and body: the payload (a whole block) is copied once, not twice.
  const frame = Buffer.alloc(FRAME_PREFIX_BYTES + BODY_FIXED_BYTES + name.length + payload.length);
  const body = frame.subarray(FRAME_PREFIX_BYTES);
  body.writeDoubleBE(seq, 0);
  body.writeUInt32BE(records, 8);
  body.writeUInt8(name.length, 12);
  name.copy(body, 13);
  body.set(payload, 13 + name.length);
  frame.writeUInt32BE(body.length, 0);
  digest(body).copy(frame, 4);
  return frame;
}

/** A frame read back: its block number and record count, and the serialized records. */
export interface Frame {
  readonly seq: number;
  readonly records: number;
  readonly serializerName: string;
  readonly payload: Buffer;
  /** Where the next frame starts. */
  readonly end: number;
}

/**
 * Read the frame at `offset`, the bytes readable ending at `limit`: the frame, or `'incomplete'`
 * when the bytes end within it, or `'corrupt'` when it fails its checksum (its length field
 * may still be right: `end` says where the next frame would start, undefined when unknowable).
 */
export function readFrame(
  bytes: Buffer,
  offset: number,
  limit: number,
): Frame | { readonly problem: 'incomplete' | 'corrupt'; readonly end: number | undefined } {
  if (offset + FRAME_PREFIX_BYTES > limit) return { problem: 'incomplete', end: undefined };
  const length = bytes.readUInt32BE(offset);
  const start = offset + FRAME_PREFIX_BYTES;
  const end = start + length;
  if (length < BODY_FIXED_BYTES) return { problem: 'corrupt', end: undefined };
  if (end > limit) return { problem: 'incomplete', end: undefined };
  const body = bytes.subarray(start, end);
  if (!digest(body).equals(bytes.subarray(offset + 4, start))) return { problem: 'corrupt', end };
  const nameLength = body.readUInt8(12);
  return {
    seq: body.readDoubleBE(0),
    records: body.readUInt32BE(8),
    serializerName: body.toString('utf8', 13, 13 + nameLength),
    payload: body.subarray(13 + nameLength),
    end,
  };
}

function digest(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}
