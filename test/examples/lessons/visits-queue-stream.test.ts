import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../examples/lessons/visits-queue-stream.js';
import { ManualClock } from '../../../src/index.js';
import { captureStdout, pprintBlock } from '../../support/print-capture.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('lesson visits-queue-stream (003, queueStream)', () => {
  it('prints the visits of each queued batch summed per channel', async () => {
    const stdout = captureStdout();
    await main([], () => new ManualClock(Date.parse('2021-11-14T10:00:53Z')));
    expect(stdout.text()).toBe(
      pprintBlock('2021-11-14 10:00:54', "('Web', 4)", "('Store', 2)") +
        pprintBlock('2021-11-14 10:00:55', "('Instagram', 2)", "('Web', 9)", "('Store', 4)") +
        pprintBlock('2021-11-14 10:00:56', "('Store', 10)") +
        pprintBlock('2021-11-14 10:00:57', "('Store', 10)"),
    );
  });
});
