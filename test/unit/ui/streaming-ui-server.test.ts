/**
 * The live view's server: the page and uPlot served from node_modules, the event stream (a
 * snapshot, then the changes, then the end when the context stops), its lifecycle with the context,
 * its options, and Spark's port retries.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  IllegalArgumentError,
  IllegalStateError,
  Seconds,
  type StreamingContext,
} from '../../../src/index.js';
import { SseClient } from '../../support/sse.js';
import { buildUIJob, newUIContext } from '../../support/ui-job.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function newContext(warnings: string[] = []): Promise<StreamingContext> {
  const { ssc, dispose } = await newUIContext('ui server test', {
    warn: (message) => warnings.push(message),
    error: () => undefined,
  });
  buildUIJob(ssc, () => undefined);
  cleanups.push(dispose);
  return ssc;
}

/** Occupy a free port of 127.0.0.1 and return it. */
async function occupyPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('the live view server', () => {
  it('serves the page, its scripts and uPlot from node_modules', async () => {
    const ssc = await newContext();
    const ui = await ssc.ui({ port: 0 });
    expect(ui.url).toBe(`http://127.0.0.1:${ui.port}/`);
    const page = await fetch(ui.url);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<title>dstream-ts · Streaming</title>');
    expect(html).toContain('<script type="module" src="/app.js"></script>');
    for (const script of ['/app.js', '/charts.js', '/graph.js', '/format.js']) {
      const response = await fetch(new URL(script, ui.url));
      expect(response.headers.get('content-type'), script).toBe('text/javascript; charset=utf-8');
      expect((await response.text()).length, script).toBeGreaterThan(0);
    }
    const uplot = await (await fetch(new URL('/vendor/uPlot.esm.js', ui.url))).text();
    expect(uplot).toContain('export { uPlot as default };');
    const css = await fetch(new URL('/vendor/uPlot.min.css', ui.url));
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(new URL('/api/app', ui.url), { method: 'POST' })).status).toBe(405);
  });

  it('streams a snapshot, then the changes of each batch, then the stop', async () => {
    const ssc = await newContext();
    const ui = await ssc.ui({ port: 0 });
    ssc.start();
    await ssc.advance(Seconds(1));
    const events = await SseClient.connect(`${ui.url}api/events`);
    cleanups.push(() => {
      events.close();
    });
    expect(events.contentType).toBe('text/event-stream; charset=utf-8');
    const snapshot = await events.next();
    const get = async (path: string): Promise<unknown> =>
      (await fetch(new URL(path, ui.url))).json();
    expect(snapshot).toEqual({
      event: 'snapshot',
      data: {
        app: await get('/api/app'),
        graph: await get('/api/graph'),
        batches: await get('/api/batches'),
      },
    });

    await ssc.advance(Seconds(2));
    const batches = new Map<number, unknown>();
    const pushed = await events.until((event) => {
      if (event.event === 'batches') {
        for (const batch of event.data as { batchTime: number }[]) {
          batches.set(batch.batchTime, batch);
        }
      }
      return batches.has(3000);
    });
    expect(pushed?.event).toBe('batches');
    // Each batch is pushed as /api/batches shows it now.
    const now = (await get('/api/batches')) as { batchTime: number }[];
    expect(batches.get(2000)).toEqual(now.find((b) => b.batchTime === 2000));
    expect(batches.get(3000)).toEqual(now.find((b) => b.batchTime === 3000));

    await ssc.stop();
    const stopped = await events.until(
      (event) => event.event === 'app' && (event.data as { status: string }).status === 'stopped',
    );
    expect(stopped?.data).toMatchObject({ status: 'stopped', completedBatches: 3 });
    expect(await events.until(() => false)).toBeUndefined();
    await expect(fetch(ui.url)).rejects.toThrow();
  });

  it('pushes the final batch before the stop: a page closes its stream when it reads "stopped"', async () => {
    const ssc = await newContext();
    const ui = await ssc.ui({ port: 0 });
    ssc.start();
    const events = await SseClient.connect(`${ui.url}api/events`);
    cleanups.push(() => {
      events.close();
    });
    await events.next(); // the snapshot
    // The batch and the stop come within one push interval: one push carries both.
    await ssc.advance(Seconds(1));
    await ssc.stop();
    const seen: string[] = [];
    for (let e = await events.next(); e !== undefined; e = await events.next()) {
      if (e.event === 'batches') {
        for (const b of e.data as { batchTime: number }[]) seen.push(`batch ${b.batchTime}`);
      } else if (e.event === 'app') {
        seen.push(`app ${(e.data as { status: string }).status}`);
      }
    }
    expect(seen.at(-1)).toBe('app stopped');
    expect(seen.indexOf('batch 1000')).toBeGreaterThanOrEqual(0);
    expect(seen.indexOf('batch 1000')).toBeLessThan(seen.indexOf('app stopped'));
  });

  it('tries the next ports when the port is taken, as Spark does', async () => {
    const warnings: string[] = [];
    const taken = await occupyPort();
    const ssc = await newContext(warnings);
    const ui = await ssc.ui({ port: taken });
    expect(ui.port).toBeGreaterThan(taken);
    expect(warnings[0]).toBe(
      `Service 'SparkUI' could not bind on port ${taken}. Attempting port ${taken + 1}.`,
    );
    expect(warnings).toHaveLength(ui.port - taken);
  });

  it('closes with close(), and with the context', async () => {
    const ssc = await newContext();
    const ui = await ssc.ui({ port: 0 });
    await ui.close();
    await expect(fetch(ui.url)).rejects.toThrow();
    await ui.close();
    const other = await newContext();
    const second = await other.ui({ port: 0 });
    await other.stop();
    await expect(fetch(second.url)).rejects.toThrow();
  });

  it('must be started before the context, with valid options', async () => {
    const ssc = await newContext();
    await expect(ssc.ui({ port: 70_000 })).rejects.toThrow(
      new IllegalArgumentError('port out of range:70000'),
    );
    await expect(ssc.ui({ port: 0, retainedBatches: 0 })).rejects.toThrow(
      new IllegalArgumentError('Expected `retainedBatches` to be a positive integer, got 0'),
    );
    await expect(ssc.ui({ port: 0, retainedBatchDetails: 1.5 })).rejects.toThrow(
      new IllegalArgumentError('Expected `retainedBatchDetails` to be a positive integer, got 1.5'),
    );
    ssc.start();
    await expect(ssc.ui({ port: 0 })).rejects.toThrow(
      new IllegalStateError(
        'Cannot start the streaming UI of a context that is active: call ui() before start()',
      ),
    );
  });
});
