/**
 * The per-partition state of `mapWithState`, versioned per batch. Spark's StateMap copies a delta
 * map per batch and compacts the chain every 20 batches (a whole-map copy); here each line of
 * versions shares one live store (`state-store.ts`: columns, no object per key, no limit on the
 * number of keys) that the newest version updates in place, and an older version stays readable
 * through undo logs: the values its keys had before newer versions changed them. A batch
 * therefore costs the keys it touches, whatever the state's size.
 */
/* eslint-disable @typescript-eslint/no-this-alias -- reads walk the version chain from `this` */
import { invariant } from '../internal/invariant.js';
import { ValueMap } from '../rdd/key-map.js';
import { StateStore, type StateColumns, type StateEntry } from './state-store.js';
import { UndoLog } from './undo-log.js';

export type { StateEntry } from './state-store.js';

interface Store<K, S> {
  readonly live: StateStore<K, S>;
  head: StateMap<K, S>;
}

/** One batch's view of one partition's state. */
export class StateMap<K, S> {
  readonly #store: Store<K, S>;
  /** Values of this version for keys that the next version changed. */
  #undo: UndoLog<K, S> | undefined;
  #newer: StateMap<K, S> | undefined;
  /** The version this one is being derived from, until `seal()`; receives the undo records. */
  #older: StateMap<K, S> | undefined;
  #sealed = false;

  private constructor(store: Store<K, S> | StateStore<K, S>) {
    this.#store = store instanceof StateStore ? { live: store, head: this } : store;
  }

  /** Return a new, empty state map (`segmentSize`: see `SlotMap`, for tests only). */
  static empty<K, S>(segmentSize?: number): StateMap<K, S> {
    return new StateMap<K, S>(new StateStore<K, S>(segmentSize));
  }

  /** Return the state of `key` in this version. */
  get(key: K): StateEntry<S> | undefined {
    for (
      let version: StateMap<K, S> = this;
      version.#newer !== undefined;
      version = version.#newer
    ) {
      const found = version.#undo?.find(key);
      if (found !== undefined) return found ?? undefined;
    }
    return this.#store.live.get(key);
  }

  /** Return the number of keys in this version (at once for the newest version). */
  get size(): number {
    if (this.#newer === undefined) return this.#store.live.size;
    return Array.from(this.getAll()).length;
  }

  /** Return every key's state in this version. */
  *getAll(): IterableIterator<readonly [K, StateEntry<S>]> {
    if (this.#newer === undefined) {
      yield* this.#store.live.entries();
      return;
    }
    const seen = new ValueMap<K, true>();
    for (const [key] of this.#store.live.entries()) {
      seen.set(key, true);
      const entry = this.get(key);
      if (entry !== undefined) yield [key, entry];
    }
    for (
      let version: StateMap<K, S> = this;
      version.#newer !== undefined;
      version = version.#newer
    ) {
      for (const key of version.#undo?.keys() ?? []) {
        if (seen.has(key)) continue;
        seen.set(key, true);
        const entry = this.get(key);
        if (entry !== undefined) yield [key, entry];
      }
    }
  }

  /** Return every key's state in this version as columns (fast for the newest version). */
  columns(): StateColumns<K, S> {
    if (this.#newer === undefined) return this.#store.live.columns();
    const columns: StateColumns<K, S> = { keys: [], slots: [], states: [], times: [] };
    for (const [key, entry] of this.getAll()) {
      columns.slots.push(columns.keys.length);
      columns.keys.push(key);
      columns.states.push(entry.state);
      columns.times.push(entry.updateTime);
    }
    return columns;
  }

  /** Return a sealed state map holding `columns` (as `columns()` wrote them). */
  static fromColumns<K, S>(columns: StateColumns<K, S>): StateMap<K, S> {
    const map = new StateMap<K, S>(StateStore.fromColumns(columns));
    map.seal();
    return map;
  }

  /** Return the keys whose state was last updated strictly before `threshold` (newest version). */
  getByTime(threshold: number): (readonly [K, StateEntry<S>])[] {
    invariant(this.#newer === undefined, 'getByTime on an old state version');
    return this.#store.live.olderThan(threshold);
  }

  /**
   * Return a new version to be modified by the next batch. It updates the shared live map in
   * place when this version is the newest; otherwise (a batch computed again) it starts from a
   * copy of this version.
   */
  newVersion(): StateMap<K, S> {
    if (this.#newer !== undefined || this.#store.head !== this) {
      const copy = StateMap.empty<K, S>();
      for (const [key, entry] of this.getAll()) {
        copy.#store.live.set(key, entry.state, entry.updateTime);
      }
      return copy.newVersion();
    }
    const next = new StateMap<K, S>(this.#store);
    next.#older = this;
    this.#undo = new UndoLog();
    this.#newer = next;
    this.#store.head = next;
    return next;
  }

  /** Set `key`'s state (newest version only). */
  put(key: K, state: S, updateTime: number): void {
    this.putAt(key, this.slotOf(key), state, updateTime);
  }

  /** Remove `key`'s state (newest version only). */
  remove(key: K): void {
    const slot = this.slotOf(key);
    if (slot >= 0) this.removeAt(key, slot);
  }

  // Slot access for the batch computing the newest version: one lookup per record, no object per
  // read. A slot is valid until the next change of the map.

  /** Return `key`'s slot in the newest version, or -1 when it has no state. */
  slotOf(key: K): number {
    // Slots are for changing a version, which only the newest may do.
    invariant(this.#store.head === this, 'Only the newest state version can change');
    return this.#store.live.slotOf(key);
  }

  /** Return the state in `slot` (from `slotOf`). */
  stateAt(slot: number): S {
    return this.#store.live.stateAt(slot);
  }

  /** Set `key`'s state; `slot` is what `slotOf(key)` returned. */
  putAt(key: K, slot: number, state: S, updateTime: number): void {
    this.#recordUndo(key, slot);
    if (slot < 0) this.#store.live.insert(key, state, updateTime);
    else this.#store.live.setAt(slot, state, updateTime);
  }

  /** Remove `key`'s state; `slot` is what `slotOf(key)` returned (not -1). */
  removeAt(key: K, slot: number): void {
    this.#recordUndo(key, slot);
    this.#store.live.delete(key);
  }

  /** Finish modifying this version: drop the link that kept older versions alive. */
  seal(): void {
    this.#older = undefined;
    this.#sealed = true;
  }

  /** Keep `key`'s value before this change (in `slot`, or none at -1) for the older version. */
  #recordUndo(key: K, slot: number): void {
    invariant(this.#store.head === this, 'Only the newest state version can change');
    // Without the link to the older version its undo log would miss this change.
    invariant(!this.#sealed, 'A sealed state version cannot change');
    const older = this.#older;
    const undo = older === undefined ? undefined : older.#undo;
    if (undo === undefined) return;
    const live = this.#store.live;
    if (slot < 0) undo.recordAbsent(key);
    else undo.record(key, live.stateAt(slot), live.timeAt(slot));
  }
}
