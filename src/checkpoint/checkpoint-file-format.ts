/**
 * The container of every checkpoint file: a magic number, the format version, the serializer's
 * name, a SHA-256 checksum and the length of the payload, then the payload. A file that is
 * truncated or altered fails to decode instead of restoring wrong data.
 */
import { createHash } from 'node:crypto';

/** The first four bytes of every checkpoint file: "DSTC". */
export const CHECKPOINT_MAGIC = 0x44535443;
/** Bumped when the layout of checkpoint contents changes incompatibly. */
export const CHECKPOINT_FORMAT_VERSION = 1;
const HEADER_BYTES = 4 + 4 + 1 + 32 + 8;
const NOT_A_CHECKPOINT = 'not a dstream-ts checkpoint file';

/** Wrap `payload` (written by serializer `serializerName`) in the checksummed container. */
export function encodeCheckpointFile(payload: Uint8Array, serializerName: string): Buffer {
  const name = Buffer.from(serializerName, 'utf8');
  const header = Buffer.alloc(HEADER_BYTES + name.length);
  header.writeUInt32BE(CHECKPOINT_MAGIC, 0);
  header.writeUInt32BE(CHECKPOINT_FORMAT_VERSION, 4);
  header.writeUInt8(name.length, 8);
  name.copy(header, 9);
  createHash('sha256')
    .update(payload)
    .digest()
    .copy(header, 9 + name.length);
  header.writeBigUInt64BE(BigInt(payload.length), 9 + name.length + 32);
  return Buffer.concat([header, payload]);
}

/**
 * Unwrap a checkpoint file; throws an Error that says what is wrong with it and where (byte
 * offsets into `file`).
 */
export function decodeCheckpointFile(file: Buffer): { serializerName: string; payload: Buffer } {
  if (file.length < HEADER_BYTES) {
    throw new Error(
      `${NOT_A_CHECKPOINT}: too short (${file.length} bytes; the header alone takes ${HEADER_BYTES})`,
    );
  }
  if (file.readUInt32BE(0) !== CHECKPOINT_MAGIC) {
    throw new Error(
      `${NOT_A_CHECKPOINT}: bad magic number (bytes 0–3 are ${file.toString('hex', 0, 4)}, not ${CHECKPOINT_MAGIC.toString(16)}, "DSTC")`,
    );
  }
  const version = file.readUInt32BE(4);
  if (version !== CHECKPOINT_FORMAT_VERSION) {
    throw new Error(
      `unsupported checkpoint format version ${version} (expected ${CHECKPOINT_FORMAT_VERSION})`,
    );
  }
  const nameLength = file.readUInt8(8);
  const serializerName = file.toString('utf8', 9, 9 + nameLength);
  const checksumAt = 9 + nameLength;
  const checksum = file.subarray(checksumAt, checksumAt + 32);
  const start = checksumAt + 40;
  if (file.length < start) {
    throw new Error(
      `truncated checkpoint file: it ends at byte ${file.length}, inside the header (${start} bytes)`,
    );
  }
  const length = Number(file.readBigUInt64BE(checksumAt + 32));
  const payload = file.subarray(start);
  const lengthField = `bytes ${checksumAt + 32}–${start - 1}`;
  if (payload.length < length) {
    throw new Error(
      `truncated checkpoint file (${payload.length} of ${length} payload bytes): it ends at byte ${file.length}, the length in ${lengthField} says at byte ${start + length}`,
    );
  }
  if (payload.length > length) {
    throw new Error(
      `checkpoint file longer than written (${payload.length} payload bytes, not ${length}): it ends at byte ${file.length}, the length in ${lengthField} says at byte ${start + length}`,
    );
  }
  if (!createHash('sha256').update(payload).digest().equals(checksum)) {
    throw new Error(
      `checksum mismatch: the checkpoint file is corrupt (the SHA-256 of the payload, bytes ${start}–${file.length - 1}, differs from the one in bytes ${checksumAt}–${checksumAt + 31})`,
    );
  }
  return { serializerName, payload };
}
