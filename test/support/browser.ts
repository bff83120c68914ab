/**
 * The live view's browser tests open it in Debian's headless Chromium (`/usr/bin/chromium`, which
 * `.ci/run` installs) through playwright-core, in UTC, at 1280×900, and wait until the page has
 * drawn its first snapshot.
 */
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launch Chromium and open `url` once its page is ready. */
export async function openView(url: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { browser, page };
}
