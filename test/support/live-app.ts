/**
 * A test application run as a child process that the test talks to while it runs (`node --import
 * tsx <script> ...`): each stdout line goes to `onLine`, stdin is open (e.g. for a `stop` line),
 * and a wait fails at once, with the app's stderr, if the app exits meanwhile. For apps killed at
 * a moment tied to their progress, see child-app.ts.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { waitFor } from './tcp.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A running (or exited) app. */
export interface LiveApp {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly exitedYet: () => boolean;
}

const running = new Set<LiveApp>();

/** Start `script` (a path) with `args`; `onLine` gets every stdout line. */
export function startLiveApp(
  script: string,
  args: readonly string[],
  onLine: (line: string) => void,
): LiveApp {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  let exited = false;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', onLine);
  const app: LiveApp = {
    child,
    stderr: () => stderr,
    exited: new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        exited = true;
        running.delete(app);
        resolve({ code, signal });
      });
    }),
    exitedYet: () => exited,
  };
  running.add(app);
  return app;
}

/** Wait for `condition`, failing at once (with the app's stderr) if the app exits meanwhile. */
export async function waitForLiveApp(
  app: LiveApp,
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  try {
    await waitFor(
      async () => {
        if (app.exitedYet()) throw new Error(`the app exited while waiting for ${what}`);
        return condition();
      },
      what,
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${String(error)}\n--- app stderr ---\n${app.stderr()}`, { cause: error });
  }
}

/** SIGKILL every app still running and wait for them (for afterEach). */
export async function killLiveApps(): Promise<void> {
  const apps = [...running];
  for (const app of apps) app.child.kill('SIGKILL');
  await Promise.all(apps.map((app) => app.exited));
}
