import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { horizontalOverflow, seriousViolations, type AxeFinding } from './axe';
import { waitForTitle } from './browser';

/** A browser page with what went wrong on it collected: script errors and refused API calls. */
export async function openWatchedPage(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const problems: string[] = [];
  const refusals: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) refusals.push(`${res.status()} ${new URL(res.url()).pathname}`);
  });
  return { context, page, problems, refusals };
}

/** Signs in through the form; the dashboard is where it lands. */
export async function signInAt(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
}

/**
 * The page as shown now, checked: its tab is titled `<title> · Strata`, axe finds no serious or
 * critical violation, and a full-page screenshot is saved among the run's artifacts (`dir`).
 * Returns the violations (expected empty) so a failure names them.
 */
export async function checkPage(
  page: Page,
  { title, shot, dir }: { title: string; shot: string; dir: string },
): Promise<AxeFinding[]> {
  await waitForTitle(page, `${title} · Strata`);
  await page.screenshot({ path: path.join(dir, `page-${shot}.png`), fullPage: true });
  return seriousViolations(page);
}

/** At 390 px wide (a phone), nothing on the page overflows sideways; a screenshot is saved. */
export async function narrowOverflow(page: Page, dir: string, shot: string): Promise<number> {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    const overflow = await horizontalOverflow(page);
    await page.screenshot({ path: path.join(dir, `page-${shot}-390.png`), fullPage: true });
    return overflow;
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
}
