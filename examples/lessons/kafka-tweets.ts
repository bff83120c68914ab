/**
 * Lesson 003 (the DStream lecture), "DStream — Kafka": a direct stream over the topic `tweets`, and
 * the words of each one-second batch of tweets counted, the lecture's word count.
 *
 * Run it, with a broker (`export KAFKA_BROKERS=$(node scripts/kafka/start.mjs)`):
 *
 *   npm run lesson -- kafka-tweets --create-topic
 *
 * then type tweets into the topic:
 *
 *   java -Dlog4j.configuration=file:scripts/kafka/log4j.properties -cp 'scripts/kafka/lib/*' \
 *     kafka.tools.ConsoleProducer --bootstrap-server $KAFKA_BROKERS --topic tweets
 *
 * Each second prints the counts of the words typed during it. Command line: `[options] [topic]`
 * (default topic `tweets`); `--brokers host:port[,...]` (default: $KAFKA_BROKERS),
 * `--create-topic`, `--from-beginning` (read what the topic already holds: `auto.offset.reset`
 * `earliest`), `--batches n` (stop after n batches; default: until Ctrl-C).
 *
 * The lecture's call is PySpark's old Kafka 0.8 API, `KafkaUtils.createDirectStream(ssc, [topic],
 * {"metadata.broker.list": kafka_broker})`, gone since Spark 3. Spark's current one, which this
 * library ports, takes a location strategy and a consumer strategy:
 * `createDirectStream(ssc, PreferConsistent, Subscribe([topic], kafkaParams))`, where the broker
 * list is `bootstrap.servers` and a consumer group is required. As the 0.8 stream did by default,
 * it starts from the topic's latest offsets; the records are Kafka's `ConsumerRecord`s, whose
 * `value` is the tweet's bytes (PySpark's 0.8 stream gave `(key, value)` string pairs).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Seconds, type DStream, type Pair } from 'dstream-ts';
import {
  ConsumerStrategies,
  KafkaUtils,
  LocationStrategies,
  type ConsumerRecord,
} from 'dstream-ts/kafka';
import { createTopicsIfMissing } from '../support/create-topics.js';
import { JobProgress, kafkaBrokers, positiveInteger, runJob } from '../support/kafka-job.js';
import { lessonContext, type ClockSource } from './support/lesson-clock.js';

/** The lecture's word count over the tweets' text. */
export function wordCount(
  tweetsKafkaStream: DStream<ConsumerRecord>,
): DStream<Pair<string, number>> {
  return tweetsKafkaStream
    .map((record) => record.value?.toString('utf8') ?? '')
    .flatMap((tweet) => tweet.split(' ').filter((word) => word !== ''))
    .map((word): Pair<string, number> => [word, 1])
    .reduceByKey((a, b) => a + b);
}

/** Run the lesson with `args` (see the header). */
export async function main(
  args: readonly string[] = process.argv.slice(2),
  clocks?: ClockSource,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      brokers: { type: 'string' },
      'create-topic': { type: 'boolean', default: false },
      'from-beginning': { type: 'boolean', default: false },
      batches: { type: 'string' },
    },
    allowPositionals: true,
  });
  const brokers = kafkaBrokers(values.brokers);
  const kafka_broker = brokers.join(',');
  const kafka_topic_input = positionals[0] ?? 'tweets';
  if (values['create-topic']) await createTopicsIfMissing(brokers, [kafka_topic_input]);

  const ssc = lessonContext(Seconds(1), clocks, 'Kafka tweets');
  const tweetsKafkaStream = KafkaUtils.createDirectStream(
    ssc,
    LocationStrategies.PreferConsistent,
    ConsumerStrategies.Subscribe([kafka_topic_input], {
      'bootstrap.servers': kafka_broker,
      'group.id': 'lesson-kafka-tweets',
      'auto.offset.reset': values['from-beginning'] ? 'earliest' : 'latest',
    }),
  );
  wordCount(tweetsKafkaStream).pprint();

  const progress = new JobProgress({
    batches: values.batches === undefined ? Infinity : positiveInteger('batches', values.batches),
    stopWhenCaughtUp: false,
  });
  tweetsKafkaStream.foreachRDD((rdd, time) => {
    progress.batchCompleted(time.milliseconds, rdd.count());
  });
  await runJob(ssc, progress);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
