import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser } from 'playwright-core';
import { Platform, startPlatform } from '@strata/testing';
import { seriousViolations } from './support/axe';
import { firstTabStop, launchChromium, waitForTitle } from './support/browser';
import { checkPage, narrowOverflow, openWatchedPage, signInAt } from './support/pages';
import { claimsOf, newUser, PASSWORD, type TestUser } from './support/orgs';

/**
 * The console's shell and dashboard in headless Chromium against the whole platform, the
 * cluster service running the sandbox job as a child process (the local runner): a new owner
 * lands on the dashboard with the first-run checklist; a sandbox cluster created meanwhile shows
 * up in "Runs in progress" and then among the READY clusters without a reload (the event stream
 * feeds the query cache); a failing one shows among the recent failures. Every signed-in page
 * and the signed-out ones have their own tab title and no serious or critical axe violation;
 * screenshots of each are saved with the run's logs.
 */
describe('the web console: shell and dashboard', () => {
  let platform: Platform;
  let browser: Browser;
  let workDir: string;
  let owner: TestUser;
  let orgId: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'strata-web-dashboard-'));
    browser = await launchChromium();
    platform = await startPlatform({
      serviceEnv: { cluster: { CLUSTER_RUNNER: 'local', CLUSTER_LOCAL_WORKDIR: workDir } },
    });
    owner = await newUser(platform, 'web-dashboard');
    orgId = claimsOf(owner.accessToken).org as string;
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('shows a sandbox cluster run on the dashboard live, from the first-run checklist to READY', async () => {
    const { page, problems } = await openWatchedPage(browser, platform.gatewayUrl);
    await signInAt(page, owner.email, PASSWORD);
    await waitForTitle(page, 'Dashboard · Strata');

    // The shell: the skip link first, the active organization and role, every page in the nav.
    await page.reload();
    await page.getByRole('heading', { name: 'Get started' }).waitFor();
    expect(await firstTabStop(page)).toEqual({ text: 'Skip to content', href: '#main' });
    const context = page.getByTestId('active-org');
    await context.getByText('Owner').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Dashboard',
      'Clusters',
      'Cloud accounts',
      'Storage',
      'Organization',
      'Notifications',
      'Account',
    ]);
    expect(await nav.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).toBe(
      'page',
    );

    // A new organization: four steps to do, and the way to try without a cloud.
    const todo = page.locator('.checklist__step:not(.checklist__step--done)');
    expect(await todo.count()).toBe(4);
    await page.getByTestId('sandbox-path').getByText('sandbox').waitFor();
    await page.getByText('No clusters yet.').waitFor();
    // The browser's sign-in after the API's is a "new sign-in": it is among the unread.
    await page.getByTestId('unread-notifications').locator('.item').first().waitFor();

    // A sandbox cluster is created elsewhere (the API): the dashboard follows its run live.
    await page.evaluate('window.strataSameDocument = true');
    const suffix = Date.now().toString(36);
    const created = await owner.api.post(`/api/v1/orgs/${orgId}/clusters`, {
      provider: 'sandbox',
      namePrefix: 'dash',
      nameSuffix: suffix,
      region: 'sandbox-1',
    });
    expect(created.status).toBe(201);
    const name = `dash-${suffix}`;
    await page.getByTestId('runs-in-progress').locator(`[data-name="${name}"]`).waitFor();
    await page.locator('[data-testid="count-READY"]', { hasText: '1' }).waitFor({
      timeout: 90_000,
    });
    await page.getByText('Nothing is running.').waitFor();
    expect(await todo.count()).toBe(3); // "Create a cluster" is done
    expect(await page.evaluate('window.strataSameDocument')).toBe(true); // no reload

    // A run that fails shows among the recent failures, with its reason.
    const failing = await owner.api.post(`/api/v1/orgs/${orgId}/clusters`, {
      provider: 'sandbox',
      namePrefix: 'dashfail',
      nameSuffix: suffix,
      region: 'sandbox-2',
      sandboxFailAt: 'node-pool',
    });
    expect(failing.status).toBe(201);
    await page
      .getByTestId('recent-failures')
      .getByRole('link', { name: `dashfail-${suffix}` })
      .waitFor({ timeout: 90_000 });
    await page.locator('[data-testid="count-FAILED"]', { hasText: '1' }).waitFor();
    expect(await page.evaluate('window.strataSameDocument')).toBe(true);

    expect(await seriousViolations(page)).toEqual([]);
    expect(await narrowOverflow(page, platform.logDir, 'dashboard')).toBe(0);
    expect(problems).toEqual([]);
  });

  it('gives every page its own title, no serious or critical axe violation, and a screenshot', async () => {
    const { page, problems } = await openWatchedPage(browser, platform.gatewayUrl);
    const dir = platform.logDir;

    // Signed out first.
    await page.goto('/login');
    expect(await checkPage(page, { title: 'Sign in', shot: 'login', dir })).toEqual([]);
    await page.goto('/signup');
    expect(await checkPage(page, { title: 'Create your account', shot: 'signup', dir })).toEqual(
      [],
    );
    await page.goto('/forgot-password');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await signInAt(page, owner.email, PASSWORD);
    const clusters = await owner.api.get(`/api/v1/orgs/${orgId}/clusters`);
    const cluster = (clusters.body.items as { id: string; name: string; state: string }[]).find(
      (c) => c.state === 'READY',
    )!;
    const orgName = (await owner.api.get('/api/v1/me')).body.activeOrg.name as string;
    const pages = [
      { path: '/', title: 'Dashboard', heading: 'Dashboard', shot: 'dashboard' },
      { path: '/clusters', title: 'Clusters', heading: 'Clusters', shot: 'clusters' },
      { path: `/clusters/${cluster.id}`, title: cluster.name, heading: 'Cluster', shot: 'cluster' },
      {
        path: '/cloud-accounts',
        title: 'Cloud accounts',
        heading: 'Cloud accounts',
        shot: 'cloud-accounts',
      },
      { path: '/storage', title: 'Storage', heading: 'Storage', shot: 'storage' },
      { path: '/org', title: orgName, heading: orgName, shot: 'organization' },
      {
        path: '/notifications',
        title: 'Notifications',
        heading: 'Notifications',
        shot: 'notifications',
      },
      {
        path: '/notifications/preferences',
        title: 'Notification preferences',
        heading: 'Notification preferences',
        shot: 'notification-preferences',
      },
      { path: '/account', title: 'Your account', heading: 'Your account', shot: 'account' },
    ];
    const found: Record<string, unknown> = {};
    for (const p of pages) {
      await page.goto(p.path);
      await page.getByRole('heading', { name: p.heading, level: 1, exact: true }).waitFor();
      // Lists settle (their loading states give way to the rows or the empty states).
      await page.waitForFunction(() => !document.body.innerText.includes('Loading'));
      const violations = await checkPage(page, { title: p.title, shot: p.shot, dir });
      if (violations.length > 0) found[p.path] = violations;
    }
    expect(found).toEqual({});

    // The nav marks the page shown; the wordmark leads to the dashboard.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(
      await nav.getByRole('link', { name: 'Account', exact: true }).getAttribute('aria-current'),
    ).toBe('page');
    await page.getByRole('link', { name: 'Strata, home' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await waitForTitle(page, 'Dashboard · Strata');

    // Focus rings are visible: the focused control has a solid outline at least 2 px wide.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    expect(problems).toEqual([]);
  });
  it('can be used with the keyboard alone: the skip link, the navigation, a setting changed', async () => {
    const { page, problems } = await openWatchedPage(browser, platform.gatewayUrl);
    await signInAt(page, owner.email, PASSWORD);
    await waitForTitle(page, 'Dashboard · Strata');
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return {
          text: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim(),
          id: el?.id ?? '',
        };
      });
    /** Presses Tab until the focused element's name matches (at most `limit` presses). */
    const tabTo = async (name: RegExp, limit = 40) => {
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        if (name.test((await focused()).text)) return;
      }
      throw new Error(`no tab stop named ${name} within ${limit} presses`);
    };

    // The first tab stop is the skip link; Enter moves focus to the page's content.
    await page.goto('/');
    await waitForTitle(page, 'Dashboard · Strata');
    await tabTo(/^Skip to content$/, 1);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');

    // The navigation and a page's own links, by Tab and Enter alone (from the top again).
    await page.goto('/');
    await waitForTitle(page, 'Dashboard · Strata');
    await tabTo(/^Notifications/);
    await page.keyboard.press('Enter');
    await waitForTitle(page, 'Notifications · Strata');
    await tabTo(/^Preferences$/);
    await page.keyboard.press('Enter');
    await waitForTitle(page, 'Notification preferences · Strata');

    // A checkbox toggled with Space is saved.
    await tabTo(/^A cluster run failed: by email$/, 80);
    const before = await page.getByLabel('A cluster run failed: by email').isChecked();
    await page.keyboard.press('Space');
    await page.getByText('Saved.').waitFor();
    const stored = await owner.api.get('/api/v1/me/notification-preferences');
    expect(
      (stored.body.items as { kind: string; email: boolean }[]).find(
        (p) => p.kind === 'cluster.run_failed',
      )?.email,
    ).toBe(!before);
    expect(problems).toEqual([]);
  });
});
