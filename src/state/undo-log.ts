/**
 * What one state version held for the keys the next version changed: appended to as the next
 * batch changes keys (a few array pushes, no lookup: a key changed twice is recorded twice and
 * its first record wins), and indexed only when an old version is read.
 */
import { ValueMap } from '../rdd/key-map.js';
import type { StateEntry } from './state-store.js';

/** A key that had no state in the old version. */
const ABSENT: unique symbol = Symbol('absent');

export class UndoLog<K, S> {
  readonly #keys: K[] = [];
  readonly #states: (S | typeof ABSENT)[] = [];
  readonly #times: number[] = [];
  /** The first record of each key, built on the first read. */
  #index: ValueMap<K, number> | undefined;

  /** Record that `key` had `state`, updated at `updateTime`, before the change being made. */
  record(key: K, state: S, updateTime: number): void {
    this.#push(key, state, updateTime);
  }

  /** Record that `key` had no state before the change being made. */
  recordAbsent(key: K): void {
    this.#push(key, ABSENT, 0);
  }

  #push(key: K, state: S | typeof ABSENT, updateTime: number): void {
    this.#keys.push(key);
    this.#states.push(state);
    this.#times.push(updateTime);
    this.#index = undefined;
  }

  /**
   * What the old version held for `key`: an entry, `null` (no state), or `undefined` when the
   * key was not changed (the old version then holds what the newer one does).
   */
  find(key: K): StateEntry<S> | null | undefined {
    const i = this.#indexed().get(key);
    if (i === undefined) return undefined;
    const state = this.#states[i] as S | typeof ABSENT;
    return state === ABSENT ? null : { state, updateTime: this.#times[i] as number };
  }

  /** The keys recorded, each once (primitive keys first, as `ValueMap` lists them). */
  keys(): IterableIterator<K> {
    return [...this.#indexed().entries()].map(([key]) => key).values();
  }

  #indexed(): ValueMap<K, number> {
    if (this.#index === undefined) {
      const index = new ValueMap<K, number>();
      for (let i = 0; i < this.#keys.length; i++) {
        const key = this.#keys[i] as K;
        if (!index.has(key)) index.set(key, i);
      }
      this.#index = index;
    }
    return this.#index;
  }
}
