/**
 * laws.checkRecovery: stateful and windowed jobs survive a stop after any batch and a recovery
 * through StreamingContext.getOrCreate; jobs that keep data in a closure or a module variable, or
 * read a queueStream, fail with a message naming the crash point and the differing batches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CheckpointError,
  IllegalArgumentError,
  Seconds,
  StateSpec,
  type DStream,
  type Pair,
  type State,
} from '../../../src/index.js';
import { arbitraries, batchesFrom, laws } from '../../../src/testing/index.js';
import { lawFailure } from '../../support/law-failure.js';

const toPair = (word: string): Pair<string, number> => [word, 1];
const add = (a: number, b: number): number => a + b;

/** A word count kept in the graph: updateStateByKey, a 3 s inverse window, mapWithState. */
type Tagged = readonly [word: string, tag: string, count: number];

function statefulJob(words: DStream<string>): DStream<Tagged> {
  const ones = words.map(toPair);
  const totals = ones
    .updateStateByKey((values: number[], n: number | undefined) => values.length + (n ?? 0))
    .map(([w, n]): Tagged => [w, 'total', n]);
  const recent = ones
    .reduceByKeyAndWindow(
      add,
      (a, b) => a - b,
      Seconds(3),
      Seconds(1),
      2,
      ([, n]) => n > 0,
    )
    .map(([w, n]): Tagged => [w, 'last 3 s', n]);
  const running = ones
    .mapWithState(
      StateSpec.function((w: string, one: number | undefined, state: State<number>) => {
        state.update((state.getOption() ?? 0) + (one ?? 0));
        return [w, 'running', state.get()] as const;
      }),
    )
    .map((record): Tagged => record);
  return totals.union(recent).union(running);
}

describe('laws.checkRecovery', () => {
  it('holds for a job whose state is all in the graph, crashing after every batch (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraries.batches(arbitraries.words({ vocabulary: ['a', 'b', 'c'] }), {
          minBatches: 2,
          maxBatches: 6,
        }),
        async (input) => {
          await laws.checkRecovery({ batchDuration: Seconds(1), input, operation: statefulJob });
        },
      ),
      { numRuns: 8 },
    );
  });

  it('holds for windows sliding every 2 batches and for plain maps, in order', async () => {
    await laws.checkRecovery({
      batchDuration: Seconds(1),
      input: batchesFrom('1 2 | 3 | | 4 5 | 6', Number),
      numBatches: 7,
      // After the odd batches too, which have no output job: they are checkpointed as well
      // (Spark checkpoints every batch, spec §7.1), so recovery does not re-run the one before.
      crashAfter: [1, 2, 3, 4, 5, 6],
      ordered: true,
      operation: (s) =>
        s.window(Seconds(4), Seconds(2)).union(s.map((x) => x * 10).window(Seconds(2), Seconds(2))),
    });
  });

  it('catches a job that keeps a running total in a closure variable', async () => {
    const error = await lawFailure(
      laws.checkRecovery({
        batchDuration: Seconds(1),
        input: batchesFrom('1 | 2 | 3 | 4', Number),
        operation: (s) => {
          let total = 0;
          return s.map((x) => (total += x));
        },
      }),
    );
    // After batch 1 the restarted closure happens to re-run from the start; after batch 2 it cannot.
    expect(error.message).toBe(
      [
        "checkRecovery: with a crash after batch 2 (time 2000 ms), the outputs after recovery differ from the uninterrupted run's (actual: the crashed or recovered run; expected: the uninterrupted one)",
        '3 of 3 batches differ, comparing each batch as a multiset of records:',
        '  batch at 2000 ms:',
        '    expected:   [ 3 ]',
        '    actual:     [ 2 ]',
        '    missing:    3',
        '    unexpected: 2',
        '  batch at 3000 ms:',
        '    expected:   [ 6 ]',
        '    actual:     [ 5 ]',
        '    missing:    6',
        '    unexpected: 5',
        '  batch at 4000 ms:',
        '    expected:   [ 10 ]',
        '    actual:     [ 9 ]',
        '    missing:    10',
        '    unexpected: 9',
        'Input:',
        '  batch 1: [ 1 ]',
        '  batch 2: [ 2 ]',
        '  batch 3: [ 3 ]',
        '  batch 4: [ 4 ]',
        'Recovery rebuilds the graph by calling the setup function again and restores only what the DStream graph keeps (state, windows, input positions). A job that keeps data elsewhere (a variable in a closure, a module-level Map, a counter) loses it or counts batch k twice: keep it in updateStateByKey or mapWithState.',
      ].join('\n'),
    );
  });

  it('catches a job that counts words in a Map outside the setup function', async () => {
    const counts = new Map<string, number>();
    const error = await lawFailure(
      laws.checkRecovery({
        batchDuration: Seconds(1),
        input: batchesFrom('a | a | b'),
        crashAfter: 1,
        operation: (s) =>
          s.map((w) => {
            counts.set(w, (counts.get(w) ?? 0) + 1);
            return [w, counts.get(w)] as const;
          }),
      }),
    );
    // The uninterrupted run already counted: the crashed run starts from its counts.
    expect(error.message).toContain(
      'with a crash after batch 1 (time 1000 ms), the outputs before the crash differ',
    );
    expect(error.message).toContain(
      [
        '  batch at 1000 ms:',
        "    expected:   [ [ 'a', 1 ] ]",
        "    actual:     [ [ 'a', 3 ] ]",
      ].join('\n'),
    );
  });

  it('fails with the CheckpointError of a job that reads a queueStream, which cannot be recovered', async () => {
    const error = await lawFailure(
      laws.checkRecovery({
        batchDuration: Seconds(1),
        input: [[1], [2]],
        operation: (s) => s.union(s.context().queueStream([[9]])),
      }),
    );
    expect(error.message).toBe(
      "checkRecovery: recovering from the checkpoint written after batch 1 failed: CheckpointError: queueStream doesn't support checkpointing. Please don't use queueStream when checkpointing is enabled.",
    );
    expect(error.cause).toBeInstanceOf(CheckpointError);
  });

  it('crashes only after the given batches, and rejects batch numbers outside the run', async () => {
    let created = 0;
    await laws.checkRecovery({
      batchDuration: Seconds(1),
      input: [[1], [2], [3]],
      crashAfter: [2],
      operation: (s) => {
        created++;
        return s;
      },
    });
    // One uninterrupted run, then one crashed run and its recovery.
    expect(created).toBe(3);
    await expect(
      laws.checkRecovery({
        batchDuration: Seconds(1),
        input: [[1], [2]],
        crashAfter: 2,
        operation: (s) => s,
      }),
    ).rejects.toThrow(
      new IllegalArgumentError(
        'Expected `crashAfter` to be batch numbers from 1 to 1 (the run has 2 batches), got 2',
      ),
    );
  });
});
