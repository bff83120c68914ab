/**
 * The records of one offset range, held compactly: offsets and timestamps in typed arrays, the
 * values kafkajs decoded (views of its fetch responses' buffers) in one array, keys and headers
 * only once a record has one. A read range is a few arrays rather than an object per record that
 * the garbage collector must keep copying while the batch waits for its jobs; each record is built
 * when a job reads it, and dropped young.
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
  /** The topic of every record. */
  readonly topic: string;
  /** The partition of every record. */
  readonly partition: number;
  /** How many records were appended. */
  length = 0;
  #offsets = new Float64Array(INITIAL_CAPACITY);
  #timestamps = new Float64Array(INITIAL_CAPACITY);
  readonly #values: (Buffer | null)[] = [];
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
    this.#values.push(value);
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

  /** Build record `index`. */
  get(index: number): ConsumerRecord {
    return {
      topic: this.topic,
      partition: this.partition,
      offset: this.#offsets[index] as number,
      timestamp: this.#timestamps[index] as number,
      key: this.#keys?.[index] ?? null,
      value: this.#values[index] ?? null,
      headers: this.#headers?.[index] ?? NO_HEADERS,
    };
  }

  /** Build every record, in offset order, and pass it to `sink`. */
  forEach(sink: (record: ConsumerRecord) => void): void {
    for (let i = 0; i < this.length; i++) sink(this.get(i));
  }

  #grow(): void {
    const capacity = this.#offsets.length * 2;
    const offsets = new Float64Array(capacity);
    offsets.set(this.#offsets);
    this.#offsets = offsets;
    const timestamps = new Float64Array(capacity);
    timestamps.set(this.#timestamps);
    this.#timestamps = timestamps;
  }
}

function hasHeaders(headers: KafkaHeaders | undefined): headers is KafkaHeaders {
  for (const name in headers) if (Object.hasOwn(headers, name)) return true;
  return false;
}
