/**
 * The receiver write-ahead log on real files: what it gives back after damage, exactly. Each
 * segment's header records how many bytes were acknowledged, so a truncated, flipped or emptied
 * segment is reported with the file, the offset where the damage starts, the block numbers and
 * the records it lost; bytes after the acknowledged length are an append a crash interrupted.
 */
import {
  appendFile,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonSerializer } from '../../../src/index.js';
import { WriteAheadLog } from '../../../src/checkpoint/write-ahead-log.js';
import { encodeFrame } from '../../../src/checkpoint/write-ahead-log-format.js';

let dir: string;
let now = 0;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dstream-wal-'));
  now = 0;
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function newLog(rollingIntervalMs = 60_000): WriteAheadLog {
  return new WriteAheadLog(dir, jsonSerializer, { now: () => now, rollingIntervalMs });
}

const streamDir = (): string => join(dir, 'receivedData', '0');

async function segments(): Promise<string[]> {
  return (await readdir(streamDir())).filter((name) => name.startsWith('log-')).sort();
}

/** Blocks `0..count-1` of stream 0, block i holding i + 1 records; the acknowledged end of each. */
async function writeBlocks(log: WriteAheadLog, count: number): Promise<number[]> {
  const ends: number[] = [];
  for (let seq = 0; seq < count; seq++) {
    await log.append(0, {
      seq,
      records: Array.from({ length: seq + 1 }, (_, i) => `r${seq}.${i}`),
    });
    const [name] = await segments();
    ends.push((await stat(join(streamDir(), name as string))).size);
  }
  return ends;
}

function seqs(blocks: readonly { seq: number }[]): number[] {
  return blocks.map((block) => block.seq);
}

describe('WriteAheadLog', () => {
  it('gives back every block in order, nothing damaged, and the next block number', async () => {
    const log = newLog();
    await writeBlocks(log, 5);
    await log.close();
    const recovered = await newLog().recover(0);
    expect(recovered.blocks).toEqual(
      [0, 1, 2, 3, 4].map((seq) => ({
        seq,
        records: Array.from({ length: seq + 1 }, (_, i) => `r${seq}.${i}`),
      })),
    );
    expect([recovered.damage, recovered.notices, recovered.nextSeq]).toEqual([[], [], 5]);
    expect(newLog().firstFreeSeq(0)).toBe(5);
  });

  it('truncated: the blocks after the cut, with their records, from the offset of the first one', async () => {
    const log = newLog();
    const ends = await writeBlocks(log, 5);
    await log.close();
    const [name] = await segments();
    const file = join(streamDir(), name as string);
    const cut = (ends[2] as number) + 10; // inside block 3
    await truncate(file, cut);
    const recovered = await newLog().recover(0);
    expect(seqs(recovered.blocks)).toEqual([0, 1, 2]);
    expect(recovered.damage).toEqual([
      {
        file,
        offset: ends[2],
        reason: `the file ends at byte ${cut}, before the ${ends[4]} bytes that were acknowledged`,
        fromSeq: 3,
        toSeq: 4,
        records: 4 + 5,
      },
    ]);
    expect(recovered.nextSeq).toBe(5);
  });

  it('16 flipped bytes: only the block they hit is lost; the blocks after it still read', async () => {
    const log = newLog();
    const ends = await writeBlocks(log, 5);
    await log.close();
    const [name] = await segments();
    const file = join(streamDir(), name as string);
    const bytes = await readFile(file);
    const at = (ends[1] as number) + 40; // inside block 2
    for (let i = at; i < at + 16; i++) bytes[i] = (bytes[i] as number) ^ 0xff;
    await writeFile(file, bytes);
    const recovered = await newLog().recover(0);
    expect(seqs(recovered.blocks)).toEqual([0, 1, 3, 4]);
    expect(recovered.damage).toEqual([
      {
        file,
        offset: ends[1],
        reason: 'the block written there fails its checksum',
        fromSeq: 2,
        toSeq: 2,
        records: 3,
      },
    ]);
  });

  it('emptied: everything from its first block on is lost, the end unknown', async () => {
    const log = newLog();
    await writeBlocks(log, 3);
    await log.close();
    const [name] = await segments();
    const file = join(streamDir(), name as string);
    await truncate(file, 0);
    const recovered = await newLog().recover(0);
    expect(recovered.blocks).toEqual([]);
    expect(recovered.damage).toEqual([
      {
        file,
        offset: 0,
        reason: 'the file is empty: its header is gone',
        fromSeq: 0,
        toSeq: undefined,
        records: undefined,
      },
    ]);
    // Block 0 opened the segment: its number is never given again.
    expect(recovered.nextSeq).toBe(1);
  });

  it('a damaged header: the blocks that still check out are read back; the segment is reported', async () => {
    const log = newLog();
    await writeBlocks(log, 3);
    await log.close();
    const [name] = await segments();
    const file = join(streamDir(), name as string);
    const bytes = await readFile(file);
    bytes[20] = (bytes[20] as number) ^ 0xff;
    await writeFile(file, bytes);
    const recovered = await newLog().recover(0);
    expect(seqs(recovered.blocks)).toEqual([0, 1, 2]);
    expect(recovered.damage).toEqual([
      {
        file,
        offset: 0,
        reason: 'its header fails its checksum',
        fromSeq: 0,
        toSeq: undefined,
        records: undefined,
      },
    ]);
  });

  it('an incomplete append after the acknowledged bytes is a torn write: nothing is lost', async () => {
    const log = newLog();
    const ends = await writeBlocks(log, 2);
    await log.close();
    const [name] = await segments();
    const file = join(streamDir(), name as string);
    // A crash during the append of block 2: part of its frame reached the file, the header
    // (rewritten after the fsync) still says 2 blocks.
    const frame = encodeFrame(2, 1, 'json', jsonSerializer.serialize(['late']));
    await appendFile(file, frame.subarray(0, 20));
    const recovered = await newLog().recover(0);
    expect(seqs(recovered.blocks)).toEqual([0, 1]);
    expect(recovered.damage).toEqual([]);
    expect(recovered.notices).toEqual([
      `Write-ahead log ${file}: the 20 bytes at offset ${ends[1]}, after the last acknowledged block, are an append that a crash interrupted; it was never acknowledged, so nothing is lost`,
    ]);
  });

  it('a whole append the crash left unacknowledged is kept (it was written, only not confirmed)', async () => {
    const log = newLog();
    await writeBlocks(log, 2);
    await log.close();
    const [name] = await segments();
    await appendFile(
      join(streamDir(), name as string),
      encodeFrame(2, 1, 'json', jsonSerializer.serialize(['late'])),
    );
    const recovered = await newLog().recover(0);
    expect(recovered.blocks.at(-1)).toEqual({ seq: 2, records: ['late'] });
    expect([recovered.damage, recovered.notices, recovered.nextSeq]).toEqual([[], [], 3]);
  });

  it('a deleted segment between two others: the blocks it held are reported, without an offset', async () => {
    const log = newLog(1000);
    for (let seq = 0; seq < 6; seq++) {
      now = seq * 500; // a new segment every second: blocks 0–1, 2–3, 4–5
      await log.append(0, { seq, records: [seq] });
    }
    await log.close();
    const names = await segments();
    expect(names).toHaveLength(3);
    await rm(join(streamDir(), names[1] as string));
    const recovered = await newLog().recover(0);
    expect(seqs(recovered.blocks)).toEqual([0, 1, 4, 5]);
    expect(recovered.damage).toEqual([
      {
        file: streamDir(),
        offset: undefined,
        reason: `no segment holds the blocks logged between ${names[0]} and ${names[2]} (a segment was deleted)`,
        fromSeq: 2,
        toSeq: 3,
        records: undefined,
      },
    ]);
  });

  it('clean deletes a segment only when the next one starts at or before the oldest needed block', async () => {
    const log = newLog(1000);
    for (let seq = 0; seq < 6; seq++) {
      now = seq * 500;
      await log.append(0, { seq, records: [seq] });
    }
    const names = await segments();
    await log.clean(0, 3); // the second segment (2–3) is still needed: the first may go
    expect(await segments()).toEqual(names.slice(1));
    await log.clean(0, 100); // the open segment is never deleted
    expect(await segments()).toEqual(names.slice(2));
    await log.close();
  });
});
