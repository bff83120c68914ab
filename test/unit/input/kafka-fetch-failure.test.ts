// A batch whose records cannot be fetched is dropped by the scheduler (its error reaches
// awaitTermination): its offset ranges go back to the stream, so the next batch reads them and no
// record is skipped. An in-memory KafkaConsumerPort fails the fetch on demand; the real broker's
// outages are tested in test/kafka/broker-restart.test.ts.
import { describe, expect, it } from 'vitest';
import { offsetRanges } from '../../../src/input/kafka/index.js';
import { InMemoryTopic, inMemoryStream } from '../../support/in-memory-kafka.js';

describe('DirectKafkaInputDStream.prepareBatch', () => {
  it('gives the ranges of a batch it could not fetch back to the next batch', async () => {
    const port = new InMemoryTopic();
    const { ssc, stream } = inMemoryStream(port);
    const batches: [number, number[], string[]][] = [];
    stream.foreachRDD((rdd, time) => {
      const range = offsetRanges(rdd)[0];
      batches.push([
        time.milliseconds,
        [range?.fromOffset ?? -1, range?.untilOffset ?? -1],
        rdd.collect().map((record) => record.value?.toString() ?? ''),
      ]);
    });
    const failure = ssc.awaitTermination().then(
      () => 'stopped',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    ssc.start();
    port.values.push('a', 'b');
    await ssc.advance(1000);
    port.values.push('c', 'd');
    port.failures = 1;
    await ssc.advance(1000); // [2, 4) cannot be fetched: the batch at 2000 is dropped
    port.values.push('e');
    await ssc.advance(1000); // reads [2, 5)
    await ssc.stop();
    expect(await failure).toBe('fetch of [2, 4) failed');
    expect(batches).toEqual([
      [1000, [0, 2], ['a', 'b']],
      [3000, [2, 5], ['c', 'd', 'e']],
    ]);
  });
});
