/** Port of Spark's SocketInputDStream and SocketReceiver (streaming/.../dstream/SocketInputDStream.scala). */
import { createConnection, type Socket } from 'node:net';
import { LineSplitter } from './line-splitter.js';
import { Receiver } from './receiver/receiver.js';

/** Turns the bytes of a connection into records (Spark's `InputStream => Iterator[T]`). */
export type SocketConverter<T> = (chunks: AsyncIterable<Buffer>) => AsyncIterable<T>;

/**
 * The longest line `socketTextStream` and {@link bytesToLines} accept by default: 64 Mi
 * characters (a sender that never ends its lines must not take the whole heap).
 *
 * @example
 * ```ts
 * ssc.socketTextStream('localhost', 9999, { maxLineLength: DEFAULT_MAX_LINE_LENGTH / 64 });
 * ```
 */
export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024 * 1024;

/**
 * Options of {@link bytesToLines} and `socketTextStream`.
 *
 * @example
 * ```ts
 * const options: LineOptions = { maxLineLength: 1024 * 1024 };
 * ssc.socketTextStream('localhost', 9999, options);
 * ```
 */
export interface LineOptions {
  /**
   * The longest line accepted, in characters (UTF-16 code units), terminator excluded (default
   * {@link DEFAULT_MAX_LINE_LENGTH}). A longer line ends the connection with a
   * {@link LineTooLongError}: the socket receiver restarts and connects again after the restart
   * delay, as Spark's does after any read error. Lines stored before it are kept; the long line
   * and the rest of that connection's data are not read.
   */
  readonly maxLineLength?: number;
}

/**
 * Spark's `bytesToLines`: UTF-8 lines, ended by `\n`, `\r` or `\r\n` (Java's `readLine`), the
 * terminator dropped; a last line without terminator is emitted at the end of the stream. The
 * work is linear in the bytes read, however long the lines are.
 *
 * Differs from Spark: a line longer than `maxLineLength` (64 Mi characters by default) throws
 * {@link LineTooLongError} where Spark's reader would grow until the heap runs out.
 *
 * @throws {@link LineTooLongError} from the iteration when a line is longer than `maxLineLength`.
 * @example
 * ```ts
 * ssc.socketStream('127.0.0.1', 9999, bytesToLines);
 * ssc.socketStream('127.0.0.1', 9999, (chunks) => bytesToLines(chunks, { maxLineLength: 4096 }));
 * ```
 */
export async function* bytesToLines(
  chunks: AsyncIterable<Buffer>,
  options: LineOptions = {},
): AsyncGenerator<string> {
  const splitter = new LineSplitter({
    maxLineLength: options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH,
  });
  const lines: string[] = [];
  try {
    for await (const chunk of chunks) {
      splitter.push(chunk, lines);
      yield* lines;
      lines.length = 0;
    }
    splitter.end(lines);
  } catch (error) {
    // After a too-long line, the lines its chunk completed before it still count.
    yield* lines;
    throw error;
  }
  yield* lines;
}

/**
 * A receiver that connects to `host:port` as a TCP client and stores what `converter` makes of the
 * bytes. A refused connection, an error or the server closing the connection restarts it after
 * the restart delay (forever, as Spark's), each reported to the listeners.
 *
 * Flow control: each stored item's promise resolves once its block is stored, and items stored
 * together share one promise. The receiver reads on while at most `receiverBlockQueueSize` such
 * promises are pending; beyond that it waits for the oldest before it reads more, so the socket
 * is no longer read, the kernel's buffers fill and TCP flow control holds the sender back.
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
    const onStoreFailed = (error: unknown): void => {
      if (this.#socket === socket) this.restart('Error receiving data', error);
    };
    // The distinct store promises not yet awaited, oldest first (one per block's worth of items).
    const waiting: Promise<void>[] = [];
    const limit = this.blockQueueSize;
    try {
      for await (const item of this.#converter(socket)) {
        if (this.#socket !== socket) return;
        const stored = this.store(item);
        if (stored === waiting[waiting.length - 1]) continue;
        // Failing to store restarts, as in Spark; the catch also keeps the rejection handled.
        stored.catch(onStoreFailed);
        waiting.push(stored);
        // Items held back (rate limit, a slow write-ahead log): stop reading until one is stored.
        if (waiting.length > limit) await (waiting.shift() as Promise<void>).catch(() => undefined);
      }
      if (this.#socket === socket) this.restart('Socket data stream had no more data');
    } catch (error) {
      if (this.#socket === socket) this.restart('Error receiving data', error);
    }
  }
}
