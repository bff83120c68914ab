import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../examples/lessons/rate-source.js';
import { ManualClock } from '../../../src/index.js';
import { captureStdout, pprintBlock } from '../../support/print-capture.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const ZERO = Date.parse('2025-03-01T10:00:00Z');
const clockTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

describe('lesson rate-source (001, the rate source)', () => {
  it('prints each batch’s rows and the running count of value % 10', async () => {
    const stdout = captureStdout();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await main(['--batches', '6'], () => new ManualClock(ZERO));
    let expected = '';
    const counts = new Map<number, number>();
    for (let batch = 1; batch <= 6; batch++) {
      const time = clockTime(ZERO + batch * 2000);
      const rows = [2 * batch - 2, 2 * batch - 1].map((value) => {
        counts.set(value % 10, (counts.get(value % 10) ?? 0) + 1);
        const stamp = new Date(ZERO + (value + 1) * 1000).toISOString();
        return `{'timestamp': '${stamp}', 'value': ${value}}`;
      });
      const running = [...counts]
        .sort(([a], [b]) => a - b)
        .map(([resto, count]) => `(${resto}, ${count})`);
      expected += pprintBlock(time, ...rows) + pprintBlock(time, ...running);
    }
    expect(stdout.text()).toBe(expected);
    // The last block: 12 rows, so resto 0 and 1 twice.
    expect(expected).toContain('(0, 2)\n(1, 2)\n(2, 1)\n');
  });
});
