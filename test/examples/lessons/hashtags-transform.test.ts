import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../examples/lessons/hashtags-transform.js';
import { ManualClock } from '../../../src/index.js';
import { captureStdout, pprintBlock } from '../../support/print-capture.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('lesson hashtags-transform (003, transform + sortByKey)', () => {
  it('prints (count, hashtag) pairs, most frequent first, as the lecture’s code computes', async () => {
    const stdout = captureStdout();
    await main([], () => new ManualClock(Date.parse('2021-11-15T00:29:34Z')));
    expect(stdout.text()).toBe(
      pprintBlock('2021-11-15 00:29:35', "(2, 'MorataDimision')", "(1, 'Volcan')") +
        pprintBlock('2021-11-15 00:29:36', "(1, 'MorataDeMiVida')", "(1, 'Qatar2022')"),
    );
  });
});
