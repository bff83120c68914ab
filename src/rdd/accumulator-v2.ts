/** Port of Spark's AccumulatorV2 and its Long, Double and Collection accumulators (core/.../util/AccumulatorV2.scala). */
import { IllegalArgumentError, IllegalStateError, UnsupportedOperationError } from '../errors.js';
import { javaDoubleString } from '../internal/java-double.js';
import { currentTask } from './task-context.js';

/**
 * A shared variable that tasks add to and the driver reads: Spark's semantics in one process. An
 * `add` inside an RDD task (a function passed to `map`, `foreach`, ...) goes to the task's own
 * copy, merged into the accumulator when the task succeeds, so a failed task adds nothing and an
 * action's updates count once per task; updates inside transformations count again whenever the
 * RDD is computed again (as in Spark, persist it to count once). Inside a task, `value` is that
 * task's own partial value (Scala's behaviour; PySpark raises instead).
 *
 * Accumulators are not recovered from checkpoints (nor are broadcasts): create them lazily, as
 * the streaming guide's singleton pattern does, so a recovered context makes new ones.
 *
 * @example
 * ```ts
 * const blank = sc.longAccumulator('blank lines');
 * lines.foreach((line) => { if (line === '') blank.add(1); });
 * blank.value; // the number of blank lines
 * ```
 */
export abstract class AccumulatorV2<IN, OUT> {
  /** Spark's AccumulatorMetadata: given once, at registration. */
  #metadata: { readonly id: number; readonly name: string | undefined } | undefined;

  /** @internal Give the accumulator its id and name (Spark's `register`, done by SparkContext). */
  register(id: number, name: string | undefined): void {
    if (this.#metadata !== undefined) {
      throw new IllegalStateError('Cannot register an Accumulator twice.');
    }
    this.#metadata = { id, name };
  }

  /** Whether `sc.register` (or a `sc.*Accumulator` factory) registered it. @example `acc.isRegistered` */
  get isRegistered(): boolean {
    return this.#metadata !== undefined;
  }

  /**
   * Return the id given at registration.
   *
   * @throws {@link IllegalStateError} before registration.
   * @example
   * ```ts
   * sc.longAccumulator().id; // 0
   * ```
   */
  get id(): number {
    return this.#registeredMetadata().id;
  }

  /**
   * Return the name given at registration, or `undefined` (Scala's `None`).
   *
   * @throws {@link IllegalStateError} before registration.
   * @example
   * ```ts
   * sc.longAccumulator('errors').name; // 'errors'
   * ```
   */
  get name(): string | undefined {
    return this.#registeredMetadata().name;
  }

  #registeredMetadata(): { readonly id: number; readonly name: string | undefined } {
    if (this.#metadata === undefined) {
      throw new IllegalStateError('The metadata of this accumulator has not been assigned yet.');
    }
    return this.#metadata;
  }

  /** Whether nothing was added since creation or `reset()`. @example `sc.longAccumulator().isZero // true` */
  abstract get isZero(): boolean;
  /** Return a copy with the same value. @example `const copy = acc.copy()` */
  abstract copy(): AccumulatorV2<IN, OUT>;
  /** Set the value back to zero. @example `acc.reset()` */
  abstract reset(): void;
  /** Merge `other`'s value into this one (same kind of accumulator). @example `total.merge(partial)` */
  abstract merge(other: AccumulatorV2<IN, OUT>): void;
  /** Add `v` to this accumulator itself (a task's copy or the driver's). */
  protected abstract addHere(v: IN): void;
  /** This accumulator's own value. */
  protected abstract get localValue(): OUT;

  /** Return a zero-valued copy. @example `acc.copyAndReset().isZero // true` */
  copyAndReset(): AccumulatorV2<IN, OUT> {
    const copy = this.copy();
    copy.reset();
    return copy;
  }

  /** Add `v` (to the running task's copy inside a task). @example `acc.add(1)` */
  add(v: IN): void {
    const task = currentTask();
    (task === undefined ? this : task.copyOf(this)).addHere(v);
  }

  /** Return the current value (inside a task: the task's own partial value). @example `acc.value` */
  get value(): OUT {
    const task = currentTask();
    return (task === undefined ? this : task.copyOf(this)).localValue;
  }

  /** Spark's `"LongAccumulator(id: 0, name: Some(n), value: 3)"`. @example `String(acc)` */
  toString(): string {
    const kind = this.constructor.name;
    const metadata = this.#metadata;
    if (metadata === undefined) return `Un-registered Accumulator: ${kind}`;
    const name = metadata.name === undefined ? 'None' : `Some(${metadata.name})`;
    return `${kind}(id: ${metadata.id}, name: ${name}, value: ${this.formatValue()})`;
  }

  /** The value as Java's `toString` writes it. */
  protected formatValue(): string {
    return String(this.localValue);
  }

  /**
   * A PySpark habit, `acc += 1`, reads the accumulator as a number and would silently replace it
   * by a number: refused here with a pointer to `add`.
   */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === 'string') return this.toString();
    throw new UnsupportedOperationError(
      `${this.constructor.name} is not a number: call add(v) to add to it (PySpark's \`acc += v\`) and read it with .value`,
    );
  }

  protected mergeError(other: AccumulatorV2<IN, OUT>): UnsupportedOperationError {
    return new UnsupportedOperationError(
      `Cannot merge ${this.constructor.name} with ${other.constructor.name}`,
    );
  }
}

/**
 * The sum, count and average of the numbers added: what Long and Double accumulators share.
 *
 * @example
 * ```ts
 * const latency = sc.doubleAccumulator();
 * latency.add(0.5);
 * latency.avg; // 0.5
 * ```
 */
export abstract class NumericAccumulator extends AccumulatorV2<number, number> {
  #sum = 0;
  #count = 0;

  get isZero(): boolean {
    return this.#sum === 0 && this.#count === 0;
  }
  copy(): this {
    const copy = new (this.constructor as new () => this)();
    copy.#sum = this.#sum;
    copy.#count = this.#count;
    return copy;
  }
  reset(): void {
    this.#sum = 0;
    this.#count = 0;
  }
  protected addHere(v: number): void {
    this.#sum += v;
    this.#count += 1;
  }
  /** The number of values added. @example `acc.count` */
  get count(): number {
    return this.#count;
  }
  /** The sum of the values added (also `value`). @example `acc.sum` */
  get sum(): number {
    return this.#sum;
  }
  /** `sum / count` (`NaN` when nothing was added). @example `acc.avg` */
  get avg(): number {
    return this.#sum / this.#count;
  }
  merge(other: AccumulatorV2<number, number>): void {
    if (!(other instanceof NumericAccumulator) || other.constructor !== this.constructor) {
      throw this.mergeError(other);
    }
    this.#sum += other.#sum;
    this.#count += other.#count;
  }
  protected get localValue(): number {
    return this.#sum;
  }
}

/**
 * An accumulator of whole numbers (Scala's Longs): their sum, count and average.
 *
 * @example
 * ```ts
 * const dropped = sc.longAccumulator('DroppedWordsCounter');
 * rdd.foreach(([word, n]) => { if (excluded.has(word)) dropped.add(n); });
 * ```
 */
export class LongAccumulator extends NumericAccumulator {
  protected override addHere(v: number): void {
    if (!Number.isInteger(v)) {
      throw new IllegalArgumentError(
        `Expected \`v\` to be an integer (a LongAccumulator adds Longs; use doubleAccumulator), got ${v}`,
      );
    }
    super.addHere(v);
  }
}

/**
 * An accumulator of numbers (Scala's Doubles): their sum, count and average.
 *
 * @example
 * ```ts
 * const seconds = sc.doubleAccumulator('latency');
 * rdd.foreach((event) => seconds.add(event.latency));
 * ```
 */
export class DoubleAccumulator extends NumericAccumulator {
  protected override formatValue(): string {
    return javaDoubleString(this.localValue);
  }
}

/**
 * An accumulator that collects the values added, in the order their tasks succeeded.
 *
 * @example
 * ```ts
 * const bad = sc.collectionAccumulator<string>('bad records');
 * lines.foreach((line) => { if (!isValid(line)) bad.add(line); });
 * bad.value; // ['oops', ...]
 * ```
 */
export class CollectionAccumulator<T> extends AccumulatorV2<T, readonly T[]> {
  #list: T[] = [];

  get isZero(): boolean {
    return this.#list.length === 0;
  }
  copy(): CollectionAccumulator<T> {
    const copy = new CollectionAccumulator<T>();
    copy.#list = [...this.#list];
    return copy;
  }
  reset(): void {
    this.#list = [];
  }
  protected addHere(v: T): void {
    this.#list.push(v);
  }
  merge(other: AccumulatorV2<T, readonly T[]>): void {
    if (!(other instanceof CollectionAccumulator)) throw this.mergeError(other);
    for (const item of (other as CollectionAccumulator<T>).#list) this.#list.push(item);
  }
  /** A copy of the values (Spark returns an unmodifiable list). */
  protected get localValue(): readonly T[] {
    return [...this.#list];
  }
  protected override formatValue(): string {
    return `[${this.#list.map((item) => String(item)).join(', ')}]`;
  }
}
