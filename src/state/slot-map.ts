/**
 * An insertion-ordered map from lookup keys (primitives, or composite keys' encodings) to slot
 * numbers, with no size limit: a JavaScript Map holds at most 2^24 entries, so entries go into
 * segments of at most {@link MAX_SEGMENT_SIZE}, a new one opened when the last is full. A key
 * lives in exactly one segment; with up to 2^24 - 1 keys there is one segment and one lookup.
 */

/** V8's Map limit is 2^24 entries ("Map maximum size exceeded"). */
export const MAX_SEGMENT_SIZE = 2 ** 24 - 1;

export class SlotMap {
  readonly #segments: Map<unknown, number>[] = [new Map<unknown, number>()];
  readonly #segmentSize: number;
  #size = 0;

  /** `segmentSize` is for tests, which cannot afford 2^24 keys. */
  constructor(segmentSize = MAX_SEGMENT_SIZE) {
    this.#segmentSize = segmentSize;
  }

  get size(): number {
    return this.#size;
  }

  /** Return the slot of `key`, or `undefined`. */
  get(key: unknown): number | undefined {
    const segments = this.#segments;
    for (let i = 0; i < segments.length; i++) {
      const slot = (segments[i] as Map<unknown, number>).get(key);
      if (slot !== undefined) return slot;
    }
    return undefined;
  }

  /** Give `key`, which must not be present, the slot `slot`. */
  add(key: unknown, slot: number): void {
    let last = this.#segments[this.#segments.length - 1] as Map<unknown, number>;
    if (last.size >= this.#segmentSize) {
      last = new Map<unknown, number>();
      this.#segments.push(last);
    }
    last.set(key, slot);
    this.#size++;
  }

  /** Remove `key`; return its slot, or `undefined` when it was absent. */
  delete(key: unknown): number | undefined {
    const segments = this.#segments;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i] as Map<unknown, number>;
      const slot = segment.get(key);
      if (slot === undefined) continue;
      segment.delete(key);
      this.#size--;
      // Keys removed from old segments are added to the last one: once the keys left would fit
      // in two segments fewer, repack them so lookups do not probe near-empty segments.
      if (segments.length > 1 && this.#size <= (segments.length - 2) * this.#segmentSize) {
        this.#repack();
      }
      return slot;
    }
    return undefined;
  }

  #repack(): void {
    const old = this.#segments.splice(0);
    this.#segments.push(new Map<unknown, number>());
    this.#size = 0;
    for (const segment of old) for (const [key, slot] of segment) this.add(key, slot);
  }

  /** Call `visit(key, slot)` for every key, in insertion order (allocates nothing per key). */
  forEach(visit: (key: unknown, slot: number) => void): void {
    for (const segment of this.#segments) {
      segment.forEach((slot, key) => {
        visit(key, slot);
      });
    }
  }

  /** Every `[key, slot]`, in insertion order. */
  *entries(): IterableIterator<[unknown, number]> {
    for (const segment of this.#segments) yield* segment;
  }
}
