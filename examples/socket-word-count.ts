/**
 * The lessons' network word count (Spark's `NetworkWordCount`): count the words of the lines
 * typed into a TCP server, per one-second batch.
 *
 * Run it: start a server with `nc -lk 9999`, then `npx tsx examples/socket-word-count.ts localhost 9999`
 * and type lines into `nc`. Each second prints the counts of the words typed during it. If the
 * server is not there (yet), the receiver retries every two seconds.
 */
import { fileURLToPath } from 'node:url';
import { Seconds, StreamingContext, type DStream, type Pair } from 'dstream-ts';

/** Count the space-separated words of each batch of lines. */
export function socketWordCount(lines: DStream<string>): DStream<Pair<string, number>> {
  return lines
    .flatMap((line) => line.split(' '))
    .filter((word) => word !== '')
    .mapToPair((word): Pair<string, number> => [word, 1])
    .reduceByKey((a, b) => a + b);
}

/** Build the application on `ssc`: the word counts of the lines read from `host:port`. */
export function buildSocketWordCount(
  ssc: StreamingContext,
  host: string,
  port: number,
): DStream<Pair<string, number>> {
  return socketWordCount(ssc.socketTextStream(host, port));
}

async function main(): Promise<void> {
  const [host = 'localhost', port = '9999'] = process.argv.slice(2);
  const ssc = new StreamingContext(Seconds(1));
  buildSocketWordCount(ssc, host, Number(port)).pprint();
  ssc.start();
  // Runs until interrupted (Ctrl-C), as Spark's example does.
  await ssc.awaitTermination();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
