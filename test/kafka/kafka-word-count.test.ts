/**
 * examples/kafka-word-count.ts (Spark's DirectKafkaWordCount) on the real broker, in virtual time:
 * the exact pprint blocks of its 2-second batches, which start at the latest offsets; and its
 * command line run as a child process, which starts at the group's committed offsets and creates
 * the topics it lacks.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { buildDirectKafkaWordCount } from '../../examples/kafka-word-count.js';
import { ManualClock, Seconds, StreamingContext } from '../../src/index.js';
import { killChildApps, runChildApp } from '../support/child-app.js';
import { TestTopics } from '../support/kafka-topics.js';
import { captureStdout, pprintBlock } from '../support/print-capture.js';
import { silent } from './kafka-fixture.js';

/**
 * The pprint lines of the counts of 'to be or not to be' and 'that is the question': reduceByKey's
 * partition 0 (words whose Java hash code is even), then partition 1, each in first-seen order.
 */
const TO_BE_COUNTS = [
  "('is', 1)",
  "('question', 1)",
  "('to', 2)",
  "('be', 2)",
  "('or', 1)",
  "('not', 1)",
  "('that', 1)",
  "('the', 1)",
];

describe('examples/kafka-word-count.ts', () => {
  const brokers = inject('kafkaBrokers');
  let topics: TestTopics | undefined;
  let ssc: StreamingContext | undefined;
  let stdout: ReturnType<typeof captureStdout> | undefined;

  afterEach(async () => {
    stdout?.restore();
    await ssc?.stop();
    killChildApps();
    await topics?.close();
  });

  it('prints the word counts of each 2-second batch, from the latest offsets', async () => {
    topics = await TestTopics.connect(brokers);
    const topic = await topics.create('word-count', 2);
    await topics.produce(topic, [['sent before the start'], []]);
    ssc = new StreamingContext({
      batchDuration: Seconds(2),
      clock: new ManualClock(),
      logger: silent,
    });
    stdout = captureStdout();
    buildDirectKafkaWordCount(ssc, {
      brokers,
      groupId: `word-count-${randomUUID()}`,
      topics: [topic],
    });
    ssc.start();
    await ssc.advance(Seconds(2));
    await topics.produce(topic, [['to be or not to be'], ['that is  the question']]);
    await ssc.advance(Seconds(2));
    await topics.produce(topic, [[], ['to stream or not']]);
    await ssc.advance(Seconds(2));
    const printed = stdout.text();
    stdout.restore();

    expect(printed).toBe(
      pprintBlock('1970-01-01 00:00:02') +
        pprintBlock('1970-01-01 00:00:04', ...TO_BE_COUNTS) +
        pprintBlock('1970-01-01 00:00:06', "('stream', 1)", "('to', 1)", "('or', 1)", "('not', 1)"),
    );
  });

  it('runs from the command line: group offsets, comma-separated topics, --batches', async () => {
    topics = await TestTopics.connect(brokers);
    const committed = await topics.create('word-count-committed', 2);
    const uncommitted = await topics.create('word-count-uncommitted', 1);
    const missing = `word-count-missing-${randomUUID()}`;
    topics.adopt(missing);
    await topics.produce(committed, [['skipped', 'to be or not to be'], ['that is the question']]);
    await topics.produce(uncommitted, [['before the start']]);
    const groupId = `word-count-${randomUUID()}`;
    // Partition 0 resumes after its first record, partition 1 at its start; the uncommitted
    // topic starts at its latest offset, as Spark's example does.
    await topics.commitOffsets(groupId, committed, [1, 0]);

    const run = await runChildApp(
      'examples/kafka-word-count.ts',
      [
        '--brokers',
        brokers.join(','),
        '--manual-clock',
        '--batches',
        '2',
        '--create-topics',
        groupId,
        `${committed},${uncommitted},${missing}`,
      ],
      { progressPrefix: 'Time:' },
    );

    expect(run.lines.map((line) => `${line}\n`).join('')).toBe(
      pprintBlock('1970-01-01 00:00:02', ...TO_BE_COUNTS) + pprintBlock('1970-01-01 00:00:04'),
    );
    expect(await topics.exists(missing)).toBe(true);
  });
});
