import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUTHORS, main } from '../../../examples/lessons/trending-by-author.js';
import { ManualClock } from '../../../src/index.js';
import { captureStdout, pprintBlock } from '../../support/print-capture.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A joined row as pprint prints it. */
function row(author: string, hashtag: string, counter: number): string {
  const a = AUTHORS.find((x) => x.tweet_author === author);
  return (
    `{'author': '${author}', 'hashtag': '${hashtag}', 'counter': ${counter}, ` +
    `'tweet_author': '${author}', 'name': '${a?.name ?? ''}', 'country': '${a?.country ?? ''}'}`
  );
}

describe('lesson trending-by-author (003, join with static data in transform)', () => {
  it('joins each batch with the authors, highest count first, at most 10 rows', async () => {
    const stdout = captureStdout();
    await main([], () => new ManualClock(Date.parse('2021-11-15T00:29:34Z')));
    expect(stdout.text()).toBe(
      // 12 joined rows, cut to 10 (so no "..."); zoe is not an author.
      pprintBlock(
        '2021-11-15 00:29:35',
        row('ana', 'Volcan', 2),
        row('carla', 'Qatar2022', 2),
        row('dan', 'WorldCup', 2),
        row('ana', 'LaPalma', 1),
        row('ana', 'MorataDimision', 1),
        row('bob', 'Qatar2022', 1),
        row('bob', 'Volcan', 1),
        row('bob', 'Brexit', 1),
        row('carla', 'Azzurri', 1),
        row('carla', 'Volcan', 1),
      ) + pprintBlock('2021-11-15 00:29:36', row('carla', 'Qatar2022', 2), row('bob', 'Volcan', 1)),
    );
  });
});
