/**
 * examples/lessons/kafka-tweets.ts (the DStream lecture's Kafka stream and word count) on the real
 * broker, in virtual time: the tweets already in a topic of its own, read from the beginning.
 */
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { main } from '../../examples/lessons/kafka-tweets.js';
import { ManualClock } from '../../src/index.js';
import { TestTopics } from '../support/kafka-topics.js';
import { captureStdout, pprintBlock } from '../support/print-capture.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('lesson kafka-tweets (003, Kafka)', () => {
  it('counts the words of the tweets in the topic, per batch', async () => {
    const brokers = inject('kafkaBrokers');
    const topics = await TestTopics.connect(brokers);
    cleanups.push(() => topics.close());
    const topic = await topics.create('lesson-tweets', 1);
    await topics.produce(topic, [['hola #Volcan', 'adiós #Volcan', 'hola']]);
    const stdout = captureStdout();
    await main(
      ['--brokers', brokers.join(','), '--from-beginning', '--batches', '2', topic],
      () => new ManualClock(Date.parse('2021-11-15T00:29:34Z')),
    );
    expect(stdout.text()).toBe(
      pprintBlock('2021-11-15 00:29:35', "('hola', 2)", "('#Volcan', 2)", "('adiós', 1)") +
        pprintBlock('2021-11-15 00:29:36'),
    );
  });
});
