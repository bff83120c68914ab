/**
 * expectBatches and the vitest matchers: equality by value, ordered or as multisets per batch,
 * batch times when both sides have them, and the exact per-batch report of what differs.
 */
import { describe, expect, it } from 'vitest';
import { IllegalArgumentError, Seconds, Time } from '../../../src/index.js';
import {
  BatchAssertionError,
  batchMatchers,
  batchesFrom,
  expectBatches,
  runStream,
  type StreamRun,
} from '../../../src/testing/index.js';

async function countRun(): Promise<StreamRun<readonly [string, number]>> {
  return runStream({
    batchDuration: Seconds(1),
    input: batchesFrom('a b a | b | c'),
    operation: (s) => s.countByValue(),
  });
}

/** The message `body` throws, which must be a BatchAssertionError. */
function failure(body: () => void): string {
  try {
    body();
  } catch (error) {
    expect(error).toBeInstanceOf(BatchAssertionError);
    return (error as Error).message;
  }
  throw new Error('expected a BatchAssertionError');
}

describe('expectBatches', () => {
  it('passes for equal batches given as a StreamRun, its batches, or record arrays', async () => {
    const run = await countRun();
    const expected = [
      [
        ['b', 1],
        ['a', 2],
      ],
      [['b', 1]],
      [['c', 1]],
    ] as const;
    expectBatches(run).toEqual(expected);
    expectBatches(run.batches).toEqual(expected);
    expectBatches(run.batches.map((b) => b.output)).toEqual(expected);
    expectBatches(run).toEqual(run.batches);
  });

  it('compares records by value: tuples, objects in any key order, dates, maps; 0 and -0 alike', () => {
    const actual = [[{ a: 1, b: [new Date(5), new Map([['k', 1]])] }, -0]];
    expectBatches(actual).toEqual([[{ b: [new Date(5), new Map([['k', 1]])], a: 1 }, 0]]);
    expect(() => {
      expectBatches(actual).toEqual([[{ a: 1, b: [new Date(6), new Map([['k', 1]])] }, 0]]);
    }).toThrow(BatchAssertionError);
  });

  it('reports, per batch, the expected and actual records, the missing and the unexpected', async () => {
    const run = await countRun();
    expect(
      failure(() => {
        expectBatches(run).toEqual(
          [
            [
              ['a', 2],
              ['b', 1],
            ],
            [['b', 2]],
            [['c', 1]],
          ],
          {
            ordered: false,
          },
        );
      }),
    ).toBe(
      [
        '1 of 3 batches differ, comparing each batch as a multiset of records:',
        '  output batch 2 (at 2000 ms):',
        "    expected:   [ [ 'b', 2 ] ]",
        "    actual:     [ [ 'b', 1 ] ]",
        "    missing:    [ 'b', 2 ]",
        "    unexpected: [ 'b', 1 ]",
      ].join('\n'),
    );
  });

  it('ordered (the default): the same records in another order differ, and extra batches are listed', async () => {
    const run = await countRun();
    expect(
      failure(() => {
        expectBatches(run).toEqual([
          [
            ['a', 2],
            ['b', 1],
          ],
          [['b', 1]],
        ]);
      }),
    ).toBe(
      [
        '2 of 3 batches differ (expected 2 output batches, got 3), comparing records in order:',
        '  output batch 1 (at 1000 ms):',
        "    expected:   [ [ 'a', 2 ], [ 'b', 1 ] ]",
        "    actual:     [ [ 'b', 1 ], [ 'a', 2 ] ]",
        '    (the same records in another order)',
        "  output batch 3 (at 3000 ms): unexpected (no output expected): [ [ 'c', 1 ] ]",
      ].join('\n'),
    );
    // Unordered, the first batch is fine; only the count differs.
    expect(
      failure(() => {
        expectBatches(run).toEqual(
          [
            [
              ['a', 2],
              ['b', 1],
            ],
            [['b', 1]],
            [['c', 1]],
            [['d', 1]],
          ],
          {
            ordered: false,
          },
        );
      }),
    ).toBe(
      [
        '1 of 4 batches differ (expected 4 output batches, got 3), comparing each batch as a multiset of records:',
        "  output batch 4: missing (no output there): [ [ 'd', 1 ] ]",
      ].join('\n'),
    );
  });

  it('matches batches by time when both sides have times', async () => {
    const run = await countRun();
    expect(
      failure(() => {
        expectBatches(run).toEqual([
          {
            time: new Time(1000),
            output: [
              ['b', 1],
              ['a', 2],
            ],
          },
          { time: new Time(3000), output: [['b', 1]] },
          { time: new Time(4000), output: [['c', 1]] },
        ]);
      }),
    ).toBe(
      [
        '3 of 4 batches differ, comparing records in order:',
        "  batch at 2000 ms: unexpected (no output expected): [ [ 'b', 1 ] ]",
        '  batch at 3000 ms:',
        "    expected:   [ [ 'b', 1 ] ]",
        "    actual:     [ [ 'c', 1 ] ]",
        "    missing:    [ 'b', 1 ]",
        "    unexpected: [ 'c', 1 ]",
        "  batch at 4000 ms: missing (no output there): [ [ 'c', 1 ] ]",
      ].join('\n'),
    );
  });

  it('describes at most 8 differing batches and counts the rest', () => {
    const actual = Array.from({ length: 12 }, (_, i) => [i]);
    const expected = Array.from({ length: 12 }, (_, i) => [i + 100]);
    const message = failure(() => {
      expectBatches(actual).toEqual(expected);
    });
    expect(message.split('\n')[0]).toBe('12 of 12 batches differ, comparing records in order:');
    expect(message).toContain('  output batch 8:\n');
    expect(message).not.toContain('  output batch 9:\n');
    expect(message.endsWith('  ... and 4 more differing batches')).toBe(true);
  });

  it('rejects something that is not batches', () => {
    expect(() => {
      expectBatches([1, 2] as never).toEqual([]);
    }).toThrow(
      new IllegalArgumentError(
        'Expected the actual batches as a StreamRun, an array of { time, output } or an array of record arrays, got object',
      ),
    );
  });
});

describe('vitest matchers (expect.extend(batchMatchers) in vitest.setup.ts)', () => {
  it('toEqualBatches and toEqualBatchesUnordered pass and fail like expectBatches', async () => {
    const run = await countRun();
    expect(run).toEqualBatches([
      [
        ['b', 1],
        ['a', 2],
      ],
      [['b', 1]],
      [['c', 1]],
    ]);
    expect(run).toEqualBatchesUnordered([
      [
        ['a', 2],
        ['b', 1],
      ],
      [['b', 1]],
      [['c', 1]],
    ]);
    expect(run).not.toEqualBatches([
      [
        ['a', 2],
        ['b', 1],
      ],
      [['b', 1]],
      [['c', 1]],
    ]);
    expect(() => {
      expect(run.batches).toEqualBatchesUnordered([
        [
          ['a', 2],
          ['b', 1],
        ],
        [],
        [['c', 1]],
      ]);
    }).toThrow(
      [
        '1 of 3 batches differ, comparing each batch as a multiset of records:',
        '  output batch 2 (at 2000 ms):',
        '    expected:   []',
        "    actual:     [ [ 'b', 1 ] ]",
        "    unexpected: [ 'b', 1 ]",
      ].join('\n'),
    );
  });

  it('say what is wrong with a value that is not batches, and with .not', () => {
    expect(batchMatchers.toEqualBatches('nope', []).pass).toBe(false);
    expect(batchMatchers.toEqualBatches('nope', []).message()).toBe(
      'Expected a StreamRun, an array of { time, output } or an array of record arrays',
    );
    const equal = batchMatchers.toEqualBatchesUnordered([['b', 'a']], [['a', 'b']]);
    expect(equal.pass).toBe(true);
    expect(equal.message()).toBe('Expected the batches to differ, but they are equal');
  });
});
