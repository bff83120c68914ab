/**
 * The live view end to end, in a real headless Chromium (Debian's `chromium`, which `.ci/run`
 * installs): a job runs in virtual time with a fake wall clock, so the page must show exact
 * numbers in its batch table, its charts (read from uPlot's legend under the cursor) and its
 * DStream graph; a click on a batch shows each output's lineage and first records; a batch run
 * while the page is open appears by itself. The screenshot is kept in test-results/.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Seconds, type StreamingContext, type StreamingUI } from '../../src/index.js';
import { openView } from '../support/browser.js';
import { BATCH_MS, buildUIJob, jobSites, newUIContext, WALL_START } from '../support/ui-job.js';

/** Where the screenshot is saved (test-results/ is not committed). */
export const SCREENSHOT = 'test-results/streaming-ui.png';

let ssc: StreamingContext;
let ui: StreamingUI;
let disposeContext: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let page: Page;

/** Run `batches` more batches with the fake wall clock: each takes exactly BATCH_MS. */
async function runBatches(batches: number, done: number): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'], now: WALL_START + done * BATCH_MS });
  try {
    await ssc.advance(Seconds(batches));
  } finally {
    vi.useRealTimers();
  }
}

beforeAll(async () => {
  ({ ssc, dispose: disposeContext } = await newUIContext('browser test'));
  buildUIJob(ssc, (ms) => {
    vi.setSystemTime(Date.now() + ms);
  });
  ui = await ssc.ui({ port: 0 });
  vi.useFakeTimers({ toFake: ['Date'], now: WALL_START });
  ssc.start();
  vi.useRealTimers();
  await runBatches(4, 0);
  ({ browser, page } = await openView(ui.url));
}, 120_000);

afterAll(async () => {
  await browser?.close(); // undefined when Chromium did not start: let its own error be the one reported
  await disposeContext?.();
});

/** The texts of a batch table row's cells. */
async function rowCells(batchTime: number): Promise<string[]> {
  return page.locator(`#batches tr[data-batch-time="${batchTime}"] td`).allInnerTexts();
}

/** The attribute `name` of every element `selector` finds, in document order. */
async function attributes(selector: string, name: string): Promise<(string | null)[]> {
  const elements = await page.locator(selector).all();
  return Promise.all(elements.map((element) => element.getAttribute(name)));
}

/** Put the cursor on a chart's first or last point; return its legend's values. */
async function legendAt(chart: string, edge: 'first' | 'last'): Promise<string[]> {
  const over = page.locator(`${chart} .u-over`);
  await over.scrollIntoViewIfNeeded();
  const box = await over.boundingBox();
  if (box === null) throw new Error(`${chart} has no plot area`);
  const x = edge === 'first' ? box.x + 1 : box.x + box.width - 1;
  await page.mouse.move(x, box.y + box.height / 2);
  return page.locator(`${chart} .u-legend .u-value`).allInnerTexts();
}

describe('the live view in Chromium', () => {
  it('shows the header and the batch table with exact numbers, newest first', async () => {
    await expect
      .poll(() => page.locator('#summary').innerText())
      .toBe(
        'Batch interval 1 s · started 2026/11/22 10:00:00 · 4 completed batches · 12 records in the 4 batches shown',
      );
    expect(await page.locator('#status').innerText()).toBe('running');
    expect(await attributes('#batches tbody tr', 'data-batch-time')).toEqual([
      '4000',
      '3000',
      '2000',
      '1000',
    ]);
    for (const k of [1, 2, 4]) {
      expect(await rowCells(k * 1000)).toEqual([
        `1970/01/01 00:00:0${k}`,
        '3',
        '0 ms',
        '47 ms',
        '47 ms',
        '3/3',
        'completed',
        '',
      ]);
    }
    expect(await rowCells(3000)).toEqual([
      '1970/01/01 00:00:03',
      '3',
      '0 ms',
      '47 ms',
      '47 ms',
      '2/3',
      'failed',
      'Error: boom at 3000 ms',
    ]);
  });

  it('draws the timelines with uPlot: averages, and the values under the cursor', async () => {
    // Records, input rate, scheduling, processing, total delay, state size.
    expect(await page.locator('.chart canvas').count()).toBe(6);
    expect(await page.locator('#avg-records').innerText()).toBe('avg 3');
    expect(await page.locator('#avg-scheduling').innerText()).toBe('avg 0 ms');
    expect(await page.locator('#avg-processing').innerText()).toBe('avg 47 ms');
    expect(await page.locator('#avg-total').innerText()).toBe('avg 47 ms');
    // The batch interval is a line on the processing-time chart, as in Spark.
    expect(await legendAt('#chart-processing', 'last')).toEqual([
      '1970/01/01 00:00:04',
      '47 ms',
      '1 s',
    ]);
    // Spark's input rate: 3 records per 1-second batch.
    expect(await legendAt('#chart-rates', 'first')).toEqual(['1970/01/01 00:00:01', '3/s']);
    expect(await legendAt('#chart-records', 'first')).toEqual(['1970/01/01 00:00:01', '3']);
    // State sizes: 3 keys after the first batch, 5 after the fourth; the failed third has none.
    expect(await legendAt('#chart-state', 'first')).toEqual(['1970/01/01 00:00:01', '3']);
    expect(await legendAt('#chart-state', 'last')).toEqual(['1970/01/01 00:00:04', '5']);
  });

  it('draws the DStream graph, with the window and the state marked', async () => {
    const streams = page.locator('svg.dstream-graph g.stream');
    expect(await streams.count()).toBe(10);
    expect(await page.locator('svg.dstream-graph path.edge').count()).toBe(9);
    const labelOf = async (selector: string): Promise<string[]> =>
      page.locator(`svg.dstream-graph ${selector} text`).allTextContents();
    expect(await labelOf('g.kind-input')).toEqual([
      'RateInputDStream [0]',
      jobSites.site('rateStream', 'job-rate'),
      'Rate stream [0]',
    ]);
    expect(await labelOf('g.window')).toEqual([
      'WindowedDStream [5]',
      jobSites.site('window', 'job-window'),
      'window 2 s, slide 1 s',
    ]);
    expect(await labelOf('g.stateful')).toEqual([
      'totals',
      jobSites.site('updateStateByKey', 'job-totals'),
      'stateful: 5 keys',
    ]);
    expect(await attributes('svg.dstream-graph g.kind-output', 'data-stream-id')).toEqual([
      '4',
      '6',
      '9',
    ]);
  });

  it('shows a batch’s lineage and first records when it is clicked', async () => {
    await page.locator('#batches tr[data-batch-time="4000"]').click();
    await page.waitForSelector('#batch-detail[data-loaded="true"][data-batch-time="4000"]');
    expect(await page.locator('#detail-title').innerText()).toBe('Batch 1970/01/01 00:00:04');
    expect(await page.locator('#outputs .inputs').innerText()).toBe(
      '3 records (Rate stream [0]: 3) · scheduling delay 0 ms · processing time 47 ms',
    );
    const outputs = page.locator('#outputs article.output');
    expect(await outputs.count()).toBe(3);
    const { site } = jobSites;
    expect(await outputs.nth(0).locator('h3').innerText()).toBe(
      `Output operation 0: ${site('foreachRDD', 'job-counts')} · succeeded in 40 ms`,
    );
    // The estimated size of the cached partition ('4', '0', '1'), not 0.0 B.
    const cached = 'CachedPartitions: 1; MemorySize: 107.0 B; DiskSize: 0.0 B';
    expect(await outputs.nth(0).locator('pre.lineage').innerText()).toBe(
      [
        `(2) ShuffledRDD[27] at ${site('reduceByKey', 'job-counts')} []`,
        ` +-(1) MapPartitionsRDD[26] at ${site('map', 'job-counts')} []`,
        `    |  MapPartitionsRDD[25] at ${site('map', 'job-values')} []`,
        `    |      ${cached}`,
        `    |  ParallelCollectionRDD[24] at ${site('rateStream', 'job-rate')} []`,
      ].join('\n'),
    );
    expect(await outputs.nth(0).locator('pre.records').innerText()).toBe(
      "('4', 1)\n('0', 1)\n('1', 1)",
    );
    expect(await outputs.nth(2).locator('pre.records').innerText()).toBe(
      "('4', 2)\n('0', 3)\n('2', 2)\n('1', 3)\n('3', 2)",
    );
  });

  it('adds a batch run while the page is open, and saves a screenshot', async () => {
    await runBatches(1, 4);
    await page.waitForSelector('#batches tr[data-batch-time="5000"]');
    expect(await rowCells(5000)).toEqual([
      '1970/01/01 00:00:05',
      '3',
      '0 ms',
      '47 ms',
      '47 ms',
      '3/3',
      'completed',
      '',
    ]);
    await expect.poll(() => page.locator('#summary').innerText()).toContain('5 completed batches');
    await mkdir('test-results', { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
});
