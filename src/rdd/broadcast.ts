/** Port of Spark's Broadcast (core/src/main/scala/org/apache/spark/broadcast/Broadcast.scala). */
import { SparkError } from '../errors.js';
import { CallSite } from './call-site.js';

/**
 * A read-only value shared with every task (`sc.broadcast(value)`). In one process every task
 * reads the same object: treat it as immutable, as Spark's contract says.
 *
 * Broadcasts are not recovered from checkpoints: create them lazily (the streaming guide's
 * singleton pattern), so that a recovered context broadcasts again.
 *
 * @example
 * ```ts
 * const excluded = sc.broadcast(new Set(['a', 'b', 'c']));
 * words.filter((w) => !excluded.value.has(w));
 * ```
 */
export class Broadcast<T> {
  /** The id given by the SparkContext, from 0. */
  readonly id: number;
  readonly #value: T;
  #destroySite: string | undefined;

  /** @internal Made by `SparkContext.broadcast`. */
  constructor(id: number, value: T) {
    this.id = id;
    this.#value = value;
  }

  /**
   * Return the broadcast value.
   *
   * @throws {@link SparkError} after `destroy()`.
   * @example
   * ```ts
   * broadcast.value.has('spark');
   * ```
   */
  get value(): T {
    this.#assertValid();
    return this.#value;
  }

  /**
   * Delete the cached copies of the value on the executors; it is sent again when used. In one
   * process there are no copies, so this only checks that the broadcast was not destroyed.
   *
   * @throws {@link SparkError} after `destroy()`.
   * @example
   * ```ts
   * broadcast.unpersist();
   * ```
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- Spark's signature; in one process there is nothing to wait for
  unpersist(_blocking = false): void {
    this.#assertValid();
  }

  /**
   * Destroy the broadcast: using it afterwards fails with Spark's error.
   *
   * @throws {@link SparkError} when already destroyed.
   * @example
   * ```ts
   * broadcast.destroy();
   * ```
   */
  destroy(): void {
    this.#assertValid();
    this.#destroySite = new CallSite('destroy').toString();
  }

  /** Spark's `"Broadcast(0)"`. @example `String(broadcast)` */
  toString(): string {
    return `Broadcast(${this.id})`;
  }

  #assertValid(): void {
    if (this.#destroySite !== undefined) {
      // Spark's text, trailing space included.
      throw new SparkError(
        `Attempted to use ${this.toString()} after it was destroyed (${this.#destroySite}) `,
      );
    }
  }
}
