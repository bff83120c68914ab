import { afterEach, describe, expect, it, vi } from 'vitest';
import { VISITS, visitsPerWindow } from '../../examples/visits-window.js';
import { ManualClock, Seconds, StreamingContext } from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';
import { captureStdout, pprintBlock } from '../support/print-capture.js';

describe('examples/visits-window', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sums a 3-second window every second: partial at first, then all three batches', async () => {
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: VISITS,
      numBatches: 5,
      operation: (visits) => visitsPerWindow(visits, Seconds(1)),
    });
    // Keys come in hash-partition order: 'Web' and 'social_media' in partition 0, 'Store' in 1.
    expect(output).toEqual([
      [
        ['Web', 4],
        ['social_media', 1],
        ['Store', 4],
      ],
      [
        ['Web', 9],
        ['social_media', 4],
        ['Store', 7],
      ],
      // The lecture prints Store 4 / social_media 4 / Web 7 here: a 2-second window.
      [
        ['Web', 11],
        ['social_media', 5],
        ['Store', 8],
      ],
      [
        ['Web', 7],
        ['social_media', 4],
        ['Store', 4],
      ],
      [
        ['Web', 2],
        ['social_media', 1],
        ['Store', 1],
      ],
    ]);
  });

  it('with a 2-second slide emits only at zeroTime + 2k', async () => {
    const output = await runBatches({
      batchDuration: Seconds(1),
      input: VISITS,
      numBatches: 6,
      operation: (visits) => visitsPerWindow(visits, Seconds(2)),
    });
    expect(output).toEqual([
      [
        ['Web', 9],
        ['social_media', 4],
        ['Store', 7],
      ],
      [
        ['Web', 7],
        ['social_media', 4],
        ['Store', 4],
      ],
      [],
    ]);
  });

  it('prints the blocks PySpark would print', async () => {
    const stdout = captureStdout();
    const clock = new ManualClock();
    const ssc = new StreamingContext({ batchDuration: Seconds(1), clock });
    visitsPerWindow(ssc.queueStream(VISITS), Seconds(2)).pprint();
    ssc.start();
    await clock.advance(Seconds(4));
    await ssc.stop();
    expect(stdout.text()).toBe(
      pprintBlock('1970-01-01 00:00:02', "('Web', 9)", "('social_media', 4)", "('Store', 7)") +
        pprintBlock('1970-01-01 00:00:04', "('Web', 7)", "('social_media', 4)", "('Store', 4)"),
    );
  });
});
