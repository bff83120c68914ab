import { get, type IncomingMessage } from 'node:http';

/** One Server-Sent Event: its name and its data parsed as JSON. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: unknown;
}

/**
 * A client of a Server-Sent Events stream (what a browser's EventSource does): `next()` resolves
 * with each event in order, as it arrives.
 */
export class SseClient {
  readonly #events: ServerSentEvent[] = [];
  readonly #waiting: ((event: ServerSentEvent | undefined) => void)[] = [];
  #response: IncomingMessage | undefined;
  #ended = false;

  static async connect(url: string): Promise<SseClient> {
    const client = new SseClient();
    client.#response = await new Promise<IncomingMessage>((resolve, reject) => {
      get(url, resolve).on('error', reject);
    });
    let buffer = '';
    client.#response.setEncoding('utf8');
    client.#response.on('data', (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        client.#receive(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    });
    client.#response.on('end', () => {
      client.#ended = true;
      for (const resolve of client.#waiting.splice(0)) resolve(undefined);
    });
    return client;
  }

  get contentType(): string | undefined {
    return this.#response?.headers['content-type'];
  }

  /** The next event, or `undefined` once the stream has ended. */
  next(): Promise<ServerSentEvent | undefined> {
    const event = this.#events.shift();
    if (event !== undefined || this.#ended) return Promise.resolve(event);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Skip events until one satisfies `accept`; `undefined` if the stream ends first. */
  async until(accept: (event: ServerSentEvent) => boolean): Promise<ServerSentEvent | undefined> {
    for (;;) {
      const event = await this.next();
      if (event === undefined || accept(event)) return event;
    }
  }

  close(): void {
    this.#response?.destroy();
  }

  #receive(block: string): void {
    let name = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) name = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    const event = { event: name, data: JSON.parse(data.join('\n')) as unknown };
    const waiting = this.#waiting.shift();
    if (waiting === undefined) this.#events.push(event);
    else waiting(event);
  }
}
