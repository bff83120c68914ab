import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../examples/lessons/dstream-actions.js';
import { ManualClock } from '../../../src/index.js';
import { captureStdout, pprintBlock } from '../../support/print-capture.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir('lesson-actions-');

describe('lesson dstream-actions (003, output operations)', () => {
  it('prints 2 records per batch, saves each batch as text files and as one JSON file', async () => {
    const stdout = captureStdout();
    const out = join(tempDir(), 'out');
    await main([out], () => new ManualClock(Date.parse('2021-11-14T10:00:53Z')));
    const times = [54, 55, 56, 57].map((s) => Date.parse(`2021-11-14T10:00:${s}Z`));
    const files = times.flatMap((t) => [
      `visits-${t}.json`,
      `visits-${t}.txt/_SUCCESS`,
      `visits-${t}.txt/part-00000`,
      `visits-${t}.txt/part-00001`,
    ]);
    expect(stdout.text()).toBe(
      pprintBlock('2021-11-14 10:00:54', "('Web', 4)", "('Store', 2)") +
        pprintBlock('2021-11-14 10:00:55', "('Instagram', 2)", "('Web', 9)", '...') +
        pprintBlock('2021-11-14 10:00:56', "('Store', 10)") +
        pprintBlock('2021-11-14 10:00:57', "('Store', 10)") +
        [`Files in ${out}:`, ...files.map((f) => `  ${f}`), ''].join('\n'),
    );
    const second = times[1] ?? 0;
    expect(await readFile(join(out, `visits-${second}.json`), 'utf8')).toBe(
      '{"Instagram":2,"Web":9,"Store":4}\n',
    );
    const parts = await Promise.all(
      ['part-00000', 'part-00001'].map((p) =>
        readFile(join(out, `visits-${second}.txt`, p), 'utf8'),
      ),
    );
    expect(parts).toEqual(['(Instagram,2)\n(Web,9)\n', '(Store,4)\n']);
  });
});
