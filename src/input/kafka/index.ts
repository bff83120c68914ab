/**
 * The Kafka direct stream, a port of Spark's spark-streaming-kafka-0-10: `KafkaUtils`, the
 * location and consumer strategies, offset ranges and the Kafka errors. Needs the `kafkajs`
 * package (an optional peer dependency: `npm install kafkajs`).
 *
 * @module dstream-ts/kafka
 */
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
  FetchedRecords,
  KafkaConsumerPort,
  KafkaHeaders,
  PartitionOffsets,
  TopicPartition,
  TopicPartitionOffset,
} from './kafka-consumer-port.js';
export { KafkajsConsumer, type KafkajsConsumerOptions } from './kafkajs-consumer.js';
export { OffsetRange, offsetRanges } from './offset-range.js';
export { RecordColumns } from './record-columns.js';
