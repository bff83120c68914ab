/**
 * The checksummed container of every checkpoint file (magic, format version, serializer name,
 * SHA-256, payload length, payload): round trips with both serializers, and every kind of damage
 * (truncation, a flipped byte, a foreign file, a newer format) is refused with a message that
 * says what is wrong instead of restoring wrong data.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_FORMAT_VERSION,
  decodeCheckpointFile,
  encodeCheckpointFile,
} from '../../../src/checkpoint/checkpoint-file-format.js';
import { readCheckpointFile } from '../../../src/checkpoint/checkpoint-reader.js';
import { jsonSerializer, v8Serializer } from '../../../src/index.js';

const NOT_A_CHECKPOINT = 'not a dstream-ts checkpoint file: ';
const CHECKSUM = 'checksum mismatch: the checkpoint file is corrupt';

/** Offsets of the header fields for a serializer name of `nameLength` bytes. */
function layout(nameLength: number): { checksum: number; length: number; payload: number } {
  return { checksum: 9 + nameLength, length: 9 + nameLength + 32, payload: 9 + nameLength + 40 };
}

function flip(file: Buffer, index: number, mask = 0xff): Buffer {
  const copy = Buffer.from(file);
  copy[index] = (copy[index] as number) ^ mask;
  return copy;
}

const plainValue = {
  kind: 'dstream-ts metadata checkpoint',
  times: [1000, 2000, 3000],
  streams: [{ key: 'totals', named: true, data: [{ timeMs: 10000, file: 'rdd-3-10000' }] }],
  text: 'ünïcødé ✓',
  nested: [[['a', 1]], [['b', -2.5]], []],
  nothing: null,
};

describe('checkpoint file format', () => {
  it('lays out magic "DSTC", version, serializer name, SHA-256 and length before the payload', () => {
    const payload = Buffer.from([1, 2, 3, 4, 5]);
    const file = encodeCheckpointFile(payload, 'json');
    const at = layout(4);
    expect(file.subarray(0, 4).toString('latin1')).toBe('DSTC');
    expect(file.readUInt32BE(4)).toBe(CHECKPOINT_FORMAT_VERSION);
    expect(CHECKPOINT_FORMAT_VERSION).toBe(1);
    expect(file.readUInt8(8)).toBe(4);
    expect(file.toString('utf8', 9, 13)).toBe('json');
    expect(file.subarray(at.checksum, at.length)).toEqual(
      createHash('sha256').update(payload).digest(),
    );
    expect(file.readBigUInt64BE(at.length)).toBe(5n);
    expect(file.subarray(at.payload)).toEqual(payload);
    expect(file.length).toBe(at.payload + 5);
  });

  it('round-trips plain data with the v8 serializer', () => {
    const file = encodeCheckpointFile(v8Serializer.serialize(plainValue), v8Serializer.name);
    const { serializerName, payload } = decodeCheckpointFile(file);
    expect(serializerName).toBe('v8');
    expect(v8Serializer.deserialize(payload)).toEqual(plainValue);
  });

  it('round-trips Map, Set, Date, typed arrays and undefined with the v8 serializer', () => {
    const value = {
      map: new Map<unknown, unknown>([
        ['a', 1],
        [2, [3, undefined]],
      ]),
      set: new Set(['x', 'y']),
      date: new Date(1234567890),
      bytes: new Uint8Array([0, 255, 7]),
      missing: undefined,
      big: 2n ** 70n,
    };
    const file = encodeCheckpointFile(v8Serializer.serialize(value), v8Serializer.name);
    const decoded = v8Serializer.deserialize(decodeCheckpointFile(file).payload) as typeof value;
    expect(decoded).toEqual(value);
    expect(decoded.map).toBeInstanceOf(Map);
    expect(decoded.set).toBeInstanceOf(Set);
    expect('missing' in decoded).toBe(true);
  });

  it('round-trips plain data with the json serializer, whose payload is readable JSON', () => {
    const file = encodeCheckpointFile(jsonSerializer.serialize(plainValue), jsonSerializer.name);
    const { serializerName, payload } = decodeCheckpointFile(file);
    expect(serializerName).toBe('json');
    expect(payload.toString('utf8')).toBe(JSON.stringify(plainValue));
    expect(jsonSerializer.deserialize(payload)).toEqual(plainValue);
  });

  it('round-trips an empty payload', () => {
    const { serializerName, payload } = decodeCheckpointFile(
      encodeCheckpointFile(new Uint8Array(0), 'v8'),
    );
    expect(serializerName).toBe('v8');
    expect(payload.length).toBe(0);
  });

  it('round-trips any JSON value with either serializer (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(v8Serializer, jsonSerializer), (value, s) => {
        const decoded = decodeCheckpointFile(encodeCheckpointFile(s.serialize(value), s.name));
        expect(decoded.serializerName).toBe(s.name);
        // JSON has no -0: the json serializer writes it as 0, as JSON.stringify does.
        expect(s.deserialize(decoded.payload)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  describe('damaged files are rejected with a clear message', () => {
    const payload = v8Serializer.serialize(plainValue);
    const file = encodeCheckpointFile(payload, 'v8');
    const at = layout(2);

    it('an empty file', () => {
      expect(() => decodeCheckpointFile(Buffer.alloc(0))).toThrow(
        `${NOT_A_CHECKPOINT}too short (0 bytes; the header alone takes 49)`,
      );
    });

    it('a file cut inside the fixed header', () => {
      expect(() => decodeCheckpointFile(file.subarray(0, 20))).toThrow(NOT_A_CHECKPOINT);
      expect(() => decodeCheckpointFile(file.subarray(0, 48))).toThrow(NOT_A_CHECKPOINT);
    });

    it('a file cut inside the length field', () => {
      expect(() => decodeCheckpointFile(file.subarray(0, at.payload - 1))).toThrow(
        'truncated checkpoint file',
      );
    });

    it('a file cut inside the payload says how many bytes are missing', () => {
      expect(() => decodeCheckpointFile(file.subarray(0, file.length - 1))).toThrow(
        `truncated checkpoint file (${payload.length - 1} of ${payload.length} payload bytes)`,
      );
      expect(() => decodeCheckpointFile(file.subarray(0, at.payload))).toThrow(
        `truncated checkpoint file (0 of ${payload.length} payload bytes)`,
      );
    });

    it('a file with bytes appended', () => {
      expect(() => decodeCheckpointFile(Buffer.concat([file, Buffer.from([0])]))).toThrow(
        `checkpoint file longer than written (${payload.length + 1} payload bytes, not ${payload.length}): it ends at byte ${file.length + 1}, the length in bytes ${at.length}–${at.payload - 1} says at byte ${file.length}`,
      );
    });

    it('a flipped byte in the payload', () => {
      expect(() => decodeCheckpointFile(flip(file, at.payload))).toThrow(CHECKSUM);
      expect(() => decodeCheckpointFile(flip(file, file.length - 1, 0x01))).toThrow(CHECKSUM);
    });

    it('a flipped byte in the checksum', () => {
      expect(() => decodeCheckpointFile(flip(file, at.checksum + 5))).toThrow(CHECKSUM);
    });

    it('a flipped byte in the length field', () => {
      // The payload's length is odd here, so the field now says one byte less than there is.
      expect(payload.length % 2).toBe(1);
      expect(() => decodeCheckpointFile(flip(file, at.length + 7, 0x01))).toThrow(
        `checkpoint file longer than written (${payload.length} payload bytes, not ${payload.length ^ 1}): it ends at byte ${file.length}, the length in bytes ${at.length}–${at.payload - 1} says at byte ${file.length - 1}`,
      );
    });

    it('a wrong magic number', () => {
      expect(() => decodeCheckpointFile(flip(file, 0, 0x01))).toThrow(
        `${NOT_A_CHECKPOINT}bad magic number (bytes 0–3 are 45535443, not 44535443, "DSTC")`,
      );
      const foreign = Buffer.concat([Buffer.from('PK\u0003\u0004'), file.subarray(4)]);
      expect(() => decodeCheckpointFile(foreign)).toThrow(NOT_A_CHECKPOINT);
    });

    it('a wrong format version', () => {
      const newer = Buffer.from(file);
      newer.writeUInt32BE(2, 4);
      expect(() => decodeCheckpointFile(newer)).toThrow(
        'unsupported checkpoint format version 2 (expected 1)',
      );
      const zero = Buffer.from(file);
      zero.writeUInt32BE(0, 4);
      expect(() => decodeCheckpointFile(zero)).toThrow(
        'unsupported checkpoint format version 0 (expected 1)',
      );
    });

    it('a flipped byte in the serializer name: the reader knows no such serializer', async () => {
      // The checksum covers the payload only: the container decodes with another name, and
      // reading the file then fails because no serializer has that name.
      const damaged = flip(file, 10, 0x01);
      expect(decodeCheckpointFile(damaged).serializerName).toBe('v9');
      const dir = await mkdtemp(join(tmpdir(), 'dstream-ts-format-'));
      try {
        await writeFile(join(dir, 'checkpoint-1000'), damaged);
        await expect(readCheckpointFile(dir, 'checkpoint-1000', [])).rejects.toThrow(
          "written with serializer 'v9', which this context does not have",
        );
        await writeFile(join(dir, 'checkpoint-2000'), file);
        await expect(readCheckpointFile(dir, 'checkpoint-2000', [])).resolves.toEqual(plainValue);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('any truncation is rejected (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: file.length - 1 }), (length) => {
          expect(() => decodeCheckpointFile(file.subarray(0, length))).toThrow(
            /^(not a dstream-ts checkpoint file|truncated checkpoint file)/,
          );
        }),
      );
    });

    it('any flipped bit outside the serializer name is rejected (property)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: file.length - 1 }).filter((i) => i < 9 || i >= 11),
          fc.integer({ min: 0, max: 7 }),
          (index, bit) => {
            expect(() => decodeCheckpointFile(flip(file, index, 1 << bit))).toThrow(
              /^(not a dstream-ts checkpoint file|unsupported checkpoint format version|truncated checkpoint file|checksum mismatch)/,
            );
          },
        ),
      );
    });
  });
});
