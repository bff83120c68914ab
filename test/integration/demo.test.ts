import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateBatch } from '../../examples/demo.js';

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

function expectedCounts(k: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of generateBatch(k)) {
    for (const word of line.split(' ')) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

describe('npm start (the demo)', () => {
  it('prints one word-count block per batch and exits by itself', async () => {
    const { stdout } = await run('npm', ['start', '--silent', '--', '--batches', '2'], {
      timeout: 60_000,
    });
    const printed = blocks(stdout);
    expect(printed).toHaveLength(2);
    printed.forEach((block, index) => {
      expect(block[0]).toMatch(/^Time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      const pairs = block.slice(1).map((line) => {
        const match = /^\('(\w+)', (\d+)\)$/.exec(line);
        expect(match).not.toBeNull();
        return [match?.[1] ?? '', Number(match?.[2])] as const;
      });
      expect(new Map(pairs)).toEqual(expectedCounts(index + 1));
      const counts = pairs.map(([, n]) => n);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    });
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
