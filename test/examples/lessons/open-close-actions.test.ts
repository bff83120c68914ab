import { describe, expect, it } from 'vitest';
import { generateEvents, main, variance } from '../../../examples/lessons/open-close-actions.js';
import { ManualClock } from '../../../src/index.js';
import { captureStdout, pprintBlock } from '../../support/print-capture.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir('lesson-open-close-test-');

const at = (second: number): string => `2016-07-28 12:00:0${second}`;

describe('lesson open-close-actions (004)', () => {
  it('generates Open/Close events with two bursts, the only minutes that differ by more than 20', () => {
    const files = generateEvents();
    expect(files.map((events) => events.length)).toEqual([465, 440, 482]);
    const perMinute = new Map<string, { Open: number; Close: number }>();
    for (const { time, action } of files.flat()) {
      const minute = new Date(time * 1000).toISOString().slice(0, 16);
      const counts = perMinute.get(minute) ?? { Open: 0, Close: 0 };
      counts[action]++;
      perMinute.set(minute, counts);
    }
    expect(perMinute.size).toBe(72);
    expect(
      [...perMinute].filter(([, c]) => Math.abs(c.Open - c.Close) > 20).map(([m]) => m),
    ).toEqual(['2016-07-26T04:07', '2016-07-26T04:50']);
  });

  it('computes the sample variance online', () => {
    expect(variance([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(32 / 7, 12);
    expect(variance([3])).toBeNaN();
  });

  it('prints the state size, hourly counts, alerts and statistics per file, then part 2', async () => {
    const stdout = captureStdout();
    await main([tempDir()], () => new ManualClock(Date.parse('2016-07-28T12:00:00Z')));
    const hour = (action: string, h: string, count: number): string =>
      `('${action}', '2016-07-26 ${h}:00', ${count})`;
    expect(stdout.text()).toBe(
      pprintBlock(at(1), '0') +
        pprintBlock(at(1)) +
        pprintBlock(at(2), '48') +
        pprintBlock(at(2), hour('Close', '04', 203), hour('Open', '04', 262)) +
        '1 new minute where Open and Close differ by more than 20:\n' +
        '  2016-07-26 04:07  Open 34  Close 9\n' +
        'Moving average of the last 30 minutes: Open 10.917, Close 8.458; variance of the counts: 21.539\n' +
        pprintBlock(at(3), '96') +
        pprintBlock(at(3), hour('Close', '04', 416), hour('Open', '04', 489)) +
        'Moving average of the last 30 minutes: Open 9.367, Close 8.633; variance of the counts: 14.879\n' +
        pprintBlock(at(4), '144') +
        pprintBlock(
          at(4),
          hour('Close', '04', 523),
          hour('Open', '04', 628),
          hour('Close', '05', 133),
          hour('Open', '05', 103),
        ) +
        '1 new minute where Open and Close differ by more than 20:\n' +
        '  2016-07-26 04:50  Open 34  Close 13\n' +
        'Moving average of the last 30 minutes: Open 9.9, Close 9.7; variance of the counts: 16.71\n' +
        [
          '+------+-----------+',
          '|action|total_count|',
          '+------+-----------+',
          '| Close|        656|',
          '|  Open|        731|',
          '+------+-----------+',
          '+----------------------+-------+',
          '|                window|average|',
          '+----------------------+-------+',
          '|2016-07-26 04:00-05:00|  9.592|',
          '|2016-07-26 05:00-06:00|  9.833|',
          '+----------------------+-------+',
          'Busiest hour: 2016-07-26 05:00 (9.833 actions per minute on average)',
          '',
        ].join('\n'),
    );
    // The totals are every generated event.
    const events = generateEvents().flat();
    expect(events.filter((e) => e.action === 'Close')).toHaveLength(656);
    expect(events.filter((e) => e.action === 'Open')).toHaveLength(731);
  });
});
