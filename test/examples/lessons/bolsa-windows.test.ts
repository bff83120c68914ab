import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../examples/lessons/bolsa-windows.js';
import { ManualClock } from '../../../src/index.js';
import { captureStdout, pprintBlock } from '../../support/print-capture.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir('lesson-bolsa-test-');

/** A window row as pprint prints it; `from` is `HH:mm` on 2022-05-09, the window is 15 minutes. */
function w(from: string, compras: number, ventas: number): string {
  const [h = 0, m = 0] = from.split(':').map(Number);
  const end = `${String(h + (m + 15 >= 60 ? 1 : 0)).padStart(2, '0')}:${String((m + 15) % 60).padStart(2, '0')}`;
  return (
    `{'start': '2022-05-09 ${from}:00', 'end': '2022-05-09 ${end}:00', ` +
    `'Compras': ${compras}, 'Ventas': ${ventas}}`
  );
}

const at = (second: number): string => `2022-05-09 13:00:0${second}`;

describe('lesson bolsa-windows (000 cases 6 and 7)', () => {
  it('sums 15-minute event-time windows in state, closes them with a watermark, and totals them', async () => {
    const stdout = captureStdout();
    await main([tempDir()], () => new ManualClock(Date.parse('2022-05-09T13:00:00Z')));
    const morning = [
      w('10:00', 800, 0),
      w('10:15', 800, 400),
      w('10:30', 900, 0),
      w('10:45', 0, 700),
    ];
    const withLateSale = [w('10:00', 800, 200), ...morning.slice(1), w('12:45', 150, 0)];
    expect(stdout.text()).toBe(
      '# Case 6: 15-minute windows, complete mode\n' +
        pprintBlock(at(1)) +
        pprintBlock(at(2), ...morning) +
        pprintBlock(at(3), ...morning, w('12:45', 150, 0)) +
        // Without a watermark the late sale (10:10) still lands in its window.
        pprintBlock(at(4), ...withLateSale) +
        pprintBlock(at(5), ...withLateSale) +
        '# Case 7: watermark of 30 minutes, append mode\n' +
        pprintBlock(at(1)) +
        pprintBlock(at(2)) +
        // Watermark 10:50 - 30 min = 10:20: the first window is closed.
        pprintBlock(at(3), w('10:00', 800, 0)) +
        // Watermark 12:50 - 30 min = 12:20: the morning is closed, the late sale dropped.
        pprintBlock(at(4), w('10:15', 800, 400), w('10:30', 900, 0), w('10:45', 0, 700)) +
        pprintBlock(at(5)) +
        [
          '+-------------------+-------------------+-------+------+----+',
          '|start              |end                |Compras|Ventas|Neto|',
          '+-------------------+-------------------+-------+------+----+',
          '|2022-05-09 10:00:00|2022-05-09 10:15:00|800    |0     |800 |',
          '|2022-05-09 10:15:00|2022-05-09 10:30:00|1600   |400   |1200|',
          '|2022-05-09 10:30:00|2022-05-09 10:45:00|2500   |400   |2100|',
          '|2022-05-09 10:45:00|2022-05-09 11:00:00|2500   |1100  |1400|',
          '+-------------------+-------------------+-------+------+----+',
          '',
        ].join('\n'),
    );
    expect(await readdir(join(tempDir(), 'case7', 'salida'))).toHaveLength(2);
  });
});
