import { describe, expect, it } from 'vitest';
import { READINGS, minMaxTemperatures, updateMinMax } from '../../examples/temperatures.js';
import { Seconds } from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';

describe('examples/temperatures', () => {
  it('keeps (last date, min, max) per city, drops a city after a long gap, and keeps state on empty batches', async () => {
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: READINGS,
      numBatches: 4,
      operation: minMaxTemperatures,
    });
    expect(output).toEqual([
      [
        ['Moscow', [20210831, -1, 30]],
        ['Madrid', [20210831, 10, 35]],
      ],
      // Madrid's readings jump 170 ahead: the update returns undefined and the key is removed.
      [['Moscow', [20210930, -1, 30]]],
      // Madrid comes back as a new key (Spark calls the function for it with no state).
      [
        ['Moscow', [20211030, -10, 30]],
        ['Madrid', [20211130, 5, 20]],
      ],
      // No data: the function still runs for every key, which keeps its state.
      [
        ['Moscow', [20211030, -10, 30]],
        ['Madrid', [20211130, 5, 20]],
      ],
    ]);
  });

  it('the update function folds readings and keeps the state when there are none', () => {
    expect(updateMinMax([[[20210101, 3, 9]], [[20210105, 1, 7]]], undefined)).toEqual([
      20210105, 1, 9,
    ]);
    expect(updateMinMax([], [20210101, 3, 9])).toEqual([20210101, 3, 9]);
    expect(updateMinMax([[[20210301, 0, 0]]], [20210101, 3, 9])).toBeUndefined();
  });
});
