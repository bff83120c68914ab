/** The law of stateful jobs: updateStateByKey and mapWithState equal a plain fold over the batches. */
import type { DStream } from '../dstream/dstream.js';
import { HashPartitioner } from '../rdd/partitioner.js';
import type { Pair } from '../rdd/pair.js';
import { State } from '../state/state.js';
import {
  StateSpec,
  type MappingFunction,
  type MappingFunctionWithTime,
} from '../state/state-spec.js';
import { Time } from '../time/time.js';
import type { BatchOutput } from './kit-context.js';
import {
  batchAt,
  expectLawHolds,
  groupByKey,
  runOptions,
  type LawRunOptions,
} from './law-support.js';
import { canonical } from './record-text.js';
import type { InputBatches } from './run-batches.js';
import { runStream } from './run-stream.js';

/**
 * Options of `stateEqualsFoldOfBatches` shared by both forms.
 *
 * @example
 * ```ts
 * const common: StateLawCommonOptions<string, number, number> = { batchDuration: Seconds(1), input: [[['a', 1]]], numPartitions: 3 };
 * ```
 */
export interface StateLawCommonOptions<K, V, S> extends LawRunOptions {
  /** Batch k's pairs; `null` = the input has no RDD at batch k. */
  readonly input: InputBatches<Pair<K, V>>;
  /** The states before the first batch (one per key). */
  readonly initialState?: readonly Pair<K, S>[];
  /** Partitions of the state (default: the default parallelism). */
  readonly numPartitions?: number;
}

/**
 * `stateEqualsFoldOfBatches` for `updateStateByKey(update)`.
 *
 * @example
 * ```ts
 * const options: UpdateStateLawOptions<string, number, number> = {
 *   batchDuration: Seconds(1), input: [[['a', 1]], [['a', 2]]], update: (vs, s) => vs.reduce((a, b) => a + b, s ?? 0),
 * };
 * ```
 */
export interface UpdateStateLawOptions<K, V, S> extends StateLawCommonOptions<K, V, S> {
  /** The per-key update function: the key's new values (in order) and its state. */
  readonly update: (values: V[], state: S | undefined) => S | null | undefined;
}

/**
 * `stateEqualsFoldOfBatches` for `mapWithState(StateSpec.function(mappingFunction))`
 * (without a timeout).
 *
 * @example
 * ```ts
 * const options: MapWithStateLawOptions<string, number, number, number> = {
 *   batchDuration: Seconds(1), input: [[['a', 1]]],
 *   mappingFunction: (key, one, state) => { const n = (state.getOption() ?? 0) + (one ?? 0); state.update(n); return n; },
 * };
 * ```
 */
export interface MapWithStateLawOptions<K, V, S, M> extends StateLawCommonOptions<K, V, S> {
  /** The `StateSpec.function` under test (with or without the batch time). */
  readonly mappingFunction: MappingFunction<K, V, S, M> | MappingFunctionWithTime<K, V, S, M>;
}

/**
 * Check that a stateful job equals a plain fold of its function over the batches, batch by batch:
 * - with `update`: after each batch, `updateStateByKey(update)` holds, per key, what calling
 *   `update(values of the batch, previous state)` for every key seen so far gives (`undefined` or
 *   `null` drops the key), from the first batch with an RDD on;
 * - with `mappingFunction`: after each batch, `mapWithState`'s mapped records are the function's
 *   results for the batch's records in order (`undefined` emits nothing), and its
 *   `stateSnapshots()` are the states the fold keeps.
 *
 * Records and states compare by value, each batch as a multiset. Runs one batch past the input. A
 * difference means the function is not a function of its arguments alone: it mutates the
 * previous state in place (earlier batches then change too), keeps data in a closure, or reads
 * the clock.
 *
 * @throws {@link BatchAssertionError} listing, per batch, the expected and actual states (or
 * mapped records), the missing and the unexpected ones.
 * @example
 * ```ts
 * await laws.stateEqualsFoldOfBatches({
 *   batchDuration: Seconds(1),
 *   input: batchesFrom('a b | a | | b', (w) => [w, 1] as const),
 *   update: (ones: number[], count: number | undefined) => ones.length + (count ?? 0),
 * });
 * ```
 */
export async function stateEqualsFoldOfBatches<K, V, S>(
  options: UpdateStateLawOptions<K, V, S>,
): Promise<void>;
export async function stateEqualsFoldOfBatches<K, V, S, M>(
  options: MapWithStateLawOptions<K, V, S, M>,
): Promise<void>;
export async function stateEqualsFoldOfBatches<K, V, S, M>(
  options: UpdateStateLawOptions<K, V, S> | MapWithStateLawOptions<K, V, S, M>,
): Promise<void> {
  if ('update' in options) await checkUpdateStateByKey(options);
  else await checkMapWithState(options);
}

/** The state of every key, by canonical key; a copy of the initial states. */
type Fold<K, S> = Map<string, { readonly key: K; state: S }>;

function initialFold<K, S>(initial: readonly Pair<K, S>[] | undefined): Fold<K, S> {
  const fold: Fold<K, S> = new Map();
  for (const [key, state] of initial ?? []) fold.set(canonical(key), { key, state: copy(state) });
  return fold;
}

/** A deep copy where one can be made, so that later in-place changes do not reach it. */
function copy<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

function snapshot<K, S>(fold: Fold<K, S>): Pair<K, S>[] {
  return [...fold.values()].map(({ key, state }): Pair<K, S> => [key, copy(state)]);
}

function numBatchesOf(options: LawRunOptions & { readonly input: InputBatches<unknown> }): number {
  return options.numBatches ?? options.input.length + 1;
}

async function checkUpdateStateByKey<K, V, S>(
  options: UpdateStateLawOptions<K, V, S>,
): Promise<void> {
  const { input, update, initialState, numPartitions } = options;
  const numBatches = numBatchesOf(options);
  const run = await runStream({
    ...runOptions(options),
    input,
    numBatches,
    operation: (s: DStream<Pair<K, V>>) => {
      if (initialState === undefined) return s.updateStateByKey(update, numPartitions);
      const partitioner = new HashPartitioner(
        numPartitions ?? s.context().sparkContext.defaultParallelism,
      );
      const initial = s.context().sparkContext.parallelize(initialState, 2);
      return s.updateStateByKey(update, partitioner, initial);
    },
  });
  // The fold: from the first batch with an RDD, every key seen so far is updated every batch.
  const fold = initialFold<K, S>(initialState);
  const expected: BatchOutput<Pair<K, S>>[] = [];
  let started = false;
  for (let k = 1; k <= numBatches; k++) {
    const batch = batchAt(input, k);
    if (batch === null && !started) continue;
    started = true;
    const groups = groupByKey(batch ?? []);
    for (const [text, entry] of fold) {
      if (!groups.has(text)) groups.set(text, { key: entry.key, values: [] });
    }
    for (const [text, { key, values }] of groups) {
      const next = update(values, fold.get(text)?.state);
      if (next === undefined || next === null) fold.delete(text);
      else fold.set(text, { key, state: next });
    }
    expected.push({
      time: new Time(k * options.batchDuration.milliseconds),
      output: snapshot(fold),
    });
  }
  compare('updateStateByKey', 'the states after each batch', run.batches, expected, input);
}

async function checkMapWithState<K, V, S, M>(
  options: MapWithStateLawOptions<K, V, S, M>,
): Promise<void> {
  const { input, initialState, numPartitions } = options;
  const numBatches = numBatchesOf(options);
  const spec = (): StateSpec<K, V, S, M> =>
    StateSpec.function(options.mappingFunction as MappingFunctionWithTime<K, V, S, M>);
  const snapshots: BatchOutput<Pair<K, S>>[] = [];
  const run = await runStream({
    ...runOptions(options),
    input,
    numBatches,
    operation: (s: DStream<Pair<K, V>>) => {
      const stateSpec = spec();
      if (numPartitions !== undefined) stateSpec.numPartitions(numPartitions);
      if (initialState !== undefined) {
        stateSpec.initialState(s.context().sparkContext.parallelize(initialState, 2));
      }
      const mapped = s.mapWithState(stateSpec);
      mapped.stateSnapshots().foreachRDD((rdd, time) => {
        snapshots.push({ time, output: rdd.collect() });
      });
      return mapped;
    },
  });
  // The fold calls the function as the engine does (StateSpec.function picks the form).
  const fn = spec().mappingFunction;
  const fold = initialFold<K, S>(initialState);
  const expectedMapped: BatchOutput<M>[] = [];
  const expectedStates: BatchOutput<Pair<K, S>>[] = [];
  const state = new State<S>();
  for (let k = 1; k <= numBatches; k++) {
    const time = new Time(k * options.batchDuration.milliseconds);
    const output: M[] = [];
    for (const [key, value] of batchAt(input, k) ?? []) {
      const text = canonical(key);
      const entry = fold.get(text);
      state.wrapState(entry !== undefined, entry?.state);
      const mapped = fn(time, key, value, state);
      if (state.isRemoved) fold.delete(text);
      else if (state.isUpdated) fold.set(text, { key, state: state.get() });
      if (mapped !== undefined) output.push(copy(mapped));
    }
    expectedMapped.push({ time, output });
    expectedStates.push({ time, output: snapshot(fold) });
  }
  compare('mapWithState', 'the mapped records of each batch', run.batches, expectedMapped, input);
  compare('mapWithState', 'the state snapshots after each batch', snapshots, expectedStates, input);
}

function compare<T>(
  operation: string,
  what: string,
  actual: readonly BatchOutput<T>[],
  expected: readonly BatchOutput<T>[],
  input: InputBatches<unknown>,
): void {
  expectLawHolds(actual, expected, false, input, {
    law: 'stateEqualsFoldOfBatches',
    claim: `${operation}: ${what} differ from a plain fold of the function over the batches`,
    hint: 'The function must depend on its arguments alone: return a new state instead of changing the previous one in place, and keep no data in closures or globals.',
  });
}
