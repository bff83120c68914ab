/** Port of Spark's StateSpec (streaming/src/main/scala/org/apache/spark/streaming/StateSpec.scala). */
import type { Pair } from '../rdd/pair.js';
import { HashPartitioner, type Partitioner } from '../rdd/partitioner.js';
import type { RDD } from '../rdd/rdd.js';
import type { Duration } from '../time/duration.js';
import { requireDuration } from '../time/duration-argument.js';
import type { Time } from '../time/time.js';
import type { State } from './state.js';

/** The full mapping function: `undefined` emits nothing for that call. */
export type MappingFunctionWithTime<K, V, S, M> = (
  time: Time,
  key: K,
  value: V | undefined,
  state: State<S>,
) => M | undefined;

/** The simple mapping function: every call emits exactly one mapped element. */
export type MappingFunction<K, V, S, M> = (key: K, value: V | undefined, state: State<S>) => M;

/**
 * Everything `mapWithState` needs: the mapping function and, optionally, an initial state RDD,
 * the state's partitioning and an idle timeout. Every setter returns the same spec.
 *
 * The two function forms are told apart by their number of parameters: 4 means
 * `(time, key, value, state)`, fewer means `(key, value, state)`.
 *
 * @example
 * ```ts
 * const spec = StateSpec.function((word: string, one: number | undefined, state: State<number>) => {
 *   const sum = (one ?? 0) + (state.getOption() ?? 0);
 *   if (!state.isTimingOut()) state.update(sum);
 *   return [word, sum] as const;
 * }).numPartitions(4).timeout(Minutes(5));
 * const counts = pairs.mapWithState(spec);
 * ```
 */
export class StateSpec<K, V, S, M> {
  /** @internal */
  readonly mappingFunction: MappingFunctionWithTime<K, V, S, M>;
  #initialState: RDD<Pair<K, S>> | undefined;
  #partitioner: Partitioner | undefined;
  #timeout: Duration | undefined;

  private constructor(mappingFunction: MappingFunctionWithTime<K, V, S, M>) {
    this.mappingFunction = mappingFunction;
  }

  /** Return a spec for `(time, key, value, state) => mapped | undefined` or `(key, value, state) => mapped`. */
  static function<K, V, S, M>(fn: MappingFunction<K, V, S, M>): StateSpec<K, V, S, M>;
  // Two overloads on purpose: a lambda's parameter count picks the form and types its parameters.
  // eslint-disable-next-line @typescript-eslint/unified-signatures
  static function<K, V, S, M>(fn: MappingFunctionWithTime<K, V, S, M>): StateSpec<K, V, S, M>;
  static function<K, V, S, M>(
    fn: MappingFunction<K, V, S, M> | MappingFunctionWithTime<K, V, S, M>,
  ): StateSpec<K, V, S, M> {
    if (fn.length >= 4) return new StateSpec(fn as MappingFunctionWithTime<K, V, S, M>);
    const simple = fn as MappingFunction<K, V, S, M>;
    // Spark wraps the simple form's result in Some(...): every call emits one element.
    return new StateSpec<K, V, S, M>((_time, key, value, state) => simple(key, value, state));
  }

  /** Load these states before the first batch (their last update is the first batch's time). */
  initialState(rdd: RDD<Pair<K, S>>): this {
    this.#initialState = rdd;
    return this;
  }

  /** Hash-partition the state into `n` partitions. */
  numPartitions(n: number): this {
    this.#partitioner = new HashPartitioner(n);
    return this;
  }

  /** Partition the state with `partitioner` (default: hash into the default parallelism). */
  partitioner(partitioner: Partitioner): this {
    this.#partitioner = partitioner;
    return this;
  }

  /**
   * Remove keys idle for longer than `idleDuration`, calling the function once more for each
   * with `isTimingOut()` true. Idle keys are found on checkpoint batches (every 10 batches by
   * default), so removal can be up to one checkpoint interval late, as in Spark.
   */
  timeout(idleDuration: Duration): this {
    this.#timeout = requireDuration(idleDuration, 'idleDuration');
    return this;
  }

  /** @internal */
  getInitialStateRDD(): RDD<Pair<K, S>> | undefined {
    return this.#initialState;
  }

  /** @internal */
  getPartitioner(): Partitioner | undefined {
    return this.#partitioner;
  }

  /** @internal */
  getTimeoutInterval(): Duration | undefined {
    return this.#timeout;
  }
}
