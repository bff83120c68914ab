// When a batch's Kafka ranges are read: the library's own per-batch operations only build RDDs, so
// the ranges are read just before the job that computes them (after the batch's earlier jobs);
// a user's transform function may compute its RDDs, so its parents' ranges are read when the
// batch is generated (a documented difference from Spark, which reads only if the function runs
// an action). A first output over a queue stream marks where the batch's jobs begin.
import { describe, expect, it } from 'vitest';
import type { DStream } from '../../../src/index.js';
import type { ConsumerRecord } from '../../../src/input/kafka/index.js';
import { InMemoryTopic, inMemoryStream } from '../../support/in-memory-kafka.js';

class LoggingTopic extends InMemoryTopic {
  readonly log: string[] = [];
  override fetch(
    topic: string,
    partition: number,
    from: number,
    until: number,
  ): Promise<ConsumerRecord[]> {
    this.log.push(`read [${from}, ${until})`);
    return super.fetch(topic, partition, from, until);
  }
}

type Operation = (stream: DStream<ConsumerRecord>) => DStream<unknown>;

async function readOrder(operation: Operation): Promise<string[]> {
  const port = new LoggingTopic();
  const { ssc, stream } = inMemoryStream(port);
  ssc.queueStream([[1]]).foreachRDD(() => {
    port.log.push('first job');
  });
  operation(stream).foreachRDD((rdd) => {
    port.log.push(`second job: ${rdd.count()} records`);
  });
  ssc.start();
  port.values.push('a', 'b');
  await ssc.advance(1000);
  await ssc.stop();
  return port.log;
}

const pairs = (stream: DStream<ConsumerRecord>) =>
  stream.map((r): [string, number] => [r.value?.toString() ?? '', 1]);

describe('DirectKafkaInputDStream, when ranges are read', () => {
  it.each<[string, Operation]>([
    ['map', (s) => s.map((r) => r.offset)],
    ['repartition', (s) => s.repartition(3)],
    ['mapPartitionsWithIndex', (s) => s.mapPartitionsWithIndex((_index, items) => items)],
    ['partitionBy', (s) => pairs(s).partitionBy(2)],
    ['partitionBy with a function', (s) => pairs(s).partitionBy(2, (key) => key.length)],
    ['join', (s) => pairs(s).join(pairs(s))],
    ['count', (s) => s.count()],
  ])('%s reads the ranges just before the job that needs them', async (_, operation) => {
    expect(await readOrder(operation)).toEqual([
      'first job',
      'read [0, 2)',
      expect.stringMatching(/^second job: \d+ records$/),
    ]);
  });

  it.each<[string, Operation]>([
    ['transform', (s) => s.transform((rdd) => rdd.sortBy((r) => r.offset))],
    ['transformWith', (s) => s.transformWith(s, (a, b) => a.union(b))],
  ])("%s reads its parents' ranges when the batch is generated", async (_, operation) => {
    expect(await readOrder(operation)).toEqual([
      'read [0, 2)',
      'first job',
      expect.stringMatching(/^second job: \d+ records$/),
    ]);
  });
});
