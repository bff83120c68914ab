// Both documented forms of the Kafka direct stream, as a user writes them (type-checked only: no
// broker is contacted, nothing runs).
import { Seconds, StreamingContext } from 'dstream-ts';
import {
  ConsumerStrategies,
  KafkaUtils,
  LocationStrategies,
  offsetRanges,
  type DirectKafkaStream,
} from 'dstream-ts/kafka';

export function pipelines(brokers: string[]): DirectKafkaStream[] {
  const ssc = new StreamingContext(Seconds(1));
  const topics = ['logins'];
  const options = KafkaUtils.createDirectStream(ssc, {
    topics,
    kafkaConfig: { brokers },
    groupId: 'login-job',
    startingOffsets: 'earliest',
  });
  const kafkaParams = {
    'bootstrap.servers': brokers.join(','),
    'group.id': 'login-job',
    'auto.offset.reset': 'earliest',
  };
  const spark = KafkaUtils.createDirectStream(
    ssc,
    LocationStrategies.PreferConsistent,
    ConsumerStrategies.Subscribe(topics, kafkaParams),
  );
  spark.foreachRDD((rdd) => {
    spark.commitAsync(offsetRanges(rdd));
  });
  options.map((record) => record.value?.toString() ?? '').pprint();
  return [options, spark];
}
