// `dstream-ts/kafka`: the Kafka direct stream (port of Spark's spark-streaming-kafka-0-10).
export {
  DirectKafkaStream,
  KafkaUtils,
  type DirectKafkaPosition,
  type DirectStreamOptions,
  type OffsetCommitCallback,
  type PerPartitionConfig,
  type StartingOffsets,
} from './direct-kafka-input-dstream.js';
export {
  ConsumerStrategies,
  LocationStrategies,
  type ConsumerStrategy,
  type KafkaParams,
  type LocationStrategy,
} from './consumer-strategies.js';
export {
  KafkaConnectionError,
  KafkaError,
  NoOffsetForPartitionError,
  OffsetOutOfRangeError,
  UnknownTopicOrPartitionError,
} from './kafka-errors.js';
export type {
  ConsumerRecord,
  KafkaConsumerPort,
  KafkaHeaders,
  PartitionOffsets,
  TopicPartition,
  TopicPartitionOffset,
} from './kafka-consumer-port.js';
export { KafkajsConsumer, type KafkajsConsumerOptions } from './kafkajs-consumer.js';
export { OffsetRange, offsetRanges } from './offset-range.js';
