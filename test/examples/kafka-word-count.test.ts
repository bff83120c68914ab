/**
 * examples/kafka-word-count.ts's command line: Spark's `<groupId> <topics>` (or
 * `<brokers> <groupId> <topics>`), brokers from --brokers or KAFKA_BROKERS, and typed errors.
 * (The job itself runs against the real broker in test/kafka/kafka-word-count.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { wordCountArgs } from '../../examples/kafka-word-count.js';
import { IllegalArgumentError } from '../../src/index.js';

describe('examples/kafka-word-count.ts wordCountArgs', () => {
  beforeEach(() => {
    vi.stubEnv('KAFKA_BROKERS', '');
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('takes the group id and comma-separated topics, brokers from KAFKA_BROKERS', () => {
    vi.stubEnv('KAFKA_BROKERS', 'h1:9092, h2:9092');
    expect(wordCountArgs(['my-group', 'a, b,a'])).toEqual({
      brokers: ['h1:9092', 'h2:9092'],
      groupId: 'my-group',
      topics: ['a', 'b'],
      batches: Infinity,
      manualClock: false,
      createTopics: false,
    });
  });

  it("takes Spark's <brokers> <groupId> <topics> and the options", () => {
    expect(wordCountArgs(['--batches', '3', '--manual-clock', 'b:1,c:2', 'g', 't'])).toEqual({
      brokers: ['b:1', 'c:2'],
      groupId: 'g',
      topics: ['t'],
      batches: 3,
      manualClock: true,
      createTopics: false,
    });
    expect(wordCountArgs(['--brokers', 'b:1', '--create-topics', 'g', 't']).createTopics).toBe(
      true,
    );
  });

  it('rejects a missing group or topic, no brokers and a bad --batches', () => {
    expect(() => wordCountArgs(['--brokers', 'b:1', 'g'])).toThrow(
      new IllegalArgumentError(
        'Usage: kafka-word-count.ts [options] <groupId> <topics>\n' +
          '  <groupId> is a consumer group name to consume from topics\n' +
          '  <topics> is a list of one or more kafka topics to consume from',
      ),
    );
    expect(() => wordCountArgs(['--brokers', 'b:1', 'g', ' , '])).toThrow(
      new IllegalArgumentError(
        'Usage: kafka-word-count.ts [options] <groupId> <topics>: a group id and at least one topic are needed',
      ),
    );
    expect(() => wordCountArgs(['g', 't'])).toThrow(
      new IllegalArgumentError(
        'No Kafka brokers: give --brokers host:port[,host:port...] or set KAFKA_BROKERS',
      ),
    );
    expect(() => wordCountArgs(['--brokers', 'b:1', '--batches', '0', 'g', 't'])).toThrow(
      new IllegalArgumentError('Expected --batches to be a positive integer, got 0'),
    );
  });
});
