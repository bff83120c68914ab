/**
 * examples/socket-word-count: the `nc -lk 9999` word count against a real TCP server on
 * 127.0.0.1 that sends a few lines; the per-batch counts add up to the counts of all the lines.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildSocketWordCount } from '../../examples/socket-word-count.js';
import { type Logger, Milliseconds, StreamingContext } from '../../src/index.js';
import { startServer, type TestServer, waitFor, write } from '../support/tcp.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };

let ssc: StreamingContext | undefined;
let server: TestServer | undefined;

afterEach(async () => {
  await ssc?.stop();
  await server?.close();
});

describe('examples/socket-word-count', () => {
  it('counts the words of the lines the server sends', async () => {
    server = await startServer((socket) => {
      void write(socket, 'to be or not to be\nthat is  the question\n').then(() =>
        write(socket, 'to stream or not to stream\r\n'),
      );
    });
    ssc = new StreamingContext({
      batchDuration: Milliseconds(100),
      blockInterval: Milliseconds(20),
      logger: silent,
    });
    const batches: (readonly [string, number])[][] = [];
    let words = 0;
    buildSocketWordCount(ssc, '127.0.0.1', server.port).foreachRDD((rdd) => {
      const counts = rdd.collect();
      batches.push(counts);
      for (const [, count] of counts) words += count;
    });
    ssc.start();
    await waitFor(() => words >= 16, 'the 16 words');
    // reduceByKey: each word at most once per batch.
    for (const counts of batches) {
      expect(new Set(counts.map(([word]) => word)).size).toBe(counts.length);
    }
    const totals = new Map<string, number>();
    for (const [word, count] of batches.flat()) totals.set(word, (totals.get(word) ?? 0) + count);
    expect(Object.fromEntries([...totals].sort(([a], [b]) => a.localeCompare(b)))).toEqual({
      be: 2,
      is: 1,
      not: 2,
      or: 2,
      question: 1,
      stream: 2,
      that: 1,
      the: 1,
      to: 4,
    });
  });
});
