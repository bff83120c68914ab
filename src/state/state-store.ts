/**
 * The live state of one partition: for each key (compared by value) its state and the batch time
 * of its last update, kept in columns rather than an object per key. A key costs its slot-map
 * entry (about 30–55 bytes, by how full V8's hash table is) and two array elements (8 bytes each,
 * numbers unboxed), so a number state costs well under 100 bytes; there is no limit on the number
 * of keys ({@link SlotMap} segments past V8's 2^24-entry Map limit).
 */
import { encodeKey, isPrimitiveKey } from '../rdd/key-encoding.js';
import { SlotMap } from './slot-map.js';

/** A key's state and the batch time it was last updated (for timeouts). */
export interface StateEntry<S> {
  readonly state: S;
  readonly updateTime: number;
}

/**
 * A whole state as columns, for checkpoints: `keys[i]` (in the order `entries` lists them) has the
 * state `states[slots[i]]`, last updated at `times[slots[i]]` (the store's own columns, copied).
 */
export interface StateColumns<K, S> {
  readonly keys: K[];
  readonly slots: number[];
  readonly states: S[];
  readonly times: number[];
}

export class StateStore<K, S> {
  readonly #primitive: SlotMap;
  /** Tuples, dates and objects, by their canonical encoding (created on first use). */
  #composite: SlotMap | undefined;
  readonly #segmentSize: number | undefined;
  readonly #states: S[] = [];
  readonly #times: number[] = [];
  /** The key objects of composite keys, by slot (primitive keys are their own lookup key). */
  readonly #compositeKeys: (K | undefined)[] = [];
  /** Slots freed by removals, reused before new ones. */
  readonly #free: number[] = [];

  /** `segmentSize` is for tests (see {@link SlotMap}). */
  constructor(segmentSize?: number) {
    this.#segmentSize = segmentSize;
    this.#primitive = new SlotMap(segmentSize);
  }

  get size(): number {
    return this.#primitive.size + (this.#composite?.size ?? 0);
  }

  get(key: K): StateEntry<S> | undefined {
    const slot = this.slotOf(key);
    return slot < 0 ? undefined : this.#entry(slot);
  }

  has(key: K): boolean {
    return this.slotOf(key) >= 0;
  }

  set(key: K, state: S, updateTime: number): void {
    const slot = this.slotOf(key);
    if (slot < 0) this.insert(key, state, updateTime);
    else this.setAt(slot, state, updateTime);
  }

  // Slot access: one lookup per record for mapWithState, and no object per read.

  /** Return the slot of `key`, or -1 when it has no state. */
  slotOf(key: K): number {
    const slot = isPrimitiveKey(key)
      ? this.#primitive.get(key)
      : this.#composite?.get(encodeKey(key));
    return slot ?? -1;
  }

  stateAt(slot: number): S {
    return this.#states[slot] as S;
  }

  timeAt(slot: number): number {
    return this.#times[slot] as number;
  }

  /** Replace the state in `slot` (a slot `slotOf` returned). */
  setAt(slot: number, state: S, updateTime: number): void {
    this.#states[slot] = state;
    this.#times[slot] = updateTime;
  }

  /** Add `key`, which must have no state yet. */
  insert(key: K, state: S, updateTime: number): void {
    const reused = this.#free.pop();
    const newSlot = reused ?? this.#states.length;
    if (reused === undefined) {
      this.#states.push(state);
      this.#times.push(updateTime);
    } else {
      this.#states[newSlot] = state;
      this.#times[newSlot] = updateTime;
    }
    if (isPrimitiveKey(key)) {
      this.#primitive.add(key, newSlot);
    } else {
      this.#composite ??= new SlotMap(this.#segmentSize);
      this.#composite.add(encodeKey(key), newSlot);
      this.#compositeKeys[newSlot] = key;
    }
  }

  delete(key: K): void {
    const slot = isPrimitiveKey(key)
      ? this.#primitive.delete(key)
      : this.#composite?.delete(encodeKey(key));
    if (slot === undefined) return;
    // Let go of an object state; a number stays (writing `undefined` would box a number column).
    if (typeof this.#states[slot] !== 'number') this.#states[slot] = undefined as S;
    if (!isPrimitiveKey(key)) this.#compositeKeys[slot] = undefined;
    this.#free.push(slot);
  }

  /** Every `[key, entry]`: primitive keys first, each group in insertion order. */
  *entries(): IterableIterator<[K, StateEntry<S>]> {
    for (const [key, slot] of this.#primitive.entries()) yield [key as K, this.#entry(slot)];
    if (this.#composite === undefined) return;
    for (const [, slot] of this.#composite.entries()) {
      yield [this.#compositeKeys[slot] as K, this.#entry(slot)];
    }
  }

  /** The whole state as columns (see {@link StateColumns}). */
  columns(): StateColumns<K, S> {
    const keys: K[] = [];
    const slots: number[] = [];
    this.#primitive.forEach((key, slot) => {
      keys.push(key as K);
      slots.push(slot);
    });
    this.#composite?.forEach((_, slot) => {
      keys.push(this.#compositeKeys[slot] as K);
      slots.push(slot);
    });
    return { keys, slots, states: this.#states.slice(), times: this.#times.slice() };
  }

  /** Return a store holding `columns` (as `columns()` wrote them), keys in the same order. */
  static fromColumns<K, S>(columns: StateColumns<K, S>): StateStore<K, S> {
    const store = new StateStore<K, S>();
    const { keys, slots, states, times } = columns;
    for (let i = 0; i < keys.length; i++) {
      const slot = slots[i] as number;
      store.insert(keys[i] as K, states[slot] as S, times[slot] as number);
    }
    return store;
  }

  /** The keys last updated strictly before `threshold`, with their entries. */
  olderThan(threshold: number): [K, StateEntry<S>][] {
    const found: [K, StateEntry<S>][] = [];
    const times = this.#times;
    for (const [key, slot] of this.#primitive.entries()) {
      if ((times[slot] as number) < threshold) found.push([key as K, this.#entry(slot)]);
    }
    for (const [, slot] of this.#composite?.entries() ?? []) {
      if ((times[slot] as number) < threshold) {
        found.push([this.#compositeKeys[slot] as K, this.#entry(slot)]);
      }
    }
    return found;
  }

  #entry(slot: number): StateEntry<S> {
    return { state: this.#states[slot] as S, updateTime: this.#times[slot] as number };
  }
}
