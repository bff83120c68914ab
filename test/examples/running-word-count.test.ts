import { describe, expect, it } from 'vitest';
import { LINES, runningWordCount } from '../../examples/running-word-count.js';
import { Seconds } from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';

describe('examples/running-word-count', () => {
  it('emits the running count per occurrence and times idle words out on the checkpoint batch', async () => {
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: LINES,
      numBatches: 11,
      operation: (lines) => runningWordCount(lines, Seconds(3)),
    });
    expect(output).toEqual([
      [
        ['batches', 1, false],
        ['spark', 1, false],
        ['streams', 1, false],
        ['spark', 2, false],
      ],
      [
        ['node', 1, false],
        ['streams', 2, false],
      ],
      [],
      [['spark', 3, false]],
      [],
      [],
      [],
      [],
      [],
      // 10 s is the state's first checkpoint batch: every word idle since before 7 s times out.
      [
        ['batches', 1, true],
        ['node', 1, true],
        ['spark', 3, true],
        ['streams', 2, true],
      ],
      [],
    ]);
  });

  it('stateSnapshots shows every count after each batch, until the words time out', async () => {
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: LINES,
      numBatches: 11,
      operation: (lines) => runningWordCount(lines, Seconds(3)).stateSnapshots(),
    });
    const afterFirst = [
      ['batches', 1],
      ['spark', 2],
      ['streams', 1],
    ];
    const afterSecond = [
      ['batches', 1],
      ['node', 1],
      ['spark', 2],
      ['streams', 2],
    ];
    const afterFourth = [
      ['batches', 1],
      ['node', 1],
      ['spark', 3],
      ['streams', 2],
    ];
    expect(output).toEqual([
      afterFirst,
      afterSecond,
      afterSecond,
      ...Array.from({ length: 6 }, () => afterFourth),
      [],
      [],
    ]);
  });
});
