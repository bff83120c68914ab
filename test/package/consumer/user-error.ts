// A job whose user function throws: the error that awaitTermination() rejects with is the user's,
// and its stack starts in the user's code.
import { ManualClock, Seconds, StreamingContext } from 'dstream-ts';

function parseRecord(line: string): number {
  throw new Error(`cannot parse ${line}`);
}

const clock = new ManualClock();
const ssc = new StreamingContext({
  batchDuration: Seconds(1),
  clock,
  logger: { warn: () => undefined, error: () => undefined },
});
ssc
  .queueStream([['x']])
  .map(parseRecord)
  .foreachRDD((rdd) => {
    rdd.collect();
  });
ssc.start();
await clock.advance(Seconds(1));
try {
  await ssc.awaitTerminationOrTimeout(0);
} catch (error) {
  console.log((error as Error).stack);
}
await ssc.stop();
