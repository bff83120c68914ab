/**
 * examples/recoverable-network-word-count, Spark's RecoverableNetworkWordCount with the streaming
 * guide's lazily instantiated singletons ("Accumulators, Broadcast Variables, and Checkpoints":
 * they cannot be recovered from checkpoints). Two real driver processes: the first runs three
 * batches and stops; the second recovers from the checkpoint, re-runs the last checkpointed batch
 * (as Spark does) and goes on; its singletons are new, so the dropped-words counter starts again
 * from 0 while the batches' counts continue.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runChildApp } from '../support/child-app.js';

const APP = 'test/examples/fixtures/recoverable-network-word-count-app.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dstream-ts-recoverable-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('examples/recoverable-network-word-count', () => {
  it('recreates the broadcast and the accumulator after a restart from the checkpoint', async () => {
    const checkpoint = join(dir, 'checkpoint');
    const output = join(dir, 'out.txt');
    const run = async (last: number): Promise<string[]> =>
      (await runChildApp(APP, [checkpoint, output, String(last)], { progressPrefix: 'Counts' }))
        .lines;

    expect(await run(3)).toEqual([
      'Creating new context',
      'counter before the first batch: undefined',
      'Counts at time 1000 ms [(stream,1), (spark,1)]',
      'Dropped 2 word(s) totally',
      `Appending to ${output}`,
      'Counts at time 2000 ms [(stream,1)]',
      'Dropped 4 word(s) totally',
      `Appending to ${output}`,
      'Counts at time 3000 ms [(rdd,1)]',
      'Dropped 6 word(s) totally',
      `Appending to ${output}`,
    ]);
    expect(await run(5)).toEqual([
      'counter before the first batch: undefined',
      // Recovery re-runs the batch of the last checkpoint: a new counter counts it again.
      'Counts at time 3000 ms [(rdd,1)]',
      'Dropped 2 word(s) totally',
      `Appending to ${output}`,
      'Counts at time 4000 ms [(spark,1)]',
      'Dropped 3 word(s) totally',
      `Appending to ${output}`,
      'Counts at time 5000 ms [(dstream,1)]',
      'Dropped 4 word(s) totally',
      `Appending to ${output}`,
    ]);
    expect((await readFile(output, 'utf8')).split('\n')).toEqual([
      'Counts at time 1000 ms [(stream,1), (spark,1)]',
      'Counts at time 2000 ms [(stream,1)]',
      'Counts at time 3000 ms [(rdd,1)]',
      'Counts at time 3000 ms [(rdd,1)]',
      'Counts at time 4000 ms [(spark,1)]',
      'Counts at time 5000 ms [(dstream,1)]',
      '',
    ]);
  });
});
