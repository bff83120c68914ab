/**
 * What `nc -lk 9999` does in the lessons, in-process: a TCP server on 127.0.0.1 that sends the
 * lines it is given to every connected client, so a socket lesson runs without a terminal.
 */
import { createServer, type Socket } from 'node:net';

/** A running line server. */
export interface LineServer {
  readonly port: number;
  /** Resolve when the next client connects (call it before starting the context that connects). */
  nextClient(): Promise<void>;
  /** Send `lines` (each ended by `\n`, all in one write) to every client; resolve once written. */
  send(lines: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Listen on `127.0.0.1:port` (0: a free port). */
export async function startLineServer(port = 0): Promise<LineServer> {
  const clients = new Set<Socket>();
  let waiting: (() => void)[] = [];
  const server = createServer((socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    // A client that goes away (its context stopped) must not fail the lesson.
    socket.on('error', () => undefined);
    for (const resolve of waiting) resolve();
    waiting = [];
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return {
    port: bound,
    nextClient: () => new Promise((resolve) => waiting.push(resolve)),
    send: async (lines) => {
      if (lines.length === 0) return;
      const text = lines.map((line) => `${line}\n`).join('');
      await Promise.all(
        [...clients].map(
          (socket) =>
            new Promise<void>((resolve) => {
              socket.write(text, () => {
                resolve();
              });
            }),
        ),
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of clients) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
