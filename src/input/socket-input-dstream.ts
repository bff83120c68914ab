/** Port of Spark's SocketInputDStream and SocketReceiver (streaming/.../dstream/SocketInputDStream.scala). */
import { createConnection, type Socket } from 'node:net';
import { LineSplitter } from './line-splitter.js';
import { Receiver } from './receiver/receiver.js';

/** Turns the bytes of a connection into records (Spark's `InputStream => Iterator[T]`). */
export type SocketConverter<T> = (chunks: AsyncIterable<Buffer>) => AsyncIterable<T>;

/**
 * Spark's `bytesToLines`: UTF-8 lines, ended by `\n`, `\r` or `\r\n` (Java's `readLine`), the
 * terminator dropped; a last line without terminator is emitted at the end of the stream.
 *
 * @example
 * ```ts
 * ssc.socketStream('127.0.0.1', 9999, bytesToLines);
 * ```
 */
export async function* bytesToLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const splitter = new LineSplitter();
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}

/**
 * A receiver that connects to `host:port` as a TCP client and stores what `converter` makes of the
 * bytes. A refused connection, an error or the server closing the connection restarts it after
 * the restart delay (forever, as Spark's), each reported to the listeners.
 */
export class SocketReceiver<T> extends Receiver<T> {
  readonly #host: string;
  readonly #port: number;
  readonly #converter: SocketConverter<T>;
  #socket: Socket | undefined;

  constructor(host: string, port: number, converter: SocketConverter<T>) {
    super();
    this.#host = host;
    this.#port = port;
    this.#converter = converter;
  }

  onStart(): void {
    const socket = createConnection({ host: this.#host, port: this.#port });
    this.#socket = socket;
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      void this.#receive(socket);
    });
    socket.once('error', (error) => {
      if (connected || this.#socket !== socket) return;
      this.restart(`Error connecting to ${this.#host}:${this.#port}`, error);
    });
  }

  onStop(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.destroy();
  }

  async #receive(socket: Socket): Promise<void> {
    try {
      for await (const item of this.#converter(socket)) {
        if (this.#socket !== socket) return;
        // Not awaited (an item waits for its block); failing to store restarts, as in Spark.
        this.store(item).catch((error: unknown) => {
          if (this.#socket === socket) this.restart('Error receiving data', error);
        });
      }
      if (this.#socket === socket) this.restart('Socket data stream had no more data');
    } catch (error) {
      if (this.#socket === socket) this.restart('Error receiving data', error);
    }
  }
}
