/**
 * The README's quick start: a word count over `queueStream`, printed every second.
 *
 * Run it: `npx tsx examples/queue-word-count.ts`
 */
import { Seconds, StreamingContext } from 'dstream-ts';

const ssc = new StreamingContext(Seconds(1));
const lines = ssc.queueStream([['to be or not to be'], ['that is the question']]);

lines
  .flatMap((line) => line.split(' '))
  .mapToPair((word) => [word, 1])
  .reduceByKey((a, b) => a + b)
  .pprint();

ssc.start();
await ssc.awaitTerminationOrTimeout(3500);
await ssc.stop();
