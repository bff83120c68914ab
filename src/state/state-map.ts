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
import { StateStore, type StateEntry } from './state-store.js';

export type { StateEntry } from './state-store.js';

interface Store<K, S> {
  readonly live: StateStore<K, S>;
  head: StateMap<K, S>;
}

/** One batch's view of one partition's state. */
export class StateMap<K, S> {
  readonly #store: Store<K, S>;
  /** Values of this version for keys that newer versions changed (`null`: absent here). */
  #undo: ValueMap<K, StateEntry<S> | null> | undefined;
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
      const undo = version.#undo;
      if (undo?.has(key) === true) return undo.get(key) ?? undefined;
    }
    return this.#store.live.get(key);
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
      for (const [key] of version.#undo?.entries() ?? []) {
        if (seen.has(key)) continue;
        seen.set(key, true);
        const entry = this.get(key);
        if (entry !== undefined) yield [key, entry];
      }
    }
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
    this.#undo = new ValueMap();
    this.#newer = next;
    this.#store.head = next;
    return next;
  }

  /** Set `key`'s state (newest version only). */
  put(key: K, state: S, updateTime: number): void {
    this.#recordUndo(key);
    this.#store.live.set(key, state, updateTime);
  }

  /** Remove `key`'s state (newest version only). */
  remove(key: K): void {
    this.#recordUndo(key);
    this.#store.live.delete(key);
  }

  /** Finish modifying this version: drop the link that kept older versions alive. */
  seal(): void {
    this.#older = undefined;
    this.#sealed = true;
  }

  #recordUndo(key: K): void {
    invariant(this.#store.head === this, 'Only the newest state version can change');
    // Without the link to the older version its undo log would miss this change.
    invariant(!this.#sealed, 'A sealed state version cannot change');
    const older = this.#older;
    const undo = older === undefined ? undefined : older.#undo;
    if (undo !== undefined && !undo.has(key)) undo.set(key, this.#store.live.get(key) ?? null);
  }
}
