/**
 * The live web view's HTTP server on 127.0.0.1: the page, its scripts, uPlot from node_modules,
 * the JSON of {@link StreamingUIModel}, a Server-Sent Events stream of its changes and the step
 * mode's controls. It answers only requests whose `Host` is allowed (see `host-check.ts`), and
 * grants no CORS: another site's page can neither read the view nor drive it.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DStreamError } from '../errors.js';
import { isAllowedHost, type AllowedHosts } from './host-check.js';
import type { StepControl } from './step-control.js';
import type { StreamingUIModel } from './ui-model.js';

/** How often changes are pushed to open pages: batches that run faster are sent together. */
const PUSH_INTERVAL_MS = 250;

const STATIC_DIR = fileURLToPath(new URL('static/', import.meta.url));
// Resolved when this module loads, which is when `ssc.ui()` is first called (it imports the view
// lazily), so programs that never open the view do not need uPlot or the page's files.
const UPLOT_DIR = uplotDir();

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** The files the page is made of: URL path → file. Nothing else is served from disk. */
const FILES: ReadonlyMap<string, string> = new Map([
  ['/', join(STATIC_DIR, 'index.html')],
  ['/app.js', join(STATIC_DIR, 'app.js')],
  ['/charts.js', join(STATIC_DIR, 'charts.js')],
  ['/graph.js', join(STATIC_DIR, 'graph.js')],
  ['/format.js', join(STATIC_DIR, 'format.js')],
  ['/timeline.js', join(STATIC_DIR, 'timeline.js')],
  ['/details.js', join(STATIC_DIR, 'details.js')],
  ['/app.css', join(STATIC_DIR, 'app.css')],
  ['/vendor/uPlot.esm.js', join(UPLOT_DIR, 'uPlot.esm.js')],
  ['/vendor/uPlot.min.css', join(UPLOT_DIR, 'uPlot.min.css')],
]);

/** Serves one model; {@link listen} binds it, {@link close} ends every connection. */
export class UIServer {
  readonly #model: StreamingUIModel;
  readonly #step: StepControl;
  readonly #allowedHosts: AllowedHosts;
  readonly #server: Server;
  readonly #followers = new Set<ServerResponse>();
  #pushTimer: NodeJS.Timeout | undefined;

  constructor(model: StreamingUIModel, step: StepControl, allowedHosts: AllowedHosts) {
    this.#model = model;
    this.#step = step;
    this.#allowedHosts = allowedHosts;
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendText(response, 500, String(error));
        else response.destroy();
      });
    });
  }

  /** Bind to `127.0.0.1:port` (0: a free port); resolve with the port, reject with the OS error. */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const failed = (error: Error): void => {
        this.#server.off('listening', listening);
        reject(error);
      };
      const listening = (): void => {
        this.#server.off('error', failed);
        const address = this.#server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      };
      this.#server.once('error', failed);
      this.#server.once('listening', listening);
      // Differs from Spark: Spark's WebUI binds to 0.0.0.0 (or SPARK_LOCAL_IP); this view shows
      // users' records and can step the batches, so it listens on loopback only.
      this.#server.listen(port, '127.0.0.1');
    });
  }

  /** Push what is pending, end the event streams and stop listening. */
  async close(): Promise<void> {
    this.#push();
    for (const response of this.#followers) response.end();
    this.#followers.clear();
    this.#model.follow(undefined);
    await new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
      this.#server.closeAllConnections();
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host;
    if (!isAllowedHost(host, this.#allowedHosts)) {
      sendText(
        response,
        403,
        `Blocked request. This host (${host ?? 'none'}) is not allowed. To allow it, add it to ` +
          'ssc.ui({ allowedHosts }).',
      );
      return;
    }
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (request.method === 'POST' && CONTROLS.has(path)) {
      await this.#control(request, response, path);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendText(response, 405, 'Only GET and HEAD are supported (and POST to the step controls)');
      return;
    }
    const file = FILES.get(path);
    if (file !== undefined) {
      const type = CONTENT_TYPES[file.slice(file.lastIndexOf('.') + 1)] ?? 'text/plain';
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
      response.end(body);
      return;
    }
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (path === '/api/events') {
      if (request.method === 'GET') this.#follow(response);
      else response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' }).end();
      return;
    }
    const body = this.#api(path);
    if (body === undefined) sendText(response, 404, `Not found: ${path}`);
    else sendJson(response, body);
  }

  /**
   * The step mode's controls. The page posts JSON: a form of another site cannot (its content
   * types are not JSON), and a script of another site would need a CORS preflight, never granted.
   * An `Origin`, when sent, must be an allowed host as well.
   */
  async #control(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const origin = request.headers.origin;
    const contentType = request.headers['content-type'] ?? '';
    if (
      !contentType.startsWith('application/json') ||
      (origin !== undefined && !isAllowedHost(originHost(origin), this.#allowedHosts))
    ) {
      sendText(response, 403, 'Blocked request: the step controls take JSON from the view only.');
      return;
    }
    request.resume();
    try {
      if (path === '/api/step') {
        const batchTime = await this.#step.step();
        sendJson(response, { batchTime });
        return;
      }
      if (path === '/api/pause') this.#step.pause();
      else this.#step.resume();
      this.#model.stepChanged();
      sendJson(response, this.#step.json);
    } catch (error) {
      sendText(response, 409, error instanceof Error ? error.message : String(error));
    }
  }

  /** The JSON API: `undefined` for an unknown path or batch. */
  #api(path: string): unknown {
    const model = this.#model;
    switch (path) {
      case '/api/app':
        return model.app;
      case '/api/graph':
        return model.graph;
      case '/api/batches':
        return model.batches;
    }
    const match = /^\/api\/batches\/(\d+)$/.exec(path);
    return match === null ? undefined : model.batch(Number(match[1]));
  }

  /** Open an event stream: everything now (`snapshot`), then the changes as they happen. */
  #follow(response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    const model = this.#model;
    const snapshot = { app: model.app, graph: model.graph, batches: model.batches };
    response.write(event('snapshot', snapshot));
    if (this.#followers.size === 0) {
      model.follow(() => {
        this.#schedulePush();
      });
    }
    this.#followers.add(response);
    response.on('close', () => {
      this.#followers.delete(response);
      if (this.#followers.size === 0) {
        model.follow(undefined);
        clearTimeout(this.#pushTimer);
        this.#pushTimer = undefined;
      }
    });
  }

  #schedulePush(): void {
    if (this.#pushTimer !== undefined) return;
    this.#pushTimer = setTimeout(() => {
      this.#pushTimer = undefined;
      this.#push();
    }, PUSH_INTERVAL_MS);
    // An open page must not keep the process alive once the application is done.
    this.#pushTimer.unref();
  }

  #push(): void {
    clearTimeout(this.#pushTimer);
    this.#pushTimer = undefined;
    if (this.#followers.size === 0) return;
    const { app, graph, batches } = this.#model.takeChanges();
    // The app last: a page closes its stream when it reads that the context stopped, and the
    // batches of the same push (the final batch) must reach it first.
    let text = '';
    if (graph !== undefined) text += event('graph', graph);
    if (batches.length > 0) text += event('batches', batches);
    if (app !== undefined) text += event('app', app);
    if (text === '') return;
    for (const response of this.#followers) response.write(text);
  }
}

/** The step mode's controls (POST). */
const CONTROLS: ReadonlySet<string> = new Set(['/api/step', '/api/pause', '/api/resume']);

/** The `host[:port]` of an `Origin` header (`null` or a malformed one: none). */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-cache',
  });
  response.end(JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

/** uPlot's `dist/` folder; a clear error when the package is missing (e.g. in a bundled app). */
function uplotDir(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('uplot/dist/uPlot.esm.js'));
  } catch (error) {
    throw new DStreamError(
      'The streaming UI needs the uplot package next to dstream-ts, and it cannot be found: run `npm install uplot`',
      { cause: error },
    );
  }
}
