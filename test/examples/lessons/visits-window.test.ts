import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../examples/lessons/visits-window.js';
import { ManualClock } from '../../../src/index.js';
import { captureStdout, pprintBlock } from '../../support/print-capture.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const block = (second: number, web: number, social: number, store: number): string =>
  pprintBlock(
    `2021-11-14 10:00:${second}`,
    `('Web', ${web})`,
    `('social_media', ${social})`,
    `('Store', ${store})`,
  );

describe('lesson visits-window (003, reduceByKeyAndWindow)', () => {
  it("prints the lecture's 3-second window, the 2-second window its output shows, and the slide-2 run", async () => {
    const stdout = captureStdout();
    await main([], () => new ManualClock(Date.parse('2021-11-14T10:00:53Z')));
    expect(stdout.text()).toBe(
      "# Window 3 s (the lecture's code)\n" +
        block(54, 4, 1, 4) +
        block(55, 9, 4, 7) +
        block(56, 11, 5, 8) +
        block(57, 7, 4, 4) +
        block(58, 2, 1, 1) +
        // The lecture's printed blocks, key order aside: a 2-second window.
        "# Window 2 s (the lecture's printed output)\n" +
        block(54, 4, 1, 4) +
        block(55, 9, 4, 7) +
        block(56, 7, 4, 4) +
        block(57, 2, 1, 1) +
        pprintBlock('2021-11-14 10:00:58') +
        // Spark computes a slide-2 window only at zeroTime + 2k s.
        "# Window 3 s, slide 2 s (the lecture's code)\n" +
        block(55, 9, 4, 7) +
        block(57, 7, 4, 4) +
        pprintBlock('2021-11-14 10:00:59'),
    );
  });
});
