/** A block of received records, numbered per input stream in the order it was stored. */
export interface ReceivedBlock<T> {
  readonly seq: number;
  readonly records: readonly T[];
}

/** Where blocks are logged before they count as stored (the receiver write-ahead log). */
export interface BlockLog {
  append(streamId: number, block: ReceivedBlock<unknown>): Promise<void>;
}
