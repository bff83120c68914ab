/**
 * Conformance: Spark's `MapWithStateSuite`
 * (apache/spark streaming/src/test/scala/org/apache/spark/streaming/MapWithStateSuite.scala), plus
 * the timeout and checkpoint-interval rules of the reference (§2.4, §2.8, §7.2) as exact cases.
 * Spark's harness there: `local` master (default parallelism 1), a 1 s batch, a 2-partition test
 * input mapped to `(x, 1)`, both the mapped stream and `stateSnapshots()` collected; each batch is
 * compared as a set, which becomes a multiset comparison here.
 *
 * Adapted:
 * - "type inferencing and class tags": there are no class tags; the inferred static types of the
 *   same five constructions are checked with `expectTypeOf` instead.
 *
 * Ported elsewhere: "driver failure recovery" is in checkpoint-recovery.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  HashPartitioner,
  IllegalArgumentError,
  ManualClock,
  MapWithStateDStream,
  Milliseconds,
  NoSuchElementError,
  Seconds,
  State,
  StateSpec,
  StreamingContext,
  type DStream,
  type Duration,
  type Pair,
  type SparkContext,
  type Time,
} from '../../src/index.js';
import { MapWithStateDStream as MapWithStateNode } from '../../src/dstream/map-with-state-dstream.js';
import { runBatches } from '../../src/testing/index.js';

/** Stopping a context that never started logs a warning; these tests expect no output. */
const quiet = { warn: () => undefined, error: () => undefined };

/** MapWithStateSuite's SparkContext is `local`: one default partition; TestInputStream has 2. */
const suite = { batchDuration: Seconds(1), numInputPartitions: 2, defaultParallelism: 1 } as const;

/** A canonical text of a record in which `undefined` (Scala's None) and `null` stay distinct. */
function canonical(record: unknown): string {
  return JSON.stringify(record, (_key, value: unknown) =>
    value === undefined ? '\u0000undefined' : value,
  );
}

/** Each batch sorted by its records' canonical text: Spark's per-batch set comparison. */
function sortedBatches<T>(batches: readonly (readonly T[])[]): T[][] {
  return batches.map((batch) =>
    [...batch].sort((a, b) =>
      canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0,
    ),
  );
}

/** A spec, or a builder of it from the run's SparkContext (for an initial state RDD). */
type SpecOrFactory<K, S, M> =
  StateSpec<K, number, S, M> | ((sc: SparkContext) => StateSpec<K, number, S, M>);

interface MapWithStateRun<K, S, M> {
  readonly outputs: M[][];
  readonly snapshots: Pair<K, S>[][];
}

/**
 * MapWithStateSuite's `getOperationOutput`: `input.map(x => (x, 1)).mapWithState(spec)`, run for
 * `numBatches` batches, collecting the mapped stream and its state snapshots.
 */
async function getOperationOutput<K, S, M>(
  input: readonly (readonly K[] | null)[],
  spec: SpecOrFactory<K, S, M>,
  numBatches: number,
  options: {
    readonly checkpointInterval?: Duration;
    readonly defaultParallelism?: number;
  } = {},
): Promise<MapWithStateRun<K, S, M>> {
  const snapshots: Pair<K, S>[][] = [];
  const outputs = await runBatches({
    ...suite,
    ...(options.defaultParallelism === undefined
      ? {}
      : { defaultParallelism: options.defaultParallelism }),
    input,
    numBatches,
    operation: (s: DStream<K>) => {
      const built = typeof spec === 'function' ? spec(s.context().sparkContext) : spec;
      const mapped = s.map((x): Pair<K, number> => [x, 1]).mapWithState(built);
      if (options.checkpointInterval !== undefined) mapped.checkpoint(options.checkpointInterval);
      mapped.stateSnapshots().foreachRDD((rdd) => {
        snapshots.push(rdd.collect());
      });
      return mapped;
    },
  });
  return { outputs, snapshots };
}

/** MapWithStateSuite's `testOperation`: outputs and snapshots per batch, each as a set. */
async function testOperation<K, S, M>(
  input: readonly (readonly K[])[],
  spec: SpecOrFactory<K, S, M>,
  expectedOutputs: readonly (readonly M[])[],
  expectedStateSnapshots: readonly (readonly Pair<K, S>[])[],
): Promise<void> {
  expect(expectedOutputs).toHaveLength(expectedStateSnapshots.length);
  const { outputs, snapshots } = await getOperationOutput(input, spec, expectedOutputs.length);
  expect(sortedBatches(outputs), 'outputs').toStrictEqual(sortedBatches(expectedOutputs));
  expect(sortedBatches(snapshots), 'state snapshots').toStrictEqual(
    sortedBatches(expectedStateSnapshots),
  );
}

/** Spark's `intercept[...]` plus the exact message. */
function expectThrows(
  body: () => unknown,
  type: typeof IllegalArgumentError | typeof NoSuchElementError,
  message: string,
): void {
  let thrown: unknown;
  try {
    body();
  } catch (error: unknown) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(type);
  expect((thrown as Error).message).toBe(message);
}

const CANNOT_UPDATE_REMOVED =
  'requirement failed: Cannot update the state after it has been removed';
const CANNOT_UPDATE_TIMING_OUT = 'requirement failed: Cannot update the state that is timing out';
const CANNOT_REMOVE_TIMING_OUT = 'requirement failed: Cannot remove the state that is timing out';
const CANNOT_REMOVE_REMOVED =
  'requirement failed: Cannot remove the state that has already been removed';

const basicInput = [[], ['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []];
const basicStates: Pair<string, number>[][] = [
  [],
  [['a', 1]],
  [
    ['a', 2],
    ['b', 1],
  ],
  [
    ['a', 3],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 4],
    ['b', 3],
    ['c', 1],
  ],
  [
    ['a', 5],
    ['b', 3],
    ['c', 1],
  ],
  [
    ['a', 5],
    ['b', 3],
    ['c', 1],
  ],
];

describe('MapWithStateSuite', () => {
  describe('State', () => {
    /** MapWithStateSuite's `testState`. */
    function testState(
      state: State<number>,
      expectedData: number | undefined,
      flags: { updated?: boolean; removed?: boolean; timingOut?: boolean } = {},
    ): void {
      const { updated = false, removed = false, timingOut = false } = flags;
      if (expectedData !== undefined) {
        expect(state.exists()).toBe(true);
        expect(state.get()).toBe(expectedData);
        expect(state.getOption()).toBe(expectedData);
        expect(state.getOption() ?? -1).toBe(expectedData);
        expect(state.toString()).toBe(String(expectedData));
      } else {
        expect(state.exists()).toBe(false);
        expectThrows(() => state.get(), NoSuchElementError, 'State is not set');
        expect(state.getOption()).toBeUndefined();
        expect(state.getOption() ?? -1).toBe(-1);
        expect(state.toString()).toBe('<state not set>');
      }

      expect(state.isTimingOut()).toBe(timingOut);
      if (timingOut) {
        expectThrows(
          () => {
            state.remove();
          },
          IllegalArgumentError,
          CANNOT_REMOVE_TIMING_OUT,
        );
        expectThrows(
          () => {
            state.update(-1);
          },
          IllegalArgumentError,
          CANNOT_UPDATE_TIMING_OUT,
        );
      }

      expect(state.isUpdated).toBe(updated);
      expect(state.isRemoved).toBe(removed);
      if (removed) {
        expectThrows(
          () => {
            state.remove();
          },
          IllegalArgumentError,
          CANNOT_REMOVE_REMOVED,
        );
        expectThrows(
          () => {
            state.update(-1);
          },
          IllegalArgumentError,
          CANNOT_UPDATE_REMOVED,
        );
      }
    }

    it('MapWithStateSuite › state - get, exists, update, remove', () => {
      let state = new State<number>();
      testState(state, undefined);

      state.wrap(undefined);
      testState(state, undefined);

      state.wrap({ state: 1 });
      testState(state, 1);

      state.update(2);
      testState(state, 2, { updated: true });

      state = new State<number>();
      state.update(2);
      testState(state, 2, { updated: true });

      state.remove();
      testState(state, undefined, { removed: true });

      state.wrapTimingOut(3);
      testState(state, 3, { timingOut: true });
    });

    it('state - update, remove with timing out and after removal: exact errors, state untouched', () => {
      const state = new State<string>();
      state.wrapTimingOut('old');
      // The remove check comes first for timing out, as in Spark.
      expectThrows(
        () => {
          state.update('new');
        },
        IllegalArgumentError,
        CANNOT_UPDATE_TIMING_OUT,
      );
      expectThrows(
        () => {
          state.remove();
        },
        IllegalArgumentError,
        CANNOT_REMOVE_TIMING_OUT,
      );
      expect(state.get()).toBe('old');
      expect(state.exists()).toBe(true);
      expect(state.isUpdated).toBe(false);
      expect(state.isRemoved).toBe(false);

      // Removing a state that does not exist is allowed; a second remove is not.
      state.wrap(undefined);
      state.remove();
      expect(state.exists()).toBe(false);
      expectThrows(
        () => {
          state.remove();
        },
        IllegalArgumentError,
        CANNOT_REMOVE_REMOVED,
      );
      expectThrows(
        () => {
          state.update('x');
        },
        IllegalArgumentError,
        CANNOT_UPDATE_REMOVED,
      );

      // Wrapping the next key resets every flag.
      state.wrap({ state: 'next' });
      expect(state.isTimingOut()).toBe(false);
      expect(state.isRemoved).toBe(false);
      expect(state.isUpdated).toBe(false);
      state.update('updated');
      expect(state.get()).toBe('updated');
      state.remove();
      expect(state.exists()).toBe(false);
      expect(state.isUpdated).toBe(false);
      expect(state.isRemoved).toBe(true);
      expectThrows(() => state.get(), NoSuchElementError, 'State is not set');
    });

    it('state - a state holding undefined-like values still exists', () => {
      const state = new State<number | null>();
      state.wrap({ state: null });
      expect(state.exists()).toBe(true);
      expect(state.get()).toBeNull();
      expect(state.toString()).toBe('null');
      state.update(0);
      expect(state.getOption()).toBe(0);
    });
  });

  it('MapWithStateSuite › mapWithState - basic operations with simple API', async () => {
    // The state keeps a running count; the updated count is returned.
    const mappingFunc = (_key: string, value: number | undefined, state: State<number>): number => {
      const sum = (value ?? 0) + (state.getOption() ?? 0);
      state.update(sum);
      return sum;
    };
    await testOperation(
      basicInput,
      StateSpec.function(mappingFunc),
      [[], [1], [2, 1], [3, 2, 1], [4, 3], [5], []],
      basicStates,
    );
  });

  it('MapWithStateSuite › mapWithState - basic operations with advanced API', async () => {
    // The state keeps a running count; the key doubled is returned.
    const mappingFunc = (
      _batchTime: Time,
      key: string,
      value: number | undefined,
      state: State<number>,
    ): string => {
      const sum = (value ?? 0) + (state.getOption() ?? 0);
      state.update(sum);
      return key.repeat(2);
    };
    await testOperation(
      basicInput,
      StateSpec.function(mappingFunc),
      [[], ['aa'], ['aa', 'bb'], ['aa', 'bb', 'cc'], ['aa', 'bb'], ['aa'], []],
      basicStates,
    );
  });

  it('MapWithStateSuite › mapWithState - type inferencing and class tags', async () => {
    // Value number, state a number (Scala's Double), mapped type bigint (Scala's Long).
    // The parameter count picks the form, so the unused parameters stay.
    /* eslint-disable @typescript-eslint/no-unused-vars */
    const simpleFunc = (_key: string, _value: number | undefined, _state: State<number>): bigint =>
      0n;
    const advancedFunc = (
      _time: Time,
      _key: string,
      _value: number | undefined,
      _state: State<number>,
    ): bigint | undefined => 0n;
    /* eslint-enable @typescript-eslint/no-unused-vars */

    const ssc = new StreamingContext({
      batchDuration: Seconds(1),
      clock: new ManualClock(),
      logger: quiet,
    });
    try {
      const inputStream = ssc.queueStream<Pair<string, number>>([]);

      const simpleFunctionStateStream1 = inputStream.mapWithState(
        StateSpec.function(simpleFunc).numPartitions(1),
      );
      expectTypeOf(simpleFunctionStateStream1).toEqualTypeOf<
        MapWithStateDStream<string, number, number, bigint>
      >();
      expectTypeOf(simpleFunctionStateStream1.stateSnapshots()).toEqualTypeOf<
        DStream<Pair<string, number>>
      >();

      const simpleFuncSpec = StateSpec.function<string, number, number, bigint>(simpleFunc);
      expectTypeOf(inputStream.mapWithState(simpleFuncSpec)).toEqualTypeOf<
        MapWithStateDStream<string, number, number, bigint>
      >();

      const advFuncSpec1 = StateSpec.function(advancedFunc);
      expectTypeOf(advFuncSpec1).toEqualTypeOf<StateSpec<string, number, number, bigint>>();
      expectTypeOf(inputStream.mapWithState(advFuncSpec1)).toEqualTypeOf<
        MapWithStateDStream<string, number, number, bigint>
      >();

      const advFuncSpec2 = StateSpec.function<string, number, number, bigint>(advancedFunc);
      const advFunctionStateStream3 = inputStream.mapWithState(advFuncSpec2);
      expectTypeOf(advFunctionStateStream3).toEqualTypeOf<
        MapWithStateDStream<string, number, number, bigint>
      >();
      expect(advFunctionStateStream3).toBeInstanceOf(MapWithStateDStream);
    } finally {
      await ssc.stop();
    }
  });

  it('MapWithStateSuite › mapWithState - states as mapped data', async () => {
    const mappingFunc = (
      _time: Time,
      key: string,
      value: number | undefined,
      state: State<number>,
    ): Pair<string, number> => {
      const sum = (value ?? 0) + (state.getOption() ?? 0);
      state.update(sum);
      return [key, sum];
    };
    await testOperation(
      basicInput,
      StateSpec.function(mappingFunc),
      [
        [],
        [['a', 1]],
        [
          ['a', 2],
          ['b', 1],
        ],
        [
          ['a', 3],
          ['b', 2],
          ['c', 1],
        ],
        [
          ['a', 4],
          ['b', 3],
        ],
        [['a', 5]],
        [],
      ],
      basicStates,
    );
  });

  it('MapWithStateSuite › mapWithState - initial states, with nothing returned as from mapping function', async () => {
    const initialState: Pair<string, number>[] = [
      ['a', 5],
      ['b', 10],
      ['c', -20],
      ['d', 0],
    ];
    const mappingFunc = (
      _time: Time,
      _key: string,
      value: number | undefined,
      state: State<number>,
    ): number | undefined => {
      state.update((value ?? 0) + (state.getOption() ?? 0));
      return undefined;
    };
    await testOperation(
      basicInput,
      (sc) => StateSpec.function(mappingFunc).initialState(sc.parallelize(initialState)),
      basicInput.map(() => []),
      [
        [
          ['a', 5],
          ['b', 10],
          ['c', -20],
          ['d', 0],
        ],
        [
          ['a', 6],
          ['b', 10],
          ['c', -20],
          ['d', 0],
        ],
        [
          ['a', 7],
          ['b', 11],
          ['c', -20],
          ['d', 0],
        ],
        [
          ['a', 8],
          ['b', 12],
          ['c', -19],
          ['d', 0],
        ],
        [
          ['a', 9],
          ['b', 13],
          ['c', -19],
          ['d', 0],
        ],
        [
          ['a', 10],
          ['b', 13],
          ['c', -19],
          ['d', 0],
        ],
        [
          ['a', 10],
          ['b', 13],
          ['c', -19],
          ['d', 0],
        ],
      ],
    );
  });

  it('MapWithStateSuite › mapWithState - state removing', async () => {
    const mappingFunc = (
      _time: Time,
      key: string,
      value: number | undefined,
      state: State<number>,
    ): string | undefined => {
      if (state.exists()) {
        state.remove();
        return key;
      }
      state.update(value as number);
      return undefined;
    };
    await testOperation(
      [
        [],
        ['a'],
        ['a', 'b'], // a will be removed
        ['a', 'b', 'c'], // b will be removed
        ['a', 'b', 'c'], // a and c will be removed
        ['a', 'b'], // b will be removed
        ['a'], // a will be removed
        [],
      ],
      StateSpec.function(mappingFunc).numPartitions(1),
      // The states that were removed.
      [[], [], ['a'], ['b'], ['a', 'c'], ['b'], ['a'], []],
      [
        [],
        [['a', 1]],
        [['b', 1]],
        [
          ['a', 1],
          ['c', 1],
        ],
        [['b', 1]],
        [['a', 1]],
        [],
        [],
      ],
    );
  });

  it('MapWithStateSuite › mapWithState - state timing out', async () => {
    const inputData = [
      ['a', 'b', 'c'],
      ['a', 'b'],
      ['a'],
      [], // c will time out
      [], // b will time out
      ['a'], // a will not time out
      ...Array.from({ length: 20 }, () => ['a']), // a will continue to stay active
    ];
    const mappingFunc = (
      _time: Time,
      key: string,
      value: number | undefined,
      state: State<number>,
    ): string | undefined => {
      if (value !== undefined) state.update(1);
      return state.isTimingOut() ? key : undefined;
    };
    const { outputs, snapshots } = await getOperationOutput(
      inputData,
      StateSpec.function(mappingFunc).timeout(Seconds(3)),
      20,
    );

    // Spark's assertions: b and c are returned once each, when they time out...
    expect(outputs.flat().sort()).toEqual(['b', 'c']);
    // ...the states of a, b and c are all defined at one point...
    expect(
      sortedBatches(snapshots).some(
        (batch) =>
          canonical(batch) ===
          canonical([
            ['a', 1],
            ['b', 1],
            ['c', 1],
          ]),
      ),
    ).toBe(true);
    // ...and at the end only a has a state.
    expect(snapshots.at(-1)).toEqual([['a', 1]]);

    // Exactly: the idle keys are found on the first checkpoint batch (t = 10 s, 10 × the slide):
    // c was last updated at 1 s and b at 2 s, both before 10 s - 3 s.
    expect(outputs).toHaveLength(20);
    expect(sortedBatches(outputs)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i === 9 ? ['b', 'c'] : [])),
    );
    expect(sortedBatches(snapshots)).toEqual(
      Array.from({ length: 20 }, (_, i) =>
        i < 9
          ? [
              ['a', 1],
              ['b', 1],
              ['c', 1],
            ]
          : [['a', 1]],
      ),
    );
  });

  it('MapWithStateSuite › mapWithState - checkpoint durations', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dstream-ts-map-with-state-'));
    try {
      const testCheckpointDuration = async (
        batchDuration: Duration,
        expectedCheckpointDuration: Duration,
        explicitCheckpointDuration?: Duration,
      ): Promise<void> => {
        const ssc = new StreamingContext({ batchDuration, clock: new ManualClock() });
        try {
          const inputStream = ssc.queueStream<number>([]).map((x): Pair<number, number> => [x, 1]);
          // eslint-disable-next-line @typescript-eslint/no-unused-vars
          const dummyFunc = (_key: number, _value: number | undefined, _state: State<number>) => 0;
          const mapWithStateStream = inputStream.mapWithState(StateSpec.function(dummyFunc));
          const node = mapWithStateStream.node;
          expect(node).toBeInstanceOf(MapWithStateNode);
          const internal = node instanceof MapWithStateNode ? node.parent : undefined;

          if (explicitCheckpointDuration !== undefined) {
            mapWithStateStream.checkpoint(explicitCheckpointDuration);
          }
          mapWithStateStream.foreachRDD(() => undefined);
          ssc.checkpoint(dir);
          ssc.start(); // initializes every checkpoint duration
          expect(node.checkpointDuration).toBeUndefined();
          expect(internal?.checkpointDuration?.milliseconds).toBe(
            expectedCheckpointDuration.milliseconds,
          );
          // Twice the checkpoint interval is remembered, so the newest checkpoint stays.
          expect(internal?.rememberDuration?.milliseconds).toBe(
            expectedCheckpointDuration.milliseconds * 2,
          );
        } finally {
          await ssc.stop();
        }
      };

      await testCheckpointDuration(Milliseconds(100), Seconds(1));
      await testCheckpointDuration(Seconds(1), Seconds(10));
      await testCheckpointDuration(Seconds(10), Seconds(100));
      // Not the generic rule (the smallest multiple of the slide >= 10 s): 3 s gives 30 s, not 12 s.
      await testCheckpointDuration(Seconds(3), Seconds(30));

      await testCheckpointDuration(Milliseconds(100), Seconds(2), Seconds(2));
      await testCheckpointDuration(Seconds(1), Seconds(2), Seconds(2));
      await testCheckpointDuration(Seconds(10), Seconds(20), Seconds(20));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('timeouts (reference §2.8)', () => {
    /** What the full-form function saw in one call. */
    type Call = readonly [
      time: number,
      key: string,
      value: number | undefined,
      timingOut: boolean,
      state: number | undefined,
    ];

    /** Records every call; updates the state only for a key with no state yet ("touch" keeps it). */
    const recordingFunc = (
      time: Time,
      key: string,
      value: number | undefined,
      state: State<number>,
    ): Call => {
      const call: Call = [time.milliseconds, key, value, state.isTimingOut(), state.getOption()];
      if (!state.isTimingOut() && !state.exists()) state.update(time.milliseconds);
      return call;
    };

    it('time out on checkpoint batches only, for keys last updated strictly before t - timeout', async () => {
      // Timeout 2 s, checkpoint batches at 10 s and 20 s (thresholds 8 s and 18 s).
      const input: string[][] = Array.from({ length: 20 }, () => []);
      input[0] = ['a', 'b', 'c', 'd']; // t = 1 s
      input[6] = ['b']; // t = 7 s: b's state exists, so its idle clock restarts at 7 s
      input[7] = ['c', 'd']; // t = 8 s: exactly at the threshold of 10 s: not timed out
      input[10] = ['b']; // t = 11 s: b timed out at 10 s, so it starts again with no state
      const { outputs, snapshots } = await getOperationOutput(
        input,
        StateSpec.function(recordingFunc).timeout(Seconds(2)),
        20,
      );
      const expectedOutputs: Call[][] = Array.from({ length: 20 }, () => []);
      expectedOutputs[0] = [
        [1000, 'a', 1, false, undefined],
        [1000, 'b', 1, false, undefined],
        [1000, 'c', 1, false, undefined],
        [1000, 'd', 1, false, undefined],
      ];
      expectedOutputs[6] = [[7000, 'b', 1, false, 1000]];
      expectedOutputs[7] = [
        [8000, 'c', 1, false, 1000],
        [8000, 'd', 1, false, 1000],
      ];
      // At 10 s: a (1 s) and b (7 s) are idle since before 8 s; c and d (8 s) are not.
      expectedOutputs[9] = [
        [10000, 'a', undefined, true, 1000],
        [10000, 'b', undefined, true, 1000],
      ];
      expectedOutputs[10] = [[11000, 'b', 1, false, undefined]];
      // At 20 s (threshold 18 s): b (11 s), c and d (8 s).
      expectedOutputs[19] = [
        [20000, 'b', undefined, true, 11000],
        [20000, 'c', undefined, true, 1000],
        [20000, 'd', undefined, true, 1000],
      ];
      expect(sortedBatches(outputs)).toStrictEqual(sortedBatches(expectedOutputs));

      const all: Pair<string, number>[] = [
        ['a', 1000],
        ['b', 1000],
        ['c', 1000],
        ['d', 1000],
      ];
      const expectedSnapshots: Pair<string, number>[][] = Array.from({ length: 20 }, (_, i) => {
        if (i < 9) return all;
        if (i === 9) return all.filter(([k]) => k === 'c' || k === 'd');
        if (i < 19) return [['b', 11000], ...all.filter(([k]) => k === 'c' || k === 'd')];
        return [];
      });
      expect(sortedBatches(snapshots)).toStrictEqual(sortedBatches(expectedSnapshots));
    });

    it('follow an explicit checkpoint interval set on the mapped stream', async () => {
      // Timeout 1 s, checkpoint every 2 s: checks at 2 s (threshold 1 s), 4 s (3 s), 6 s (5 s).
      const { outputs, snapshots } = await getOperationOutput(
        [['a'], [], ['b'], [], [], []],
        StateSpec.function(recordingFunc).timeout(Seconds(1)),
        6,
        { checkpointInterval: Seconds(2) },
      );
      expect(sortedBatches(outputs)).toStrictEqual([
        [[1000, 'a', 1, false, undefined]],
        [],
        [[3000, 'b', 1, false, undefined]],
        [[4000, 'a', undefined, true, 1000]],
        [],
        [[6000, 'b', undefined, true, 3000]],
      ]);
      expect(sortedBatches(snapshots)).toStrictEqual([
        [['a', 1000]],
        [['a', 1000]],
        [
          ['a', 1000],
          ['b', 3000],
        ],
        [['b', 3000]],
        [['b', 3000]],
        [],
      ]);
    });

    it('never happen without a timeout, however long a key is idle', async () => {
      const { outputs, snapshots } = await getOperationOutput(
        [['a']],
        StateSpec.function(recordingFunc),
        25,
      );
      expect(outputs.flat()).toStrictEqual([[1000, 'a', 1, false, undefined]]);
      expect(snapshots).toHaveLength(25);
      expect(snapshots.every((batch) => canonical(batch) === canonical([['a', 1000]]))).toBe(true);
    });

    it('initial states are last updated at the first batch time', async () => {
      const initial: Pair<string, number>[] = [
        ['x', 5],
        ['y', 6],
      ];
      // Timeout 9 s. At 10 s (threshold 1 s) x, loaded "at" 1 s, is not idle for long enough;
      // at 20 s (threshold 11 s) x and y (data at 7 s, state kept as it was) time out.
      const input: string[][] = Array.from({ length: 20 }, () => []);
      input[6] = ['y'];
      const { outputs, snapshots } = await getOperationOutput(
        input,
        (sc) =>
          StateSpec.function(recordingFunc)
            .initialState(sc.parallelize(initial))
            .timeout(Seconds(9)),
        20,
      );
      const expected: Call[][] = Array.from({ length: 20 }, () => []);
      expected[6] = [[7000, 'y', 1, false, 6]];
      expected[19] = [
        [20000, 'x', undefined, true, 5],
        [20000, 'y', undefined, true, 6],
      ];
      expect(sortedBatches(outputs)).toStrictEqual(sortedBatches(expected));
      const both: Pair<string, number>[] = [
        ['x', 5],
        ['y', 6],
      ];
      expect(sortedBatches(snapshots)).toStrictEqual(
        Array.from({ length: 20 }, (_, i) => (i < 19 ? both : [])),
      );
    });

    it('the simple API emits one element for the timeout call too; the state cannot change', async () => {
      const errors: string[] = [];
      const simple = (key: string, value: number | undefined, state: State<number>): string => {
        if (state.isTimingOut()) {
          const attempts = [
            () => {
              state.update(0);
            },
            () => {
              state.remove();
            },
          ];
          for (const attempt of attempts) {
            try {
              attempt();
            } catch (error: unknown) {
              errors.push(`${(error as Error).constructor.name}: ${(error as Error).message}`);
            }
          }
          return `${key} timed out with ${state.get()}`;
        }
        state.update((state.getOption() ?? 0) + (value ?? 0));
        return `${key} = ${state.get()}`;
      };
      const { outputs, snapshots } = await getOperationOutput(
        [['a', 'a'], ['a']],
        StateSpec.function(simple).timeout(Seconds(5)),
        10,
      );
      expect(sortedBatches(outputs)).toStrictEqual([
        ['a = 1', 'a = 2'],
        ['a = 3'],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        ['a timed out with 3'],
      ]);
      expect(errors).toEqual([
        `IllegalArgumentError: ${CANNOT_UPDATE_TIMING_OUT}`,
        `IllegalArgumentError: ${CANNOT_REMOVE_TIMING_OUT}`,
      ]);
      expect(snapshots.at(-2)).toEqual([['a', 3]]);
      expect(snapshots.at(-1)).toEqual([]);
    });
  });

  describe('per-record semantics (reference §2.8)', () => {
    it('the function is called once per record, in turn, and never for keys without data', async () => {
      const calls: string[] = [];
      const counting = (key: string, value: number | undefined, state: State<number>): number => {
        calls.push(key);
        const next = (state.getOption() ?? 0) + (value ?? 0);
        state.update(next);
        return next;
      };
      const { outputs, snapshots } = await getOperationOutput(
        [['a', 'b', 'a', 'a'], ['b'], []],
        StateSpec.function(counting),
        3,
      );
      // Each call sees the state the previous call for the same key left.
      expect(sortedBatches(outputs)).toStrictEqual([[1, 1, 2, 3], [2], []]);
      expect(calls.sort()).toEqual(['a', 'a', 'a', 'b', 'b']);
      expect(sortedBatches(snapshots)).toStrictEqual([
        [
          ['a', 3],
          ['b', 1],
        ],
        [
          ['a', 3],
          ['b', 2],
        ],
        [
          ['a', 3],
          ['b', 2],
        ],
      ]);
    });

    it('each record is mapped once, also on checkpoint batches (the state RDD is not recomputed)', async () => {
      const calls: string[] = [];
      const running = (
        time: Time,
        key: string,
        value: number | undefined,
        state: State<number>,
      ): number => {
        calls.push(`${time.milliseconds}:${key}:${value === undefined ? 'timeout' : 'data'}`);
        if (!state.isTimingOut()) state.update((state.getOption() ?? 0) + (value ?? 0));
        return state.get();
      };
      // One record of "a" per batch for 24 batches; "b" once, timing out at the 20 s checkpoint.
      const input = Array.from({ length: 24 }, (_, i) => (i === 10 ? ['a', 'b'] : ['a']));
      const { outputs, snapshots } = await getOperationOutput(
        input,
        StateSpec.function(running).timeout(Seconds(5)),
        24,
      );
      const expectedCalls = input.flatMap((batch, i) =>
        batch.map((key) => `${(i + 1) * 1000}:${key}:data`),
      );
      expectedCalls.splice(expectedCalls.indexOf('20000:a:data') + 1, 0, '20000:b:timeout');
      expect(calls).toEqual(expectedCalls);
      expect(outputs.flat()).toHaveLength(26);
      expect(sortedBatches(outputs.slice(19, 20))).toStrictEqual([[1, 20]]);
      expect(snapshots.at(-1)).toEqual([['a', 24]]);
    });

    it('a batch whose parent has no RDD still produces a state RDD (nothing mapped)', async () => {
      const running = (key: string, value: number | undefined, state: State<number>): string => {
        state.update((state.getOption() ?? 0) + (value ?? 0));
        return `${key}${state.get()}`;
      };
      const { outputs, snapshots } = await getOperationOutput(
        [['a'], null, ['a', 'b'], null],
        StateSpec.function(running),
        4,
      );
      expect(sortedBatches(outputs)).toStrictEqual([['a1'], [], ['a2', 'b1'], []]);
      expect(sortedBatches(snapshots)).toStrictEqual([
        [['a', 1]],
        [['a', 1]],
        [
          ['a', 2],
          ['b', 1],
        ],
        [
          ['a', 2],
          ['b', 1],
        ],
      ]);
    });

    it('without update, a new key gets no state; remove on a missing state is allowed', async () => {
      const fn = (
        _time: Time,
        key: string,
        _value: number | undefined,
        state: State<number>,
      ): string | undefined => {
        if (key === 'ignored') return undefined;
        if (key === 'removed') {
          state.remove();
          return 'removed';
        }
        state.update(1);
        return undefined;
      };
      const { outputs, snapshots } = await getOperationOutput(
        [['ignored', 'removed', 'kept']],
        StateSpec.function(fn),
        1,
      );
      expect(outputs).toStrictEqual([['removed']]);
      expect(snapshots).toStrictEqual([[['kept', 1]]]);
    });

    it('the state is partitioned by the spec: numPartitions, partitioner or the default parallelism', async () => {
      const running = (key: string, _value: number | undefined, state: State<number>): string => {
        state.update((state.getOption() ?? 0) + 1);
        return key;
      };
      const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
      const layouts = async (
        spec: StateSpec<string, number, number, string>,
        defaultParallelism: number,
      ): Promise<{ mapped: number[]; snapshots: string[][][] }> => {
        const mapped: number[] = [];
        const snapshots: string[][][] = [];
        await runBatches({
          ...suite,
          defaultParallelism,
          input: [keys, keys],
          operation: (s: DStream<string>) => {
            const stream = s.map((x): Pair<string, number> => [x, 1]).mapWithState(spec);
            stream.foreachRDD((rdd) => {
              mapped.push(rdd.getNumPartitions());
            });
            return stream
              .stateSnapshots()
              .transform((rdd) => rdd.glom().map((part) => part.map(([k]) => k).sort()));
          },
        }).then((batches) => {
          snapshots.push(...batches);
        });
        return { mapped, snapshots };
      };
      const expectedLayout = (n: number): string[][] => {
        const partitioner = new HashPartitioner(n);
        return Array.from({ length: n }, (_, p) =>
          keys.filter((k) => partitioner.getPartition(k) === p),
        );
      };

      const numbered = await layouts(StateSpec.function(running).numPartitions(3), 2);
      expect(numbered.mapped).toEqual([3, 3]);
      expect(numbered.snapshots).toEqual([expectedLayout(3), expectedLayout(3)]);

      const custom = await layouts(
        StateSpec.function(running).partitioner(new HashPartitioner(4)),
        2,
      );
      expect(custom.mapped).toEqual([4, 4]);
      expect(custom.snapshots).toEqual([expectedLayout(4), expectedLayout(4)]);

      const byDefault = await layouts(StateSpec.function(running), 5);
      expect(byDefault.mapped).toEqual([5, 5]);
      expect(byDefault.snapshots).toEqual([expectedLayout(5), expectedLayout(5)]);
    });

    it('tuple keys are one key by value across records and batches', async () => {
      const snapshots: Pair<readonly [string, number], number>[][] = [];
      const running = (
        _key: readonly [string, number],
        value: number | undefined,
        state: State<number>,
      ): number => {
        state.update((state.getOption() ?? 0) + (value ?? 0));
        return state.get();
      };
      const outputs = await runBatches({
        ...suite,
        input: [
          [
            ['k', 1],
            ['k', 1],
          ],
          [['k', 1]],
        ] as (readonly [string, number])[][],
        operation: (s: DStream<readonly [string, number]>) => {
          const stream = s
            .map((k): Pair<readonly [string, number], number> => [[k[0], k[1]], 1])
            .mapWithState(StateSpec.function(running));
          stream.stateSnapshots().foreachRDD((rdd) => {
            snapshots.push(rdd.collect());
          });
          return stream;
        },
      });
      expect(sortedBatches(outputs)).toStrictEqual([[1, 2], [3]]);
      expect(snapshots).toStrictEqual([[[['k', 1], 2]], [[['k', 1], 3]]]);
    });
  });
});
