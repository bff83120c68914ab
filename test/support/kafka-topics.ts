/**
 * Topics of their own for Kafka tests on the real broker: random names, records produced to
 * explicit partitions with the offsets the broker gave them, end offsets, committed group offsets,
 * and deletion at the end.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';

/** A record as produced: where the broker put it and its value. */
export interface ProducedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly value: string;
}

export class TestTopics {
  readonly #admin: Admin;
  readonly #producer: Producer;
  readonly #topics: string[] = [];

  private constructor(admin: Admin, producer: Producer) {
    this.#admin = admin;
    this.#producer = producer;
  }

  static async connect(brokers: readonly string[]): Promise<TestTopics> {
    const kafka = new Kafka({
      clientId: 'dstream-test',
      brokers: [...brokers],
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer();
    await producer.connect();
    return new TestTopics(admin, producer);
  }

  /** Create a topic named `<prefix>-<uuid>` with `partitions` partitions. */
  async create(prefix: string, partitions: number): Promise<string> {
    const topic = `${prefix}-${randomUUID()}`;
    this.#topics.push(topic);
    await this.#admin.createTopics({
      topics: [{ topic, numPartitions: partitions }],
      waitForLeaders: true,
    });
    return topic;
  }

  /** Send `values[p]` to partition p (in order, acks from all replicas); returns their offsets. */
  async produce(topic: string, values: readonly (readonly string[])[]): Promise<ProducedRecord[]> {
    const messages = values.flatMap((partitionValues, partition) =>
      partitionValues.map((value) => ({ partition, value })),
    );
    const metadata = await this.#producer.send({ topic, acks: -1, messages });
    return metadata.flatMap(({ partition, baseOffset }) =>
      (values[partition] ?? []).map((value, i) => ({
        topic,
        partition,
        offset: Number(baseOffset) + i,
        value,
      })),
    );
  }

  /** Each partition's end offset (the next offset to be written), by partition. */
  async endOffsets(topic: string): Promise<number[]> {
    const offsets = await this.#admin.fetchTopicOffsets(topic);
    return offsets.sort((a, b) => a.partition - b.partition).map((o) => Number(o.high));
  }

  /**
   * Commit `offsets[p]` for partition p of `topic` in consumer group `groupId`, as a consumer of
   * the group would (the group must have no active member).
   */
  async commitOffsets(groupId: string, topic: string, offsets: readonly number[]): Promise<void> {
    await this.#admin.setOffsets({
      groupId,
      topic,
      partitions: offsets.map((offset, partition) => ({ partition, offset: String(offset) })),
    });
  }

  /** The offsets group `groupId` committed for `topic`, by partition (-1: none). */
  async committedOffsets(groupId: string, topic: string): Promise<number[]> {
    const [committed] = await this.#admin.fetchOffsets({ groupId, topics: [topic] });
    return (committed?.partitions ?? [])
      .sort((a, b) => a.partition - b.partition)
      .map((p) => Number(p.offset));
  }

  /** The ids of the members consumer group `groupId` has now (stale ones included). */
  async groupMembers(groupId: string): Promise<string[]> {
    const { groups } = await this.#admin.describeGroups([groupId]);
    return (groups[0]?.members ?? []).map((member) => member.memberId).sort();
  }

  /** Whether the cluster has `topic`. */
  async exists(topic: string): Promise<boolean> {
    return (await this.#admin.listTopics()).includes(topic);
  }

  /** Delete `topic` too at `close()` (a topic the code under test created). */
  adopt(topic: string): void {
    this.#topics.push(topic);
  }

  /** Delete the topics created or adopted here and disconnect. */
  async close(): Promise<void> {
    await this.#producer.disconnect().catch(() => undefined);
    await this.#admin
      .deleteTopics({ topics: this.#topics, timeout: 10_000 })
      .catch(() => undefined);
    await this.#admin.disconnect().catch(() => undefined);
  }
}
