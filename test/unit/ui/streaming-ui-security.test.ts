/**
 * The live view answers only its own pages: requests whose Host is not a loopback name (or one the
 * user allowed, as Vite's allowedHosts) get 403 and none of the job's data, so a DNS-rebinding page
 * cannot read it; no response grants CORS; the step controls take JSON from allowed origins only.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamingContext, StreamingUIOptions } from '../../../src/index.js';
import { hostName, isAllowedHost } from '../../../src/ui/host-check.js';
import { buildUIJob, newUIContext } from '../../support/ui-job.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function newUI(
  options: StreamingUIOptions = {},
): Promise<{ port: number; ssc: StreamingContext }> {
  const { ssc, dispose } = await newUIContext('secret job');
  buildUIJob(ssc, () => undefined);
  const ui = await ssc.ui({ port: 0, ...options });
  cleanups.push(dispose);
  return { port: ui.port, ssc };
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A raw HTTP request to 127.0.0.1:`port` with exactly these headers (fetch cannot set Host). */
function send(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body = '',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text });
      });
      // An event stream never ends by itself: what came first is enough.
      if (response.headers['content-type']?.startsWith('text/event-stream') === true) {
        response.once('data', () => {
          response.destroy();
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text });
        });
      }
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = { 'Content-Type': 'application/json' };

describe('the live view answers only allowed Host names', () => {
  it('refuses a DNS-rebinding Host with 403 and none of the job', async () => {
    const { port } = await newUI();
    for (const path of ['/', '/api/app', '/api/graph', '/api/batches', '/api/events', '/app.js']) {
      const answer = await send(port, path, { Host: `evil.example:${port}` });
      expect(answer.status, path).toBe(403);
      expect(answer.body, path).toBe(
        `Blocked request. This host (evil.example:${port}) is not allowed. To allow it, add it to ssc.ui({ allowedHosts }).`,
      );
    }
    const step = await send(
      port,
      '/api/step',
      { Host: `evil.example:${port}`, ...json },
      'POST',
      '{}',
    );
    expect(step.status).toBe(403);
  });

  it('answers loopback names, without any CORS grant', async () => {
    const { port } = await newUI();
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      'app.localhost',
    ]) {
      const answer = await send(port, '/api/app', { Host: host, Origin: 'http://evil.example' });
      expect(answer.status, host).toBe(200);
      expect(JSON.parse(answer.body), host).toMatchObject({ appName: 'secret job' });
      const cors = Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'));
      expect(cors, host).toEqual([]);
    }
    // A preflight is not answered with a grant either.
    const preflight = await send(
      port,
      '/api/step',
      {
        Host: `127.0.0.1:${port}`,
        Origin: 'http://evil.example',
        'Access-Control-Request-Method': 'POST',
      },
      'OPTIONS',
    );
    expect(preflight.status).toBe(405);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers the names the user allows, as Vite does', async () => {
    const { port } = await newUI({ allowedHosts: ['ui.example.com', '.lab.test'] });
    const status = async (host: string): Promise<number> =>
      (await send(port, '/api/app', { Host: host })).status;
    expect(await status(`ui.example.com:${port}`)).toBe(200);
    expect(await status('UI.Example.COM')).toBe(200);
    expect(await status('lab.test')).toBe(200);
    expect(await status('room1.lab.test')).toBe(200);
    expect(await status('example.com')).toBe(403);
    expect(await status('evil-lab.test')).toBe(403);
    const any = await newUI({ allowedHosts: true });
    expect((await send(any.port, '/api/app', { Host: 'anything.example' })).status).toBe(200);
  });
});

describe('the step controls', () => {
  it('run exactly one batch per step on a ManualClock, from the view only', async () => {
    const { port, ssc } = await newUI();
    const host = { Host: `127.0.0.1:${port}` };
    const post = (path: string, headers: Record<string, string> = {}): Promise<Answer> =>
      send(port, path, { ...host, ...json, ...headers }, 'POST', '{}');
    expect(await post('/api/step')).toMatchObject({
      status: 409,
      body: 'Cannot step: the context is not running',
    });
    ssc.start();
    expect(JSON.parse((await post('/api/step')).body)).toEqual({ batchTime: 1000 });
    expect(JSON.parse((await post('/api/step')).body)).toEqual({ batchTime: 2000 });
    const batches = JSON.parse((await send(port, '/api/batches', host)).body) as {
      batchTime: number;
    }[];
    expect(batches.map((b) => b.batchTime)).toEqual([1000, 2000]);
    expect(ssc.clock.now()).toBe(2000);
    // A form of another site cannot post JSON; a script of another site sends its Origin.
    expect((await send(port, '/api/step', host, 'POST', 'x=1')).status).toBe(403);
    expect((await post('/api/step', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/api/step', { Origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    expect(await post('/api/pause')).toMatchObject({
      status: 409,
      body: 'A ManualClock never runs by itself',
    });
    expect(ssc.clock.now()).toBe(3000);
  });
});

describe('host-check', () => {
  it('reads the host name of a Host header', () => {
    expect(hostName('Example.COM:8080')).toBe('example.com');
    expect(hostName('[::1]:4040')).toBe('::1');
    expect(hostName('localhost')).toBe('localhost');
  });

  it('takes loopback names, exact names and dotted domains', () => {
    expect(isAllowedHost(undefined, [])).toBe(false);
    expect(isAllowedHost('', [])).toBe(false);
    expect(isAllowedHost('127.255.0.1:1', [])).toBe(true);
    expect(isAllowedHost('127.0.0.256', [])).toBe(false);
    expect(isAllowedHost('128.0.0.1', [])).toBe(false);
    expect(isAllowedHost('a.b.localhost', [])).toBe(true);
    expect(isAllowedHost('localhost.evil.example', [])).toBe(false);
    expect(isAllowedHost('x.example.com', ['example.com'])).toBe(false);
    expect(isAllowedHost('x.example.com', ['.example.com'])).toBe(true);
  });
});
