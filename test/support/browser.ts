import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The Debian package; CI installs it (.ci/run). Never downloaded by the tests. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_INDEX = path.resolve(__dirname, '../../web/dist/index.html');

/**
 * Headless Chromium for the web suites, after checking that it is installed and that the web
 * client is built (the gateway serves web/dist).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH). ` +
        'The web tests need it and never download a browser.',
    );
  }
  if (!existsSync(WEB_INDEX)) {
    throw new Error(`${WEB_INDEX} does not exist: build the web client first (npm run build)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Waits until the tab's title is `title` (the page names itself in an effect after rendering). */
export async function waitForTitle(page: Page, title: string): Promise<void> {
  await page.waitForFunction((expected) => document.title === expected, title, { timeout: 10_000 });
}

/** Presses Tab once from the top of the page; returns the focused element's text and href. */
export async function firstTabStop(page: Page): Promise<{ text: string; href: string | null }> {
  await page.keyboard.press('Tab');
  return page.evaluate(() => {
    const el = document.activeElement;
    return { text: el?.textContent ?? '', href: el?.getAttribute('href') ?? null };
  });
}
