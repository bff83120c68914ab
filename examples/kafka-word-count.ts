/**
 * Extra packages: `npm install kafkajs` in your own project (devDependencies here).
 *
 * Spark's DirectKafkaWordCount (examples/.../streaming/DirectKafkaWordCount.scala): count the words
 * of the messages of one or more Kafka topics, per 2-second batch, with Spark's own API form,
 * `createDirectStream(ssc, PreferConsistent, Subscribe(topics, kafkaParams))`.
 *
 * Run it, with a broker (`export KAFKA_BROKERS=$(node scripts/kafka/start.mjs)`):
 *
 *   npx tsx examples/kafka-word-count.ts --create-topics my-group words
 *
 * and type lines into a console producer in another terminal (the broker's own jars):
 *
 *   java -Dlog4j.configuration=file:scripts/kafka/log4j.properties -cp 'scripts/kafka/lib/*' \
 *     kafka.tools.ConsoleProducer --bootstrap-server $KAFKA_BROKERS --topic words
 *
 * Every 2 seconds it prints the batch's counts with `pprint` (PySpark's rendering, `('to', 2)`).
 * As in Spark's example, `auto.offset.reset` is left at Kafka's default, `latest`, and no offset
 * is committed: a new run counts the messages sent while it runs, from where the group's committed
 * offsets say if it has any. Ctrl-C (SIGINT) or SIGTERM stops it gracefully: the batches already
 * due finish first.
 *
 * Command line: `[options] <groupId> <topics>`, topics comma-separated, as Spark's example takes
 * them; Spark's `<brokers> <groupId> <topics>` works too. Options: `--brokers host:port[,...]`
 * (default: $KAFKA_BROKERS); `--create-topics` (create the topics that do not exist yet: the
 * project's broker does not create them on first use); `--batches n` (stop after n batches);
 * `--manual-clock` (virtual time, batches back to back: the test uses it).
 *
 * Differs from Spark's example: empty strings between consecutive spaces are not counted as words
 * (Java's `split(" ")` keeps them), and a message with a null value has no words (Spark's would
 * fail the job with a NullPointerException).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  IllegalArgumentError,
  ManualClock,
  Seconds,
  StreamingContext,
  type Pair,
} from 'dstream-ts';
import {
  ConsumerStrategies,
  KafkaUtils,
  LocationStrategies,
  type DirectKafkaStream,
  type KafkaParams,
} from 'dstream-ts/kafka';
import { createTopicsIfMissing } from './support/create-topics.js';
import {
  JOB_OPTIONS,
  JobProgress,
  kafkaBrokers,
  positiveInteger,
  runJob,
} from './support/kafka-job.js';

const USAGE = 'Usage: kafka-word-count.ts [options] <groupId> <topics>';

/** What {@link buildDirectKafkaWordCount} reads: Spark's `<brokers> <groupId> <topics>`. */
export interface WordCountSource {
  readonly brokers: readonly string[];
  /** The consumer group (Spark's `group.id`); committed offsets of it are where reading starts. */
  readonly groupId: string;
  readonly topics: readonly string[];
}

/** The parsed command line. */
export interface WordCountArgs extends WordCountSource {
  /** Stop after this many batches (Infinity: until stopped). */
  readonly batches: number;
  readonly manualClock: boolean;
  readonly createTopics: boolean;
}

/** Parse the command line (`process.argv.slice(2)`); bad input throws an IllegalArgumentError. */
export function wordCountArgs(argv: readonly string[]): WordCountArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      brokers: JOB_OPTIONS.brokers,
      batches: JOB_OPTIONS.batches,
      'manual-clock': JOB_OPTIONS['manual-clock'],
      'create-topics': { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  // Spark's example takes the brokers first; here they may come from --brokers or KAFKA_BROKERS.
  const sparkForm = positionals.length === 3;
  const [groupId, topicList] = sparkForm ? positionals.slice(1) : positionals;
  if (positionals.length < 2 || positionals.length > 3 || groupId === undefined) {
    throw new IllegalArgumentError(
      `${USAGE}\n  <groupId> is a consumer group name to consume from topics\n  <topics> is a list of one or more kafka topics to consume from`,
    );
  }
  // Spark's example makes a set of them.
  const topics = [
    ...new Set(
      (topicList ?? '')
        .split(',')
        .map((topic) => topic.trim())
        .filter((topic) => topic !== ''),
    ),
  ];
  if (groupId === '' || topics.length === 0) {
    throw new IllegalArgumentError(`${USAGE}: a group id and at least one topic are needed`);
  }
  return {
    brokers: kafkaBrokers(sparkForm ? positionals[0] : values.brokers),
    groupId,
    topics,
    batches: values.batches === undefined ? Infinity : positiveInteger('batches', values.batches),
    manualClock: values['manual-clock'],
    createTopics: values['create-topics'],
  };
}

/**
 * Build the job on `ssc`: the direct stream of `source`, its words counted per batch and printed
 * with `pprint`. Returns the Kafka stream (to follow its batches).
 */
export function buildDirectKafkaWordCount(
  ssc: StreamingContext,
  source: WordCountSource,
): DirectKafkaStream {
  const kafkaParams: KafkaParams = {
    'bootstrap.servers': source.brokers.join(','),
    'group.id': source.groupId,
  };
  const messages = KafkaUtils.createDirectStream(
    ssc,
    LocationStrategies.PreferConsistent,
    ConsumerStrategies.Subscribe(source.topics, kafkaParams),
  );
  // Kafka's StringDeserializer: values are UTF-8 text.
  const lines = messages.map((record) => record.value?.toString('utf8') ?? '');
  const words = lines.flatMap((line) => line.split(' ').filter((word) => word !== ''));
  const wordCounts = words
    .mapToPair((word): Pair<string, number> => [word, 1])
    .reduceByKey((a, b) => a + b);
  wordCounts.pprint();
  return messages;
}

async function main(): Promise<void> {
  const args = wordCountArgs(process.argv.slice(2));
  if (args.createTopics) await createTopicsIfMissing(args.brokers, args.topics);
  const ssc = new StreamingContext({
    batchDuration: Seconds(2),
    appName: 'DirectKafkaWordCount',
    ...(args.manualClock ? { clock: new ManualClock() } : {}),
  });
  const messages = buildDirectKafkaWordCount(ssc, args);
  const progress = new JobProgress({ batches: args.batches, stopWhenCaughtUp: false });
  messages.foreachRDD((rdd, time) => {
    progress.batchCompleted(time.milliseconds, rdd.count());
  });
  await runJob(ssc, progress);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
