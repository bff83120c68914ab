/**
 * Commits after a kill (issue 12, observation 8). The committer used to be a member of the
 * application's consumer group: a killed run left it there until its session timed out (30 s),
 * the next run's committer could not join before that, and its graceful stop waited for the
 * queued commit, about 25 s. Commits are now sent as a standalone consumer's: no member of the
 * application is ever in the group, so a kill leaves nothing behind and the next run's commits go
 * out at once. A group that has active members of another application refuses them with a clear
 * error.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ManualClock, Milliseconds, StreamingContext } from '../../src/index.js';
import { KafkaUtils, offsetRanges } from '../../src/input/kafka/index.js';
import { killChildApps, runChildApp } from '../support/child-app.js';
import { TestTopics } from '../support/kafka-topics.js';

const APP = 'test/kafka/fixtures/windowed-state-job.ts';

describe('commitAsync after a kill', () => {
  const brokers = inject('kafkaBrokers');
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    killChildApps();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('a killed run leaves no member in the group, and the next run commits at once', async () => {
    const topics = await TestTopics.connect(brokers);
    cleanups.push(() => topics.close());
    const topic = await topics.create('commit-after-kill', 2);
    const dir = await mkdtemp(join(tmpdir(), 'dstream-commit-kill-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await topics.produce(topic, [
      Array.from({ length: 200 }, (_, i) => `a${i % 3}`),
      Array.from({ length: 200 }, (_, i) => `b${i % 2}`),
    ]);
    const group = `commit-after-kill-${topic}`;
    const args = [
      ...['--brokers', brokers.join(','), '--topic', topic, '--group', group],
      ...['--checkpoint', join(dir, 'checkpoint'), '--out', join(dir, 'out')],
    ];

    // Killed once commits have gone out (each batch sends the commits queued by the one before).
    const first = await runChildApp(APP, args, {
      progressPrefix: 'batch ',
      kill: { afterLines: 4, percentOfBatch: 50 },
    });
    expect(first.killed).toBe(true);
    const afterKill = await topics.committedOffsets(group, topic);
    expect(afterKill.every((offset) => offset > 0)).toBe(true);
    expect(await topics.groupMembers(group)).toEqual([]);

    const second = await runChildApp(APP, [...args, '--stop-at-end'], { progressPrefix: 'batch ' });
    expect(second.killed).toBe(false);
    const afterStop = await topics.committedOffsets(group, topic);
    for (const [partition, offset] of afterStop.entries()) {
      expect(offset).toBeGreaterThan(afterKill[partition] ?? 0);
    }
    expect(await topics.groupMembers(group)).toEqual([]);
  }, 120_000);

  it('a group with an active member of another application refuses the commit, with a clear error', async () => {
    const topics = await TestTopics.connect(brokers);
    cleanups.push(() => topics.close());
    const topic = await topics.create('commit-busy-group', 1);
    await topics.produce(topic, [['a', 'b', 'c']]);
    const group = `busy-${randomUUID()}`;
    const kafka = new Kafka({ brokers: [...brokers], logLevel: logLevel.NOTHING });
    const other = kafka.consumer({ groupId: group });
    cleanups.push(() => other.disconnect());
    await other.connect();
    await other.subscribe({ topics: [topic] });
    const joined = new Promise<void>((resolve) => {
      other.on(other.events.GROUP_JOIN, () => {
        resolve();
      });
    });
    await other.run({ eachMessage: () => Promise.resolve() });
    await joined;

    const ssc = new StreamingContext({
      batchDuration: Milliseconds(1000),
      clock: new ManualClock(0),
      logger: { warn: () => undefined, error: () => undefined },
    });
    const stream = KafkaUtils.createDirectStream(ssc, {
      topics: [topic],
      kafkaConfig: { brokers: [...brokers] },
      groupId: group,
      startingOffsets: 'earliest',
    });
    let failure: unknown;
    const committed = new Promise<void>((resolve) => {
      stream.foreachRDD((rdd) => {
        stream.commitAsync(offsetRanges(rdd), (_, error) => {
          failure = error;
          resolve();
        });
      });
    });
    ssc.start();
    await ssc.advance(1000);
    await ssc.advance(1000); // sends the commit queued by the first batch
    await committed;
    await ssc.stop();
    expect(String(failure)).toMatch(
      /KafkaError: Committing offsets to group busy-.* failed: .*(member|generation)/i,
    );
    expect(String(failure)).toContain('standalone consumer');
  });
});
