// A batch's Kafka ranges are read when its job runs (as Spark's KafkaRDD reads in its tasks). A
// read that fails fails the job: the error reaches awaitTermination, later batches go on from
// where the failed one ended, and the failed batch stays pending, so a context recovered from the
// checkpoint re-runs it with the same ranges. A failure while a batch's ranges are being decided
// takes nothing. An in-memory KafkaConsumerPort fails on demand; the real broker's outages are
// tested in test/kafka/broker-restart.test.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StreamingContext, type DStream } from '../../../src/index.js';
import { offsetRanges, type ConsumerRecord } from '../../../src/input/kafka/index.js';
import { InMemoryTopic, inMemoryStream, SILENT } from '../../support/in-memory-kafka.js';

type Batch = [number, number[], string[]];

function record(stream: DStream<ConsumerRecord>, batches: Batch[]): void {
  stream.foreachRDD((rdd, time) => {
    const range = offsetRanges(rdd)[0];
    batches.push([
      time.milliseconds,
      [range?.fromOffset ?? -1, range?.untilOffset ?? -1],
      rdd.collect().map((r) => r.value?.toString() ?? ''),
    ]);
  });
}

function failureOf(ssc: StreamingContext): Promise<string> {
  return ssc.awaitTermination().then(
    () => 'stopped',
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}

describe('DirectKafkaInputDStream, reads that fail', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('fails the job of a batch whose ranges cannot be read; recovery re-runs it with the same ranges', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-read-failure-'));
    dirs.push(dir);
    const port = new InMemoryTopic();
    const batches: Batch[] = [];
    const create = (): StreamingContext => {
      const { ssc, stream } = inMemoryStream(port, dir);
      record(stream, batches);
      return ssc;
    };
    const ssc = create();
    const failure = failureOf(ssc);
    ssc.start();
    port.values.push('a', 'b');
    await ssc.advance(1000);
    port.values.push('c', 'd');
    port.failures = 1;
    await ssc.advance(1000); // [2, 4) cannot be read: the job of 2000 fails
    port.values.push('e');
    await ssc.advance(1000); // later batches go on: [4, 5)
    await ssc.stop();
    expect(await failure).toBe('fetch of [2, 4) failed');
    expect(batches).toEqual([
      [1000, [0, 2], ['a', 'b']],
      [3000, [4, 5], ['e']],
    ]);

    batches.length = 0;
    const recovered = await StreamingContext.getOrCreate(dir, create, { logger: SILENT });
    recovered.start();
    await recovered.advance(0);
    await recovered.stop();
    // The pending batch of 2000 is re-run with its ranges, then 3000 (the checkpoint's time).
    expect(batches).toEqual([
      [2000, [2, 4], ['c', 'd']],
      [3000, [4, 5], ['e']],
    ]);
  });

  it('takes nothing for a batch whose ranges could not be decided', async () => {
    const port = new InMemoryTopic();
    const { ssc, stream } = inMemoryStream(port);
    const batches: Batch[] = [];
    record(stream, batches);
    const failure = failureOf(ssc);
    ssc.start();
    port.values.push('a', 'b');
    await ssc.advance(1000);
    port.values.push('c');
    port.boundsFailures = 1;
    await ssc.advance(1000); // the offsets cannot be read: no batch at 2000
    port.values.push('d');
    await ssc.advance(1000);
    await ssc.stop();
    expect(await failure).toBe('offsets unavailable');
    expect(batches).toEqual([
      [1000, [0, 2], ['a', 'b']],
      [3000, [2, 4], ['c', 'd']],
    ]);
  });

  it('gives back the ranges of a batch whose jobs could not be generated', async () => {
    const port = new InMemoryTopic();
    const { ssc, stream } = inMemoryStream(port);
    const batches: Batch[] = [];
    let failAt = 2000;
    const checked = stream.transform((rdd, time) => {
      if (time.milliseconds === failAt) {
        failAt = -1;
        throw new Error('transform failed');
      }
      return rdd;
    });
    record(checked, batches);
    const failure = failureOf(ssc);
    ssc.start();
    port.values.push('a', 'b');
    await ssc.advance(1000);
    port.values.push('c');
    await ssc.advance(1000); // generation fails: the ranges decided for 2000 go back
    port.values.push('d');
    await ssc.advance(1000);
    await ssc.stop();
    expect(await failure).toBe('transform failed');
    expect(batches).toEqual([
      [1000, [0, 2], ['a', 'b']],
      [3000, [2, 4], ['c', 'd']],
    ]);
  });
});
