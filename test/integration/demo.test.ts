import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateLine, LINES_PER_SECOND, WINDOW_SECONDS } from '../../examples/demo.js';

const run = promisify(execFile);
const DASHES = '-'.repeat(43);

/** Split pprint output into blocks: [timeHeader, ...elementLines]. */
function blocks(stdout: string): string[][] {
  const found: string[][] = [];
  const lines = stdout.split('\n');
  for (let i = 0; i + 2 < lines.length; i++) {
    if (lines[i] !== DASHES || lines[i + 2] !== DASHES) continue;
    const block = [lines[i + 1] ?? ''];
    let j = i + 3;
    while (j < lines.length && lines[j] !== '') block.push(lines[j++] ?? '');
    found.push(block);
    i = j;
  }
  return found;
}

/** The words of batch k (1, 2, ...): the rate source's rows of that second, one line each. */
function wordsOf(k: number): string[] {
  const words: string[] = [];
  for (let n = (k - 1) * LINES_PER_SECOND; n < k * LINES_PER_SECOND; n++) {
    words.push(...generateLine(n).split(' '));
  }
  return words;
}

function countWords(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** The window and totals lines the demo prints for its first `n` batches. */
function expectedLines(n: number): string[] {
  const lines: string[] = [];
  for (let k = 1; k <= n; k++) {
    const window = [];
    for (let b = Math.max(1, k - WINDOW_SECONDS + 1); b <= k; b++) window.push(...wordsOf(b));
    lines.push(`Words in the last ${WINDOW_SECONDS} s: ${window.length}`);
    const all = [];
    for (let b = 1; b <= k; b++) all.push(...wordsOf(b));
    const totals = [...countWords(all)].sort(
      ([wordA, a], [wordB, b]) => b - a || (wordA < wordB ? -1 : 1),
    );
    const top = totals.slice(0, 3).map(([word, total]) => `${word} ${total}`);
    lines.push(`Running totals: ${totals.length} words seen; top: ${top.join(', ')}`);
  }
  return lines;
}

function printedLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('Words in the last') || line.startsWith('Running totals'));
}

describe('npm start (the demo)', () => {
  it('with --batches N: prints the view URL, N batches of counts, window and totals, then stops', async () => {
    const { stdout } = await run('npm', ['start', '--silent', '--', '--batches', '2'], {
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^Streaming UI: http:\/\/127\.0\.0\.1:\d+\/$/m);
    const printed = blocks(stdout);
    expect(printed).toHaveLength(2);
    printed.forEach((block, index) => {
      expect(block[0]).toMatch(/^Time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      const pairs = block.slice(1).map((line) => {
        const match = /^\('(\w+)', (\d+)\)$/.exec(line);
        expect(match).not.toBeNull();
        return [match?.[1] ?? '', Number(match?.[2])] as const;
      });
      expect(new Map(pairs)).toEqual(countWords(wordsOf(index + 1)));
      const counts = pairs.map(([, n]) => n);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    });
    expect(printedLines(stdout)).toEqual(expectedLines(2));
    expect(stdout).toMatch(/^Stopping gracefully \(2 batches\) \.\.\.$/m);
    expect(stdout).toMatch(/^Stopped after 2 batches\.$/m);
  });

  it('with --no-ui: no view', async () => {
    const { stdout } = await run('npm', ['start', '--silent', '--', '--batches', '1', '--no-ui'], {
      timeout: 60_000,
    });
    expect(stdout).not.toContain('Streaming UI');
    expect(blocks(stdout)).toHaveLength(1);
    expect(stdout).toMatch(/^Stopped after 1 batch\.$/m);
  });

  it('streams until Ctrl-C, serving the view meanwhile, and then stops gracefully with status 0', async () => {
    // Its own process group, so that the signal reaches it as a terminal's Ctrl-C would.
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/demo.ts', '--port', '0'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const firstBatch = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('Running totals')) resolve();
      });
    });
    await firstBatch;
    const url = /^Streaming UI: (\S+)$/m.exec(stdout)?.[1] ?? '';
    const app = (await (await fetch(`${url}api/app`)).json()) as Record<string, unknown>;
    expect(app).toMatchObject({
      appName: 'dstream-ts demo',
      batchDuration: 1000,
      status: 'running',
    });
    process.kill(-(child.pid as number), 'SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Stopping gracefully \(Ctrl-C\) \.\.\.$/m);
    const stopped = /^Stopped after (\d+) batch(es)?\.$/m.exec(stdout);
    expect(Number(stopped?.[1])).toBeGreaterThanOrEqual(1);
    expect(blocks(stdout)).toHaveLength(Number(stopped?.[1]));
  });
});

describe('examples/queue-word-count.ts (the README quick start)', () => {
  it('runs as pasted and prints the counts of both queued lines', async () => {
    const { stdout } = await run('npx', ['tsx', 'examples/queue-word-count.ts'], {
      timeout: 60_000,
    });
    const printed = blocks(stdout).map((block) => block.slice(1).sort());
    expect(printed.slice(0, 2)).toEqual([
      ["('be', 2)", "('not', 1)", "('or', 1)", "('to', 2)"],
      ["('is', 1)", "('question', 1)", "('that', 1)", "('the', 1)"],
    ]);
  });
});
