/**
 * The records of one offset range, held compactly: offsets and timestamps in typed arrays, values
 * as positions in the fetch responses' buffers (kafkajs decodes every value as a view of its
 * response buffer). A range of a million records is a few typed arrays and buffers, not a million
 * objects the garbage collector must keep copying; each record is built when a job reads it.
 */
import type { ConsumerRecord, KafkaHeaders } from './kafka-consumer-port.js';

/** The headers of every record that has none: one shared, frozen object. */
const NO_HEADERS: KafkaHeaders = Object.freeze({});
const INITIAL_CAPACITY = 1024;

/**
 * Compact records of one topic-partition, appended in offset order; `get(i)` builds record i.
 *
 * @example
 * ```ts
 * const columns = new RecordColumns('logins', 0);
 * columns.append(42, 1700000000000, null, Buffer.from('alice'), undefined);
 * columns.get(0).value?.toString(); // 'alice'
 * ```
 */
export class RecordColumns {
  readonly topic: string;
  readonly partition: number;
  length = 0;
  #offsets = new Float64Array(INITIAL_CAPACITY);
  #timestamps = new Float64Array(INITIAL_CAPACITY);
  /** Each value's byte offset in its buffer, and its length (-1: a null value). */
  #valueStarts = new Float64Array(INITIAL_CAPACITY);
  #valueLengths = new Int32Array(INITIAL_CAPACITY);
  /** The buffers values live in, and the index of the first record of each. */
  readonly #buffers: ArrayBufferLike[] = [];
  readonly #bufferStarts: number[] = [];
  /** Keys and headers, kept only from the first record that has one. */
  #keys: (Buffer | null)[] | undefined;
  #headers: KafkaHeaders[] | undefined;

  constructor(topic: string, partition: number) {
    this.topic = topic;
    this.partition = partition;
  }

  /** Add the record at `offset` (after every record appended so far). */
  append(
    offset: number,
    timestamp: number,
    key: Buffer | null,
    value: Buffer | null,
    headers: KafkaHeaders | undefined,
  ): void {
    const i = this.length;
    if (i === this.#offsets.length) this.#grow();
    this.#offsets[i] = offset;
    this.#timestamps[i] = timestamp;
    if (value === null) {
      this.#valueLengths[i] = -1;
    } else {
      if (this.#buffers[this.#buffers.length - 1] !== value.buffer) {
        this.#buffers.push(value.buffer);
        this.#bufferStarts.push(i);
      }
      this.#valueStarts[i] = value.byteOffset;
      this.#valueLengths[i] = value.length;
    }
    if (key !== null || this.#keys !== undefined) {
      this.#keys ??= new Array<Buffer | null>(i).fill(null);
      this.#keys.push(key);
    }
    if (hasHeaders(headers) || this.#headers !== undefined) {
      this.#headers ??= new Array<KafkaHeaders>(i).fill(NO_HEADERS);
      this.#headers.push(hasHeaders(headers) ? headers : NO_HEADERS);
    }
    this.length = i + 1;
  }

  /** The offset of the first record, if any. */
  get firstOffset(): number | undefined {
    return this.length === 0 ? undefined : this.#offsets[0];
  }

  /** Build record `index`. Records are built in order by `forEach`, which is faster. */
  get(index: number): ConsumerRecord {
    let run = this.#buffers.length - 1;
    while (run > 0 && (this.#bufferStarts[run] as number) > index) run--;
    return this.#record(index, this.#buffers[run]);
  }

  /** Build every record, in offset order, and pass it to `sink`. */
  forEach(sink: (record: ConsumerRecord) => void): void {
    let run = 0;
    let nextRunStart = this.#bufferStarts[1] ?? Infinity;
    for (let i = 0; i < this.length; i++) {
      while (i >= nextRunStart) nextRunStart = this.#bufferStarts[++run + 1] ?? Infinity;
      sink(this.#record(i, this.#buffers[run]));
    }
  }

  #record(i: number, buffer: ArrayBufferLike | undefined): ConsumerRecord {
    const length = this.#valueLengths[i] as number;
    return {
      topic: this.topic,
      partition: this.partition,
      offset: this.#offsets[i] as number,
      timestamp: this.#timestamps[i] as number,
      key: this.#keys?.[i] ?? null,
      value:
        length < 0 || buffer === undefined
          ? null
          : Buffer.from(buffer, this.#valueStarts[i] as number, length),
      headers: this.#headers?.[i] ?? NO_HEADERS,
    };
  }

  #grow(): void {
    const capacity = this.#offsets.length * 2;
    this.#offsets = grown(this.#offsets, new Float64Array(capacity));
    this.#timestamps = grown(this.#timestamps, new Float64Array(capacity));
    this.#valueStarts = grown(this.#valueStarts, new Float64Array(capacity));
    this.#valueLengths = grown(this.#valueLengths, new Int32Array(capacity));
  }
}

function grown<A extends Float64Array | Int32Array>(from: A, to: A): A {
  to.set(from);
  return to;
}

function hasHeaders(headers: KafkaHeaders | undefined): headers is KafkaHeaders {
  for (const name in headers) if (Object.hasOwn(headers, name)) return true;
  return false;
}
