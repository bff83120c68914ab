import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../examples/lessons/tweets-file-stream.js';
import { ManualClock } from '../../../src/index.js';
import { captureStdout, pprintBlock } from '../../support/print-capture.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lesson-tweets-test-'));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('lesson tweets-file-stream (003, textFileStream)', () => {
  it('reads the file dropped in after each batch, and prints its hashtags', async () => {
    const stdout = captureStdout();
    const tweets = join(dir, 'tweets');
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
