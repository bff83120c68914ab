import { afterEach, describe, expect, it, vi } from 'vitest';
import { TWEETS, trendingHashtags } from '../../examples/hashtags.js';
import { ManualClock, Seconds, StreamingContext } from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';
import { captureStdout, pprintBlock } from '../support/print-capture.js';

describe('examples/hashtags', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('counts hashtags per batch, most frequent first', async () => {
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: TWEETS,
      operation: trendingHashtags,
    });
    expect(output).toEqual([
      [
        [2, 'MorataDimision'],
        [1, 'Volcan'],
      ],
      [
        [1, 'MorataDeMiVida'],
        [1, 'Qatar2022'],
      ],
      [[2, 'Qatar2022']],
    ]);
  });

  it('prints the blocks PySpark prints (count first, as the lecture code computes)', async () => {
    const stdout = captureStdout();
    const clock = new ManualClock();
    const ssc = new StreamingContext({ batchDuration: Seconds(1), clock });
    trendingHashtags(ssc.queueStream(TWEETS)).pprint();
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(stdout.text()).toBe(
      pprintBlock('1970-01-01 00:00:01', "(2, 'MorataDimision')", "(1, 'Volcan')") +
        pprintBlock('1970-01-01 00:00:02', "(1, 'MorataDeMiVida')", "(1, 'Qatar2022')"),
    );
  });
});
