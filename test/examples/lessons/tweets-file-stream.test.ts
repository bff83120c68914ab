import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../examples/lessons/tweets-file-stream.js';
import { ManualClock } from '../../../src/index.js';
import { captureStdout, pprintBlock } from '../../support/print-capture.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir('lesson-tweets-test-');

describe('lesson tweets-file-stream (003, textFileStream)', () => {
  it('reads the file dropped in after each batch, and prints its hashtags', async () => {
    const stdout = captureStdout();
    const tweets = join(tempDir(), 'tweets');
    await main([tweets], () => new ManualClock(Date.parse('2021-11-15T00:29:34Z')));
    expect(stdout.text()).toBe(
      pprintBlock('2021-11-15 00:29:35') +
        pprintBlock('2021-11-15 00:29:36', '#MorataDimision', '#Volcan', '#LaPalma') +
        pprintBlock('2021-11-15 00:29:37', '#MorataDeMiVida') +
        pprintBlock('2021-11-15 00:29:38', '#Qatar2022', '#Qatar2022'),
    );
    expect((await readdir(tweets)).sort()).toEqual([
      'tweets-1.txt',
      'tweets-2.txt',
      'tweets-3.txt',
    ]);
  });
});
