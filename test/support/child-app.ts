/**
 * Run an example as a child process (`node --import tsx <script> ...`) for crash tests: collect
 * its stdout lines, and optionally kill it with SIGKILL at a moment tied to its progress: a
 * fraction of a batch after its k-th progress line, the batch's length being the time between the
 * (k-1)-th and k-th lines. Kill points follow the app's pace, not the machine's speed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** When to kill: `percentOfBatch` % of a batch's length after the `afterLines`-th progress line. */
export interface KillPoint {
  /** At least 2, so that a batch's length can be measured. */
  readonly afterLines: number;
  readonly percentOfBatch: number;
}

/** `count` kill points: after the 2nd to 4th progress line, 0 to 100 % of a batch later. */
export function killPoints(count: number): fc.Arbitrary<KillPoint[]> {
  const killPoint = fc.record({
    afterLines: fc.integer({ min: 2, max: 4 }),
    percentOfBatch: fc.integer({ min: 0, max: 100 }),
  });
  return fc.array(killPoint, { minLength: count, maxLength: count });
}

/** How a run ended. */
export interface ChildRun {
  /** Every stdout line, in order. */
  readonly lines: string[];
  /** The child was killed by the SIGKILL of the kill point (it had not exited by itself). */
  readonly killed: boolean;
}

const running = new Set<ChildProcess>();

/**
 * Run `script` (relative to the repository root) with `args` until it exits, or until the kill
 * point. Progress lines are those starting with `progressPrefix`. Rejects, with the child's
 * stderr, if it exits with a non-zero code by itself.
 */
export function runChildApp(
  script: string,
  args: readonly string[],
  options: {
    readonly progressPrefix: string;
    readonly kill?: KillPoint | undefined;
    /** Called at each progress line. */
    readonly onProgress?: (line: string) => void;
  },
): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: string[] = [];
  let stderr = '';
  let progress = 0;
  let previousAt = 0;
  let killed = false;
  let timer: NodeJS.Timeout | undefined;
  const { kill } = options;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (!line.startsWith(options.progressPrefix)) return;
    progress++;
    options.onProgress?.(line);
    const now = performance.now();
    if (kill !== undefined && timer === undefined && progress >= Math.max(kill.afterLines, 2)) {
      const delayMs = ((now - previousAt) * kill.percentOfBatch) / 100;
      timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) killed = child.kill('SIGKILL');
      }, delayMs);
    }
    previousAt = now;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      running.delete(child);
      if (killed) resolve({ lines, killed });
      else if (code === 0) resolve({ lines, killed });
      else reject(new Error(`${script} failed (exit ${code}):\n${stderr}`));
    });
  });
}

/** SIGKILL every child still running (for afterEach, when a test failed half-way). */
export function killChildApps(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
