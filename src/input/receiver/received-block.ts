/** A block of received records, numbered per input stream in the order it was stored. */
export interface ReceivedBlock<T> {
  readonly seq: number;
  readonly records: readonly T[];
}

/** Where blocks are logged before they count as stored (the receiver write-ahead log). */
export interface BlockLog {
  /** Log `block` durably; resolves once it is acknowledged (fsynced). */
  append(streamId: number, block: ReceivedBlock<unknown>): Promise<void>;
  /** Read back everything logged for `streamId`, and what could not be read. */
  recover(streamId: number): Promise<RecoveredLog>;
  /** The first block number `streamId`'s log has not used (synchronous: read at start). */
  firstFreeSeq(streamId: number): number;
}

/**
 * Acknowledged blocks a write-ahead log could not give back: where (`file`, `offset`), why, and
 * which block numbers (`fromSeq` to `toSeq`, both included; `toSeq` undefined when the end is
 * unknown, e.g. a segment whose header is gone). Blocks in that range that were read after all
 * (from another copy) are not lost.
 */
export interface LogDamage {
  readonly file: string;
  /** The byte offset where the damage starts, when the file exists. */
  readonly offset: number | undefined;
  readonly reason: string;
  readonly fromSeq: number;
  readonly toSeq: number | undefined;
  /** How many records the lost blocks held, when the log still knows. */
  readonly records: number | undefined;
}

/** What a write-ahead log gives back for one stream after a restart. */
export interface RecoveredLog {
  /** The stream's log directory. */
  readonly dir: string;
  /** Every block read back, in block-number order. */
  readonly blocks: readonly ReceivedBlock<unknown>[];
  readonly damage: readonly LogDamage[];
  /** Things to tell that lose nothing (e.g. an append a crash interrupted, never acknowledged). */
  readonly notices: readonly string[];
  /** The first block number the log has not used: the stream's numbering goes on from there. */
  readonly nextSeq: number;
}
