/** Port of Spark's SocketInputDStream and SocketReceiver (streaming/.../dstream/SocketInputDStream.scala). */
import { createConnection, type Socket } from 'node:net';
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
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let afterCR = false;
  for await (const chunk of chunks) {
    const text = pending + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 && afterCR && i === start) {
        // The \n of a \r\n split across chunks (or right after a \r line).
        start = i + 1;
        afterCR = false;
        continue;
      }
      afterCR = false;
      if (c === 10 || c === 13) {
        yield text.slice(start, i);
        if (c === 13) {
          if (i + 1 < text.length && text.charCodeAt(i + 1) === 10) i++;
          else afterCR = i + 1 === text.length;
        }
        start = i + 1;
      }
    }
    pending = text.slice(start);
  }
  pending += decoder.decode();
  if (pending !== '') yield pending;
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
        void this.store(item);
      }
      if (this.#socket === socket) this.restart('Socket data stream had no more data');
    } catch (error) {
      if (this.#socket === socket) this.restart('Error receiving data', error);
    }
  }
}
