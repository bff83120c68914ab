/**
 * What a Kafka-to-PostgreSQL test owns: a topic of its own on the real broker, a PostgreSQL schema
 * of its own and temp directories, all removed by `cleanUp()` (call it from afterEach too, so a
 * failed test leaves nothing behind). Parallel runs never share any of them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestTopics } from './kafka-topics.js';
import { DATABASE_URL, newTestSchema, type TestSchema } from './postgres-schema.js';

export class SinkFixture {
  readonly topics: TestTopics;
  readonly topic: string;
  readonly schema: TestSchema;
  readonly #cleanups: (() => Promise<void>)[];

  private constructor(
    topics: TestTopics,
    topic: string,
    schema: TestSchema,
    cleanups: (() => Promise<void>)[],
  ) {
    this.topics = topics;
    this.topic = topic;
    this.schema = schema;
    this.#cleanups = cleanups;
  }

  /** A topic `<name>-<uuid>` with `partitions` partitions and a schema `<name>_<random>`. */
  static async create(
    brokers: readonly string[],
    name: string,
    partitions: number,
  ): Promise<SinkFixture> {
    const cleanups: (() => Promise<void>)[] = [];
    const topics = await TestTopics.connect(brokers);
    cleanups.push(() => topics.close());
    const schema = await newTestSchema(name.replaceAll('-', '_'));
    cleanups.push(() => schema.drop());
    const topic = await topics.create(name, partitions);
    return new SinkFixture(topics, topic, schema, cleanups);
  }

  /**
   * The command-line options of the exactly-once examples (examples/support/kafka-job.ts)
   * for this fixture: brokers, database, schema, rate cap, virtual time; then the topic.
   */
  jobArgs(brokers: readonly string[], maxRatePerPartition: number): string[] {
    return [
      '--brokers',
      brokers.join(','),
      '--database-url',
      DATABASE_URL,
      '--schema',
      this.schema.name,
      '--max-rate',
      String(maxRatePerPartition),
      '--manual-clock',
      this.topic,
    ];
  }

  /** A fresh temp directory, removed by `cleanUp()`. */
  async tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'dstream-kafka-sink-'));
    this.#cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  /** Run `cleanup` at `cleanUp()`, before what was registered earlier. */
  defer(cleanup: () => Promise<void>): void {
    this.#cleanups.push(cleanup);
  }

  /** Undo everything, newest first; safe to call twice. */
  async cleanUp(): Promise<void> {
    for (const cleanup of this.#cleanups.splice(0).reverse()) await cleanup();
  }
}
