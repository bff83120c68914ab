/**
 * socketTextStream against real TCP servers on 127.0.0.1 (spec §5.4), on the system clock with
 * short batch, block and restart intervals: lines cut across packets arrive whole; when the server
 * closes the connection the receiver restarts and reconnects (refused while the server is gone)
 * until the server is back; a refused connection only restarts the receiver, the context keeps
 * running. Every wait is a poll bounded by a deadline.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  IllegalArgumentError,
  type Logger,
  Milliseconds,
  type ReceiverInfo,
  StreamingContext,
  bytesToLines,
} from '../../src/index.js';
import { closedPort, startServer, type TestServer, waitFor, write } from '../support/tcp.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };

const contexts: StreamingContext[] = [];
const servers: TestServer[] = [];

afterEach(async () => {
  for (const ssc of contexts.splice(0)) await ssc.stop();
  for (const server of servers.splice(0)) await server.close();
});

function newContext(): StreamingContext {
  const ssc = new StreamingContext({
    batchDuration: Milliseconds(100),
    blockInterval: Milliseconds(20),
    receiverRestartDelay: Milliseconds(50),
    logger: silent,
  });
  contexts.push(ssc);
  return ssc;
}

async function serve(
  onConnection: Parameters<typeof startServer>[0],
  port?: number,
): Promise<TestServer> {
  const server = await startServer(onConnection, port);
  servers.push(server);
  return server;
}

/** Collect every line of `host:port` in arrival order, and the receiver events. */
function receiveLines(
  ssc: StreamingContext,
  port: number,
): {
  lines: string[];
  events: [string, ReceiverInfo][];
  batches: () => number;
} {
  const lines: string[] = [];
  const events: [string, ReceiverInfo][] = [];
  let batches = 0;
  ssc.socketTextStream('127.0.0.1', port).foreachRDD((rdd) => {
    lines.push(...rdd.collect());
  });
  ssc.addStreamingListener({
    onReceiverStarted: ({ receiverInfo }) => events.push(['started', receiverInfo]),
    onReceiverError: ({ receiverInfo }) => events.push(['error', receiverInfo]),
    onReceiverStopped: ({ receiverInfo }) => events.push(['stopped', receiverInfo]),
    onBatchCompleted: () => {
      batches++;
    },
  });
  return { lines, events, batches: () => batches };
}

function stoppedMessages(events: readonly [string, ReceiverInfo][]): string[] {
  return events.filter(([kind]) => kind === 'stopped').map(([, i]) => i.lastErrorMessage);
}

describe('socketTextStream (real TCP, 127.0.0.1)', () => {
  it('delivers lines cut across packets whole, \\r\\n and multi-byte characters included', async () => {
    const cafe = Buffer.from('café crème\r', 'utf8');
    const parts: (string | Buffer)[] = [
      'hello wor',
      'ld\r',
      '\nsecond line\n',
      cafe.subarray(0, 4), // cut inside the two bytes of 'é'
      cafe.subarray(4),
      'third\n',
      'last',
    ];
    const server = await serve((socket, index) => {
      if (index > 0) return; // later connections stay open and silent
      void (async () => {
        for (const part of parts) {
          await write(socket, part);
          await delay(15); // shape the packets: one write per segment
        }
        // The last line has no terminator: it arrives when the server closes the connection.
        socket.end();
      })();
    });
    const ssc = newContext();
    const { lines } = receiveLines(ssc, server.port);
    ssc.start();
    await waitFor(() => lines.length >= 5, 'five lines');
    expect(lines).toEqual(['hello world', 'second line', 'café crème', 'third', 'last']);
  });

  it('restarts when the server closes, reconnects while it is gone, and continues once it is back', async () => {
    const first: TestServer = await serve((socket, index) => {
      if (index > 0) {
        socket.destroy();
        return;
      }
      void write(socket, 'a\nb\n').then(() =>
        socket.end(() => {
          // The server goes away: later connection attempts are refused.
          void first.close();
        }),
      );
    });
    const port = first.port;
    const ssc = newContext();
    const { lines, events } = receiveLines(ssc, port);
    ssc.start();
    const refused = `Restarting receiver with delay 50ms: Error connecting to 127.0.0.1:${port}`;
    await waitFor(() => lines.length >= 2, 'the first server’s lines');
    await waitFor(() => stoppedMessages(events).includes(refused), 'a refused reconnection');
    await serve((socket) => void write(socket, 'c\nd\n'), port);
    await waitFor(() => lines.length >= 4, 'the second server’s lines');
    expect(lines).toEqual(['a', 'b', 'c', 'd']);
    expect(stoppedMessages(events)[0]).toBe(
      'Restarting receiver with delay 50ms: Socket data stream had no more data',
    );
    // Every stop was followed by a start (the last start is the connection that delivered c, d).
    const kinds = events.map(([kind]) => kind);
    expect(kinds[0]).toBe('started');
    expect(kinds.at(-1)).toBe('started');
    expect(kinds.filter((k) => k === 'started')).toHaveLength(
      kinds.filter((k) => k === 'stopped').length + 1,
    );
    expect(ssc.getState()).toBe('ACTIVE');
  });

  it('a refused connection restarts the receiver (a stopped event with the error); the context keeps running', async () => {
    const port = await closedPort();
    const ssc = newContext();
    const { events, batches } = receiveLines(ssc, port);
    ssc.start();
    await waitFor(
      () => stoppedMessages(events).length >= 2 && batches() >= 3,
      'two refused connections and three batches',
    );
    const [kind, stopped] = events[1] ?? [];
    expect(kind).toBe('stopped');
    expect(stopped).toMatchObject({
      streamId: 0,
      name: 'SocketReceiver-0',
      active: false,
      lastErrorMessage: `Restarting receiver with delay 50ms: Error connecting to 127.0.0.1:${port}`,
    });
    expect(stopped?.lastError).toContain('ECONNREFUSED');
    expect(stopped?.lastErrorTime).toBeGreaterThan(0);
    // As in Spark, restarting is not reporting an error: no onReceiverError event.
    expect(events.filter(([k]) => k === 'error')).toEqual([]);
    expect(ssc.getState()).toBe('ACTIVE');
    // Nothing was reported to awaitTermination: it times out (after 0 ms) instead of rejecting.
    await expect(ssc.awaitTerminationOrTimeout(0)).resolves.toBe(false);
  });

  it('a line longer than maxLineLength restarts the receiver with a LineTooLongError; it connects again', async () => {
    const server = await serve((socket, index) => {
      // The first connection sends a line that never ends; the next ones send short lines.
      void write(socket, index === 0 ? `ok\n${'x'.repeat(100)}` : `again ${index}\n`);
    });
    const ssc = newContext();
    const lines: string[] = [];
    const events: [string, ReceiverInfo][] = [];
    ssc.socketTextStream('127.0.0.1', server.port, { maxLineLength: 50 }).foreachRDD((rdd) => {
      lines.push(...rdd.collect());
    });
    ssc.addStreamingListener({
      onReceiverStopped: ({ receiverInfo }) => events.push(['stopped', receiverInfo]),
    });
    ssc.start();
    await waitFor(() => lines.includes('again 1'), 'the line of the second connection');
    expect(lines.slice(0, 2)).toEqual(['ok', 'again 1']);
    const [, stopped] = events[0] ?? [];
    expect(stopped?.lastErrorMessage).toBe(
      'Restarting receiver with delay 50ms: Error receiving data',
    );
    expect(stopped?.lastError).toContain(
      'LineTooLongError: A line is longer than 50 characters (maxLineLength)',
    );
    expect(ssc.getState()).toBe('ACTIVE');
  });

  it('rejects a maxLineLength that is not a positive integer', () => {
    const ssc = newContext();
    for (const maxLineLength of [0, -1, 1.5, Number.NaN]) {
      expect(() => ssc.socketTextStream('127.0.0.1', 9999, { maxLineLength })).toThrow(
        new IllegalArgumentError(
          `maxLineLength must be a positive integer or Infinity, got ${maxLineLength}`,
        ),
      );
    }
  });

  it('rejects a port out of range with Java’s message', () => {
    const ssc = newContext();
    for (const port of [-1, 65536, 70000]) {
      expect(() => ssc.socketTextStream('127.0.0.1', port)).toThrow(
        new IllegalArgumentError(`port out of range:${port}`),
      );
      expect(() => ssc.socketStream('127.0.0.1', port, bytesToLines)).toThrow(
        new IllegalArgumentError(`port out of range:${port}`),
      );
    }
  });
});
