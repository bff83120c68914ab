/** Port of Spark's State and StateImpl (streaming/src/main/scala/org/apache/spark/streaming/State.scala). */
import { NoSuchElementError, requireArgument } from '../errors.js';

/**
 * The state of one key, handed to a `mapWithState` function: read it, update it or remove it.
 * One object is reused for every call, as in Spark.
 *
 * @example
 * ```ts
 * const spec = StateSpec.function((word: string, one: number | undefined, state: State<number>) => {
 *   const sum = (one ?? 0) + (state.getOption() ?? 0);
 *   if (!state.isTimingOut()) state.update(sum);
 *   return [word, sum] as const;
 * });
 * ```
 */
export class State<S> {
  #state: S | undefined;
  #defined = false;
  #timingOut = false;
  #updated = false;
  #removed = false;

  /** Whether a state value is currently defined for the key. */
  exists(): boolean {
    return this.#defined;
  }

  /**
   * Return the state value.
   *
   * @throws {@link NoSuchElementError} `"State is not set"` when there is none.
   */
  get(): S {
    if (!this.#defined) throw new NoSuchElementError('State is not set');
    return this.#state as S;
  }

  /** Return the state value, or `undefined` (Spark's `getOption`'s `None`). */
  getOption(): S | undefined {
    return this.#defined ? this.#state : undefined;
  }

  /**
   * Set the state value.
   *
   * @throws {@link IllegalArgumentError} after `remove()` or while the state is timing out.
   */
  update(newState: S): void {
    requireArgument(!this.#removed, 'Cannot update the state after it has been removed');
    requireArgument(!this.#timingOut, 'Cannot update the state that is timing out');
    this.#state = newState;
    this.#defined = true;
    this.#updated = true;
  }

  /**
   * Remove the key's state (allowed when there is none).
   *
   * @throws {@link IllegalArgumentError} while timing out, or when already removed.
   */
  remove(): void {
    requireArgument(!this.#timingOut, 'Cannot remove the state that is timing out');
    requireArgument(!this.#removed, 'Cannot remove the state that has already been removed');
    this.#defined = false;
    this.#updated = false;
    this.#removed = true;
  }

  /** Whether this is the final call for a key that timed out (its state is about to go). */
  isTimingOut(): boolean {
    return this.#timingOut;
  }

  /** Return the state's text, or `"<state not set>"`. */
  toString(): string {
    return this.#defined ? String(this.#state) : '<state not set>';
  }

  /** @internal Point this object at a key's current state (or none). */
  wrap(state: { readonly state: S } | undefined): void {
    this.wrapState(state !== undefined, state?.state);
  }

  /** @internal Point this object at a key's current state, `defined` or not. */
  wrapState(defined: boolean, state: S | undefined): void {
    this.#state = state;
    this.#defined = defined;
    this.#timingOut = false;
    this.#removed = false;
    this.#updated = false;
  }

  /** @internal Point this object at the state of a key that timed out. */
  wrapTimingOut(state: S): void {
    this.#state = state;
    this.#defined = true;
    this.#timingOut = true;
    this.#removed = false;
    this.#updated = false;
  }

  /** @internal */
  get isUpdated(): boolean {
    return this.#updated;
  }

  /** @internal */
  get isRemoved(): boolean {
    return this.#removed;
  }
}
