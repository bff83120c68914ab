import { format } from 'node:util';
import { vi } from 'vitest';

const DASHES = '-'.repeat(43);

/**
 * Capture everything written to stdout, and what `console.log` prints (vitest routes it elsewhere),
 * in order, until `restore()` (vi.restoreAllMocks also restores).
 */
export function captureStdout(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    chunks.push(`${format(...args)}\n`);
  });
  return {
    text: () => chunks.join(''),
    restore: () => {
      spy.mockRestore();
      log.mockRestore();
    },
  };
}

/** The block `pprint` prints for one batch: dashes, `Time: ...`, dashes, the lines, a blank line. */
export function pprintBlock(time: string, ...lines: string[]): string {
  return [DASHES, `Time: ${time}`, DASHES, ...lines, '', ''].join('\n');
}
