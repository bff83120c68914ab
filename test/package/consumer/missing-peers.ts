// An install without uplot and without kafkajs (the optional peer): the root entry works; the
// web view and the Kafka entry fail with errors that say what to install.
import { Seconds, StreamingContext } from 'dstream-ts';

const ssc = new StreamingContext(Seconds(1));
ssc
  .queueStream([[1, 2, 3]])
  .count()
  .pprint();
await ssc.ui({ port: 0 }).catch((error: unknown) => {
  console.log((error as Error).message);
});
await import('dstream-ts/kafka').catch((error: unknown) => {
  console.log((error as Error).message);
});
await ssc.stop();
