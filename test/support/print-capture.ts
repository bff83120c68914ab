import { vi } from 'vitest';

const DASHES = '-'.repeat(43);

/** Capture everything written to stdout until `restore()` (vi.restoreAllMocks also restores). */
export function captureStdout(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  return {
    text: () => chunks.join(''),
    restore: () => {
      spy.mockRestore();
    },
  };
}

/** The block `pprint` prints for one batch: dashes, `Time: ...`, dashes, the lines, a blank line. */
export function pprintBlock(time: string, ...lines: string[]): string {
  return [DASHES, `Time: ${time}`, DASHES, ...lines, '', ''].join('\n');
}
