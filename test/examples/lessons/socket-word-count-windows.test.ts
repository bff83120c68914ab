/**
 * The socket lesson against its own line server on 127.0.0.1, in virtual time. The lines travel
 * over real TCP, so after sending a batch's lines the test moves the clock one block interval at a
 * time (never up to the batch time) until the receiver has cut them into a block: only then does
 * the batch run, and its blocks are exact.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../examples/lessons/socket-word-count-windows.js';
import { ManualClock, type StreamingContext } from '../../../src/index.js';
import { captureStdout, pprintBlock } from '../../support/print-capture.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const BLOCK_INTERVAL_MS = 200;

/** Move the clock by block intervals until the socket input holds a block (at most 250). */
async function untilReceived(ssc: StreamingContext): Promise<void> {
  const clock = ssc.clock;
  if (!(clock instanceof ManualClock)) throw new Error('the test runs on a ManualClock');
  const input = ssc.graph.inputs[0];
  for (let step = 0; step < 250 && input?.hasUnprocessedData?.() !== true; step++) {
    await delay(step < 10 ? 1 : 20);
    await clock.advance(BLOCK_INTERVAL_MS);
  }
  if (input?.hasUnprocessedData?.() !== true) throw new Error('the lines never arrived');
}

const at = (minute: number): string => `2022-05-05 17:${minute}:00`;

describe('lesson socket-word-count-windows (000 cases 1 and 5)', () => {
  it('counts the typed words per batch, over a tumbling and over a sliding window', async () => {
    const stdout = captureStdout();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await main(
      ['--unit-seconds', '60'],
      () => new ManualClock(Date.parse('2022-05-05T17:32:00Z')),
      untilReceived,
    );
    const batch1 = ["('Hola', 2)", "('Severo', 1)", "('Mundo', 1)", "('desde', 1)", "('el', 1)"];
    const batch3 = ["('Severo', 1)", "('Ochoa', 1)", "('y', 1)", "('el', 1)", "('Mundo', 1)"];
    const batch4 = ["('Segunda', 1)", "('ventana', 1)"];
    const batch5 = ["('Ochoa', 1)", "('Segunda', 1)", "('ventana', 1)"];
    expect(stdout.text()).toBe(
      '# Case 1: word count per batch\n' +
        pprintBlock(at(33), ...batch1) +
        pprintBlock(at(34)) +
        pprintBlock(at(35), ...batch3) +
        pprintBlock(at(36), ...batch4) +
        pprintBlock(at(37), ...batch5) +
        pprintBlock(at(38)) +
        // Computed every 2 minutes only: batches 1-2, 3-4, 5-6.
        '# Case 5: tumbling window of 2 minutes\n' +
        pprintBlock(at(34), ...batch1) +
        pprintBlock(at(36), ...batch3, ...batch4) +
        pprintBlock(at(38), ...batch5) +
        // Every minute, the last two batches: each word is in two blocks.
        '# Case 5: window of 2 minutes sliding every minute\n' +
        pprintBlock(at(33), ...batch1) +
        pprintBlock(at(34), ...batch1) +
        pprintBlock(at(35), ...batch3) +
        pprintBlock(at(36), ...batch3, ...batch4) +
        pprintBlock(at(37), "('Ochoa', 1)", "('Segunda', 2)", "('ventana', 2)") +
        pprintBlock(at(38), ...batch5),
    );
  });
});
