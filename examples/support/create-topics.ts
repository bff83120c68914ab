/**
 * Create the Kafka topics an example reads, as the lessons do with `kafka-topics.sh --create`: the
 * project's broker (scripts/kafka) does not create a topic on first use, and the direct stream
 * fails on an unknown topic. Not an example itself.
 */
import { Kafka, logLevel } from 'kafkajs';

/**
 * Create those of `topics` that the cluster does not have yet, with the broker's default number
 * of partitions, and wait for their leaders. Returns the topics it created.
 */
export async function createTopicsIfMissing(
  brokers: readonly string[],
  topics: readonly string[],
): Promise<string[]> {
  const kafka = new Kafka({
    clientId: 'dstream-examples',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic })),
        waitForLeaders: true,
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
