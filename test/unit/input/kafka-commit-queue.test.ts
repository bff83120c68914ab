// commitAsync's queue (Spark's CanCommitOffsets): offsets go out at the next batch's generation,
// one commit at a time, later ranges merging while one is in flight. A real broker cannot hold a
// commit open on demand, so this test uses an in-memory KafkaConsumerPort whose commits the test
// completes by hand; the real broker's commits are tested in test/kafka/direct-stream.test.ts.
import { describe, expect, it } from 'vitest';
import { offsetRanges } from '../../../src/input/kafka/index.js';
import { InMemoryTopic, inMemoryStream } from '../../support/in-memory-kafka.js';

describe('commitAsync queue', () => {
  it('sends at the next generation, one commit in flight, merged ranges after it', async () => {
    const port = new InMemoryTopic();
    port.holdCommits = true;
    const { ssc, stream } = inMemoryStream(port);
    const callbacks: [number[], unknown][] = [];
    stream.foreachRDD((rdd) => {
      stream.commitAsync(offsetRanges(rdd), (offsets, error) =>
        callbacks.push([offsets.map((o) => o.offset), error]),
      );
    });
    ssc.start();
    const batch = async (): Promise<void> => {
      for (let i = 0; i < 10; i++) port.values.push(`v${port.values.length}`);
      await ssc.advance(1000);
    };
    await batch(); // reads [0, 10): queued
    expect(port.commits).toEqual([]);
    await batch(); // generation sends 10; it stays in flight
    await batch(); // 20 waits
    await batch(); // 30 waits, merged: only the largest offset is kept
    expect(port.commits).toEqual([[10]]);
    expect(callbacks).toEqual([]);
    port.releaseCommit();
    await batch(); // the first generation after the commit finished sends 40
    expect(callbacks).toEqual([[[10], undefined]]);
    expect(port.commits).toEqual([[10], [40]]);
    port.releaseCommit();
    await ssc.stop(); // waits for the commit in flight
    expect(callbacks).toEqual([
      [[10], undefined],
      [[40], undefined],
    ]);
  });
});
