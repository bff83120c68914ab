/**
 * Real TCP servers on 127.0.0.1 for the socket tests, and a deadline-bounded wait: tests poll for
 * a condition instead of sleeping a fixed time.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** A listening server that remembers its open connections so `close()` can end them all. */
export interface TestServer {
  readonly port: number;
  readonly connections: Set<Socket>;
  /** Connections accepted so far. */
  readonly accepted: () => number;
  close(): Promise<void>;
}

/** Listen on 127.0.0.1 (`port` 0: a random free port); `onConnection` gets each accepted socket. */
export async function startServer(
  onConnection: (socket: Socket, index: number) => void,
  port = 0,
): Promise<TestServer> {
  const connections = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    // A client that goes away mid-write must not fail the test process.
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    onConnection(socket, accepted++);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    connections,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of connections) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = await startServer(() => undefined);
  await server.close();
  return server.port;
}

/** Write `data` and resolve once it was handed to the kernel. */
export function write(socket: Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(data, (error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

/**
 * Poll `condition` every few milliseconds until it holds; fail with `what` after `timeoutMs`.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(10);
  }
}
