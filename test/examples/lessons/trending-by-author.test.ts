import { describe, expect, it } from 'vitest';
import { AUTHORS, TWEETS, trendingByAuthor } from '../../examples/stream-static-join.js';
import { Seconds } from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';

describe('examples/stream-static-join', () => {
  it('joins each batch with the static authors RDD, highest count first', async () => {
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: TWEETS,
      operation: (tweets) =>
        trendingByAuthor(tweets, tweets.context().sparkContext.parallelize(AUTHORS)),
    });
    expect(output).toEqual([
      [
        [
          ['ana', 'ES'],
          ['Volcan', 2],
        ],
        [
          ['bob', 'UK'],
          ['Qatar2022', 1],
        ],
      ],
      [
        [
          ['carla', 'IT'],
          ['Qatar2022', 2],
        ],
        [
          ['bob', 'UK'],
          ['Volcan', 1],
        ],
      ],
    ]);
  });

  it('drops authors missing from the static side (inner join)', async () => {
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: [['dave: #Volcan #Volcan']],
      operation: (tweets) =>
        trendingByAuthor(tweets, tweets.context().sparkContext.parallelize(AUTHORS)),
    });
    expect(output).toEqual([[]]);
  });
});
