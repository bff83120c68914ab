import { deserialize, serialize } from 'node:v8';

/**
 * How checkpoint files turn data into bytes. The default, `v8Serializer`, keeps `Map`, `Set`,
 * `Date`, typed arrays and `undefined` exactly; `jsonSerializer` writes readable JSON for plain
 * data. Functions are never serialised: recovery re-runs the setup function instead.
 *
 * @example
 * ```ts
 * new StreamingContext({ batchDuration: Seconds(1), checkpointSerializer: jsonSerializer });
 * ```
 */
export interface CheckpointSerializer {
  /** A short name stored in every file, so a reader knows which serializer wrote it. */
  readonly name: string;
  /** Encode a checkpoint (plain data: objects, arrays, Maps, typed arrays, ...) as bytes. */
  serialize(value: unknown): Uint8Array;
  /** Decode what `serialize` wrote. */
  deserialize(bytes: Uint8Array): unknown;
}

/** The default serializer: Node's structured-clone format (`v8.serialize`). @example `v8Serializer.serialize(new Map())` */
export const v8Serializer: CheckpointSerializer = {
  name: 'v8',
  serialize: (value) => serialize(value),
  deserialize: (bytes) => deserialize(bytes) as unknown,
};

/** A JSON serializer for plain data (numbers, strings, arrays, objects). @example `jsonSerializer.serialize([1, 2])` */
export const jsonSerializer: CheckpointSerializer = {
  name: 'json',
  serialize: (value) => new TextEncoder().encode(JSON.stringify(value)),
  deserialize: (bytes) => JSON.parse(new TextDecoder().decode(bytes)) as unknown,
};
