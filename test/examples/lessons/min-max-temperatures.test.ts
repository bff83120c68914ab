import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  main,
  store_min_max_temperatures,
} from '../../../examples/lessons/min-max-temperatures.js';
import { ManualClock } from '../../../src/index.js';
import { captureStdout, pprintBlock } from '../../support/print-capture.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('lesson min-max-temperatures (003, updateStateByKey)', () => {
  it("keeps Madrid with the lecture's threshold of 200, and the state through an empty batch", async () => {
    const stdout = captureStdout();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await main([], () => new ManualClock(Date.parse('2021-12-15T00:29:34Z')));
    expect(stdout.text()).toBe(
      pprintBlock(
        '2021-12-15 00:29:35',
        "('Moscow', (20210831, -1, 30))",
        "('Madrid', (20210831, 10, 35))",
      ) +
        // The lecture drops Madrid here; its gap is 170, under the threshold.
        pprintBlock(
          '2021-12-15 00:29:36',
          "('Moscow', (20210930, -1, 30))",
          "('Madrid', (20211001, 10, 35))",
        ) +
        pprintBlock(
          '2021-12-15 00:29:37',
          "('Moscow', (20211030, -10, 30))",
          "('Madrid', (20211130, 5, 35))",
        ) +
        pprintBlock(
          '2021-12-15 00:29:38',
          "('Moscow', (20211030, -10, 30))",
          "('Madrid', (20211130, 5, 35))",
        ),
    );
  });

  it('drops a city whose readings jump 200 or more past its state, and keeps a new one', () => {
    expect(store_min_max_temperatures([[[20210101, 3, 9]], [[20210105, 1, 7]]], undefined)).toEqual(
      [20210105, 1, 9],
    );
    expect(store_min_max_temperatures([], [20210101, 3, 9])).toEqual([20210101, 3, 9]);
    expect(store_min_max_temperatures([[[20210300, 0, 10]]], [20210101, 3, 9])).toEqual([
      20210300, 0, 10,
    ]);
    expect(store_min_max_temperatures([[[20210301, 0, 0]]], [20210101, 3, 9])).toBeUndefined();
  });
});
