/**
 * laws.stateEqualsFoldOfBatches: holds for pure update and mapping functions on random inputs
 * (batches without an RDD, initial states, both mapping-function forms), and fails, with a
 * per-batch report, for functions that change the previous state in place or keep a counter in
 * a closure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Seconds, type State, type Time } from '../../../src/index.js';
import { arbitraries, laws } from '../../../src/testing/index.js';
import { lawFailure, pairMarbles } from '../../support/law-failure.js';

const initialState = fc
  .array(fc.tuple(arbitraries.keys({ count: 5 }), fc.integer({ min: 0, max: 9 })), {
    maxLength: 3,
  })
  .map((states) => [...new Map(states).entries()]);

/**
 * The law's options but the function: random batches of `values` (some without an RDD), initial
 * states or none, and a state partition count.
 */
function stateRuns(values: fc.Arbitrary<number>) {
  return fc
    .tuple(
      arbitraries.pairBatches(arbitraries.keys({ count: 4 }), values, {
        noRDD: true,
        maxBatches: 12,
      }),
      fc.option(initialState, { nil: undefined }),
      fc.integer({ min: 1, max: 3 }),
    )
    .map(([input, initial, numPartitions]) => ({
      batchDuration: Seconds(1),
      input,
      numPartitions,
      ...(initial === undefined ? {} : { initialState: initial }),
    }));
}

describe('laws.stateEqualsFoldOfBatches with updateStateByKey', () => {
  it('holds for a sum that drops keys at a multiple of 7, with or without initial states (property)', async () => {
    await fc.assert(
      fc.asyncProperty(stateRuns(fc.integer({ min: -5, max: 9 })), async (common) => {
        await laws.stateEqualsFoldOfBatches({
          ...common,
          update: (values: number[], state: number | undefined) => {
            const total = values.reduce((a, b) => a + b, state ?? 0);
            return total % 7 === 0 && values.length > 0 ? undefined : total;
          },
        });
      }),
      { numRuns: 40 },
    );
  });

  it('holds for the lesson temperatures-style state: new state objects each batch', async () => {
    await laws.stateEqualsFoldOfBatches({
      batchDuration: Seconds(1),
      input: pairMarbles('madrid:30 moscow:-1 | madrid:35 | null | moscow:-10'),
      update: (temps: number[], state: readonly [number, number] | undefined) => {
        if (temps.length === 0) return state;
        const [min, max] = state ?? [Infinity, -Infinity];
        return [Math.min(min, ...temps), Math.max(max, ...temps)] as const;
      },
    });
  });

  it('fails for an update that changes the previous state in place, naming the batch that changed', async () => {
    const { message } = await lawFailure(
      laws.stateEqualsFoldOfBatches({
        batchDuration: Seconds(1),
        input: pairMarbles('a:1 b:2 | a:3'),
        update: (values: number[], state: number[] | undefined) => {
          const seen = state ?? [];
          seen.push(...values);
          return seen;
        },
      }),
    );
    expect(message).toBe(
      [
        'stateEqualsFoldOfBatches: updateStateByKey: the states after each batch differ from a plain fold of the function over the batches',
        '1 of 3 batches differ, comparing each batch as a multiset of records:',
        '  batch at 1000 ms:',
        "    expected:   [ [ 'a', [ 1 ] ], [ 'b', [ 2 ] ] ]",
        "    actual:     [ [ 'b', [ 2 ] ], [ 'a', [ 1, 3 ] ] ]",
        "    missing:    [ 'a', [ 1 ] ]",
        "    unexpected: [ 'a', [ 1, 3 ] ]",
        'Input:',
        "  batch 1: [ [ 'a', 1 ], [ 'b', 2 ] ]",
        "  batch 2: [ [ 'a', 3 ] ]",
        'The function must depend on its arguments alone: return a new state instead of changing the previous one in place, and keep no data in closures or globals.',
      ].join('\n'),
    );
  });
});

describe('laws.stateEqualsFoldOfBatches with mapWithState', () => {
  /** A running count that a value of 0 removes; emits [key, count] or nothing when removed. */
  const runningCount = (
    key: string,
    value: number | undefined,
    state: State<number>,
  ): readonly [string, number] | undefined => {
    if (value === 0) {
      state.remove();
      return undefined;
    }
    state.update((state.getOption() ?? 0) + (value ?? 0));
    return [key, state.get()];
  };

  it('holds for a running count with removals, with or without initial states (property)', async () => {
    await fc.assert(
      fc.asyncProperty(stateRuns(fc.integer({ min: 0, max: 4 })), async (common) => {
        await laws.stateEqualsFoldOfBatches({ ...common, mappingFunction: runningCount });
      }),
      { numRuns: 30 },
    );
  });

  it('holds for the (time, key, value, state) form, which sees each batch time', async () => {
    await laws.stateEqualsFoldOfBatches({
      batchDuration: Seconds(1),
      input: pairMarbles('a:1 b:1 | a:1 | null | b:1'),
      mappingFunction: (
        time: Time,
        key: string,
        value: number | undefined,
        state: State<number>,
      ) => {
        state.update(time.milliseconds);
        return [key, value, time.milliseconds] as const;
      },
    });
  });

  it('fails for a mapping function that counts its calls in a closure', async () => {
    let calls = 0;
    const { message } = await lawFailure(
      laws.stateEqualsFoldOfBatches({
        batchDuration: Seconds(1),
        input: pairMarbles('a:1 b:2 | a:3'),
        mappingFunction: (key: string, value: number | undefined, state: State<number>) => {
          calls++;
          state.update((state.getOption() ?? 0) + (value ?? 0));
          return [key, calls] as const;
        },
      }),
    );
    expect(message).toBe(
      [
        'stateEqualsFoldOfBatches: mapWithState: the mapped records of each batch differ from a plain fold of the function over the batches',
        '2 of 3 batches differ, comparing each batch as a multiset of records:',
        '  batch at 1000 ms:',
        "    expected:   [ [ 'a', 4 ], [ 'b', 5 ] ]",
        "    actual:     [ [ 'b', 1 ], [ 'a', 2 ] ]",
        "    missing:    [ 'a', 4 ], [ 'b', 5 ]",
        "    unexpected: [ 'b', 1 ], [ 'a', 2 ]",
        '  batch at 2000 ms:',
        "    expected:   [ [ 'a', 6 ] ]",
        "    actual:     [ [ 'a', 3 ] ]",
        "    missing:    [ 'a', 6 ]",
        "    unexpected: [ 'a', 3 ]",
        'Input:',
        "  batch 1: [ [ 'a', 1 ], [ 'b', 2 ] ]",
        "  batch 2: [ [ 'a', 3 ] ]",
        'The function must depend on its arguments alone: return a new state instead of changing the previous one in place, and keep no data in closures or globals.',
      ].join('\n'),
    );
  });

  it('fails, on the snapshots, for a mapping function that changes the state object in place', async () => {
    const { message } = await lawFailure(
      laws.stateEqualsFoldOfBatches({
        batchDuration: Seconds(1),
        input: pairMarbles('a:1 | a:2'),
        mappingFunction: (key: string, value: number | undefined, state: State<{ n: number }>) => {
          const current = state.getOption();
          if (current === undefined) state.update({ n: value ?? 0 });
          else current.n += value ?? 0;
          return key;
        },
      }),
    );
    expect(message).toContain(
      'stateEqualsFoldOfBatches: mapWithState: the state snapshots after each batch differ',
    );
    expect(message).toContain(
      [
        '  batch at 1000 ms:',
        "    expected:   [ [ 'a', { n: 1 } ] ]",
        "    actual:     [ [ 'a', { n: 3 } ] ]",
      ].join('\n'),
    );
  });
});
