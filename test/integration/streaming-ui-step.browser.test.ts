/**
 * The live view's step mode in a real headless Chromium (Debian's `chromium`, as the other browser
 * test): a job on a ManualClock, stepped from the page's "Next batch" three times, one batch per
 * click; the bracket of a window with an inverse function covers the window's batches and marks
 * the one that entered and the one that left; a clicked batch shows its states with the keys it
 * added and removed; the legends show the newest values before any hovering; and a batch that
 * completes just before the context stops is on the page after the stop.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Seconds, type StreamingContext, type StreamingUI } from '../../src/index.js';
import { openView } from '../support/browser.js';
import { newUIContext } from '../support/ui-job.js';

/** Where the screenshot is saved (test-results/ is not committed). */
const SCREENSHOT = 'test-results/streaming-ui-step.png';

let ssc: StreamingContext;
let ui: StreamingUI;
let disposeContext: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let page: Page;
/** Stream ids by name, from /api/graph. */
const ids = new Map<string, number>();

beforeAll(async () => {
  ({ ssc, dispose: disposeContext } = await newUIContext('step test'));
  const pairs = ssc
    .queueStream([['a', 'b'], ['b', 'c'], ['c', 'd'], ['d']])
    .mapToPair((word) => [word, 1]);
  pairs
    .reduceByKeyAndWindow({
      reduce: (a, b) => a + b,
      inverse: (a, b) => a - b,
      window: Seconds(2),
      slide: Seconds(1),
      filter: ([, count]) => count > 0,
    })
    .name('last 2 s')
    .foreachRDD((rdd) => {
      rdd.count();
    });
  pairs
    .updateStateByKey((counts: number[], total: number | undefined) =>
      counts.reduce((a, b) => a + b, total ?? 0),
    )
    .name('totals')
    .foreachRDD((rdd) => {
      rdd.count();
    });
  ui = await ssc.ui({ port: 0, step: true });
  ssc.start();
  for (const s of (await (await fetch(`${ui.url}api/graph`)).json()) as {
    id: number;
    name: string | null;
  }[]) {
    if (s.name !== null) ids.set(s.name, s.id);
  }
  ({ browser, page } = await openView(ui.url));
}, 120_000);

afterAll(async () => {
  await browser?.close(); // undefined when Chromium did not start: let its own error be the one reported
  await disposeContext?.();
});

async function rowTimes(): Promise<(string | null)[]> {
  const rows = await page.locator('#batches tbody tr').all();
  return Promise.all(rows.map((row) => row.getAttribute('data-batch-time')));
}

describe('step mode in Chromium', () => {
  it('runs exactly one batch per "Next batch" click', async () => {
    expect(await page.locator('#step-next').isEnabled()).toBe(true);
    expect(await page.locator('#step-mode').innerText()).toBe(
      'step mode: each “Next batch” runs one batch',
    );
    for (const time of [1000, 2000, 3000]) {
      await page.locator('#step-next').click();
      await page.waitForSelector(`#batches tr[data-batch-time="${time}"]`);
      expect(ssc.clock.now()).toBe(time);
    }
    expect(await rowTimes()).toEqual(['3000', '2000', '1000']);
    // No pause or resume on a ManualClock: it moves only when told.
    expect(await page.locator('#step-pause').isVisible()).toBe(false);
    expect(await page.locator('#step-resume').isVisible()).toBe(false);
  });

  it('brackets the window’s batches, with the batch that entered and the one that left', async () => {
    const bracket = page.locator(`g.bracket[data-stream-id="${ids.get('last 2 s')}"]`);
    await expect.poll(() => bracket.getAttribute('data-window-end')).toBe('3000');
    expect(await bracket.getAttribute('data-covered')).toBe('2000,3000');
    expect(await bracket.getAttribute('data-entering')).toBe('3000');
    expect(await bracket.getAttribute('data-leaving')).toBe('1000');
    expect(await bracket.locator('text.bracket-label').textContent()).toBe(
      'last 2 s: window 2 s, slide 1 s',
    );
    // The bracket spans the cells of 2000 and 3000, and not the one of 1000.
    const cell = async (time: number) => {
      const box = await page.locator(`g.cell[data-batch-time="${time}"] rect`).boundingBox();
      if (box === null) throw new Error(`no cell ${time}`);
      return box;
    };
    const span = await bracket.locator('path').boundingBox();
    const [c1, c2, c3] = [await cell(1000), await cell(2000), await cell(3000)];
    const left = span?.x ?? NaN;
    const right = left + (span?.width ?? NaN);
    expect(left).toBeGreaterThan(c1.x + c1.width);
    expect(left).toBeLessThan(c2.x + c2.width / 2);
    expect(right).toBeGreaterThan(c3.x + c3.width / 2);
    expect(right).toBeLessThan(c3.x + c3.width + 4);
    expect(await bracket.locator('text.mark.entering').count()).toBe(1);
    expect(await bracket.locator('text.mark.leaving').count()).toBe(1);
    // The "totals" state is not a window: no bracket.
    expect(await page.locator(`g.bracket[data-stream-id="${ids.get('totals')}"]`).count()).toBe(0);
  });

  it('shows the legends’ newest values before any hovering', async () => {
    await page.mouse.move(0, 0);
    // A queue stream reports no records (as Spark's): the newest batch's 0, not a blank.
    expect(await page.locator('#chart-records .u-legend .u-value').allInnerTexts()).toEqual([
      '1970/01/01 00:00:03',
      '0',
    ]);
    expect(await page.locator('#chart-state .u-legend .u-value').allInnerTexts()).toEqual([
      '1970/01/01 00:00:03',
      '3',
      '4',
    ]);
  });

  it('shows a clicked batch’s states: entries, keys added and removed', async () => {
    await page.locator('#batches tr[data-batch-time="3000"]').click();
    await page.waitForSelector('#batch-detail[data-loaded="true"][data-batch-time="3000"]');
    const state = (name: string) =>
      page.locator(`#states article.state[data-stream-id="${ids.get(name)}"]`);
    const entries = async (name: string): Promise<string[]> =>
      state(name).locator('table.state-entries tbody tr').allInnerTexts();
    expect(await state('totals').locator('h3').innerText()).toBe('State of totals · 4 keys');
    // Partition 0 then 1, keys in cogroup's order (the batch's keys first).
    expect(await entries('totals')).toEqual(['d\t1', 'b\t2', 'c\t2', 'a\t1']);
    expect(await state('totals').locator('p.added').innerText()).toBe('+1 key added: d');
    expect(await state('totals').locator('p.removed').innerText()).toBe('−0 keys removed');
    // The window of batches 2000-3000: a left it (its count went to 0 and was filtered out).
    expect(await entries('last 2 s')).toEqual(['b\t1', 'd\t1', 'c\t2']);
    expect(await state('last 2 s').locator('p.added').innerText()).toBe('+1 key added: d');
    expect(await state('last 2 s').locator('p.removed').innerText()).toBe('−1 key removed: a');
  });

  it('keeps the final batch when the context stops right after it', async () => {
    // The batch and the stop land in one push: the page must read the batch before "stopped".
    await ssc.advance(Seconds(1));
    await ssc.stop();
    await page.waitForSelector('#status.status-stopped');
    await page.waitForSelector('#batches tr[data-batch-time="4000"]', { timeout: 10_000 });
    expect(await rowTimes()).toEqual(['4000', '3000', '2000', '1000']);
    await mkdir('test-results', { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
});
