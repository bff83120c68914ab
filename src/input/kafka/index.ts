// The Kafka direct stream (`KafkaUtils.createDirectStream`) lands here; see the Kafka issue.
// This entry exists so the package's "./kafka" export resolves; it exports nothing yet.
export {};
