/**
 * Giving a receiver stream its blocks back from the write-ahead log after a restart (Spark's
 * ReceivedBlockTracker recovery and WriteAheadLogBackedBlockRDD). Every block a remembered batch
 * took comes back in that batch, and every block no batch took yet goes to the next one; a block
 * the log acknowledged but cannot give back takes its place as a {@link LostBlock}, so the batch
 * that needs it fails with an error naming the damage instead of running without it. What was
 * lost, and which batches need it, is reported when the stream is restored.
 */
import { WriteAheadLogError } from '../../errors.js';
import type { LogDamage, ReceivedBlock, RecoveredLog } from './received-block.js';

/** A block the write-ahead log acknowledged but could not give back. */
export interface LostBlock {
  readonly lost: true;
  readonly seq: number;
  /** Later blocks may be lost too: the end of the damage is unknown. */
  readonly andLater: boolean;
  readonly damage: LogDamage;
}

/** A block of a batch: its records, or the fact that they are lost. */
export type BatchBlock<T> = ReceivedBlock<T> | LostBlock;

export function isLost<T>(block: BatchBlock<T>): block is LostBlock {
  return 'lost' in block;
}

/** What a checkpoint remembers of a receiver stream (see `ReceiverInputDStream.position`). */
export interface BlockAllocations {
  readonly allocations: readonly (readonly [timeMs: number, seqs: readonly number[]])[];
  readonly firstUnallocatedSeq: number;
  readonly nextSeq: number;
}

/** The stream's state after recovery, and what to report. */
export interface RestoredBlocks<T> {
  readonly allocations: Map<number, readonly BatchBlock<T>[]>;
  readonly unallocated: BatchBlock<T>[];
  readonly nextSeq: number;
  readonly errors: string[];
  readonly warnings: string[];
}

/** Match the checkpoint's allocations with what `log` gave back (see the file comment). */
export function restoreBlocks<T>(
  streamId: number,
  position: BlockAllocations,
  log: RecoveredLog,
): RestoredBlocks<T> {
  const bySeq = new Map<number, ReceivedBlock<T>>();
  for (const block of log.blocks as readonly ReceivedBlock<T>[]) bySeq.set(block.seq, block);
  const damage = [...log.damage];
  // Blocks stored before the checkpoint that no segment holds and no damage explains: the
  // segments holding them are gone (the stream's newest block before the checkpoint is known).
  const openEnded = damage.some((d) => d.toSeq === undefined);
  if (log.nextSeq < position.nextSeq && !openEnded) {
    damage.push({
      file: log.dir,
      offset: undefined,
      reason: 'no segment holds them (the newest segments were deleted)',
      fromSeq: log.nextSeq,
      toSeq: position.nextSeq - 1,
      records: undefined,
    });
  }
  const damageAt = (seq: number): LogDamage => {
    let found = damage.find((d) => covers(d, seq));
    if (found === undefined) {
      // A block a batch took that is nowhere in the log (e.g. its segment was deleted).
      found = {
        file: log.dir,
        offset: undefined,
        reason: 'no segment holds it',
        fromSeq: seq,
        toSeq: seq,
        records: undefined,
      };
      damage.push(found);
    }
    return found;
  };
  const lostAt = (seq: number, andLater = false): LostBlock => ({
    lost: true,
    seq,
    andLater,
    damage: damageAt(seq),
  });
  const allocations = new Map<number, readonly BatchBlock<T>[]>();
  const neededBy = new Map<LogDamage, Set<string>>();
  const need = (seq: number, by: string): void => {
    const d = damageAt(seq);
    let batches = neededBy.get(d);
    if (batches === undefined) neededBy.set(d, (batches = new Set()));
    batches.add(by);
  };
  for (const [timeMs, seqs] of position.allocations) {
    allocations.set(
      timeMs,
      seqs.map((seq) => {
        const block = bySeq.get(seq);
        if (block !== undefined) return block;
        need(seq, `the batch of ${timeMs} ms`);
        return lostAt(seq);
      }),
    );
  }
  const first = position.firstUnallocatedSeq;
  const unallocated: BatchBlock<T>[] = log.blocks
    .filter((block) => block.seq >= first)
    .map((block) => block as ReceivedBlock<T>);
  let nextSeq = Math.max(position.nextSeq, log.nextSeq);
  for (const d of [...damage]) {
    const from = Math.max(d.fromSeq, first);
    const to = d.toSeq ?? Math.max(from, position.nextSeq - 1);
    for (let seq = from; seq <= to; seq++) {
      if (bySeq.has(seq)) continue;
      need(seq, 'the next batch');
      unallocated.push(lostAt(seq, d.toSeq === undefined && seq === to));
      // New blocks must never take the number of a lost one.
      nextSeq = Math.max(nextSeq, seq + 1);
    }
  }
  unallocated.sort((a, b) => a.seq - b.seq);
  const errors: string[] = [];
  const warnings = [...log.notices];
  for (const d of damage) {
    const batches = neededBy.get(d);
    const text = describeDamage(streamId, d, bySeq, position.nextSeq);
    if (batches === undefined) {
      warnings.push(
        `${text}; no remembered batch needs them (their batches completed before the restart)`,
      );
    } else {
      errors.push(`${text}; needed by ${listed([...batches])}, which will fail`);
    }
  }
  return {
    allocations,
    unallocated,
    nextSeq,
    errors,
    warnings,
  };
}

/** The error of a batch that needs `block` (thrown when the batch's partition is computed). */
export function lostBlockError(streamId: number, block: LostBlock, timeMs: number): Error {
  const { file, offset, reason } = block.damage;
  const where = offset === undefined ? file : `${file} at offset ${offset}`;
  const blocks = block.andLater ? `block ${block.seq} and later ones` : `block ${block.seq}`;
  return new WriteAheadLogError(
    `Could not read data from write ahead log record ${where} (${blocks} of stream ${streamId}, acknowledged, needed by the batch of ${timeMs} ms): ${reason}`,
    file,
    offset,
  );
}

function covers(damage: LogDamage, seq: number): boolean {
  return seq >= damage.fromSeq && (damage.toSeq === undefined || seq <= damage.toSeq);
}

/**
 * Say where `damage` is and which acknowledged blocks it lost (`read` holds the blocks read back
 * after all; blocks below `checkpointedNextSeq` were acknowledged before the checkpoint).
 */
function describeDamage(
  streamId: number,
  damage: LogDamage,
  read: ReadonlyMap<number, unknown>,
  checkpointedNextSeq: number,
): string {
  const { file, offset, reason, fromSeq, toSeq, records } = damage;
  const where = offset === undefined ? file : `${file} at offset ${offset}`;
  const last = toSeq ?? checkpointedNextSeq - 1;
  let lost = 0;
  for (let seq = fromSeq; seq <= last; seq++) if (!read.has(seq)) lost++;
  const range = fromSeq >= last ? `block ${fromSeq}` : `blocks ${fromSeq}–${last}`;
  const counted =
    toSeq === undefined
      ? `${range} (${plural(lost, 'block')}) and any later block it held`
      : `${range} (${plural(lost, 'block')}${records === undefined ? '' : `, ${plural(records, 'record')}`})`;
  return `Write-ahead log damage in ${where}: ${reason}. Stream ${streamId} lost ${counted}, acknowledged before the restart`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function listed(items: readonly string[]): string {
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}
