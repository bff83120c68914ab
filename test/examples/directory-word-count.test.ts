import { mkdir, mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { directoryWordCount } from '../../examples/directory-word-count.js';
import { ManualClock, Seconds, StreamingContext } from '../../src/index.js';
import { captureStdout, pprintBlock } from '../support/print-capture.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dstream-directory-word-count-'));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

/** Write a file elsewhere, give it a virtual modification time, and move it into `dir`. */
async function moveIn(dir: string, name: string, text: string, mtimeMs: number): Promise<void> {
  const staged = join(root, name);
  await writeFile(staged, text);
  await utimes(staged, mtimeMs / 1000, mtimeMs / 1000);
  await rename(staged, join(dir, name));
}

describe('examples/directory-word-count', () => {
  it('prints the word counts of the files moved in during each batch', async () => {
    const stdout = captureStdout();
    const incoming = join(root, 'incoming');
    await mkdir(incoming);
    const clock = new ManualClock();
    const ssc = new StreamingContext({ batchDuration: Seconds(1), clock });
    directoryWordCount(ssc, incoming).pprint();
    ssc.start();
    await moveIn(incoming, 'hamlet.txt', 'to be or\nnot to be\n', 500);
    await clock.advance(Seconds(1));
    await moveIn(incoming, 'a.txt', 'be quick\n', 1250);
    await moveIn(incoming, 'b.txt', 'be\n', 1500);
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(stdout.text()).toBe(
      pprintBlock('1970-01-01 00:00:01', "('to', 2)", "('be', 2)", "('or', 1)", "('not', 1)") +
        pprintBlock('1970-01-01 00:00:02', "('be', 2)", "('quick', 1)") +
        pprintBlock('1970-01-01 00:00:03'),
    );
  });
});
