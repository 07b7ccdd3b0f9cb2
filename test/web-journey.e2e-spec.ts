import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Platform, startPlatform } from '@strata/testing';
import { signUpVerified, uniqueEmail } from './support/accounts';
import { firstTabStop, launchChromium, waitForTitle } from './support/browser';

/**
 * The React client in headless Chromium against the whole platform, at the gateway's origin
 * (http://127.0.0.1, which Chromium treats as potentially trustworthy, so the Secure
 * __Host- cookies are kept over plain HTTP).
 */
describe('the web client, in a browser', () => {
  let platform: Platform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageProblems: string[] = [];
  const apiRefusals: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    platform = await startPlatform();
    context = await browser.newContext({ baseURL: platform.gatewayUrl });
    page = await context.newPage();
    // CSP violations and script errors surface here.
    // (Refused API calls are expected along the way; Chromium logs each, so those are skipped.)
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
        pageProblems.push(`console: ${msg.text()}`);
      }
    });
    page.on('response', (res) => {
      if (res.status() >= 400) apiRefusals.push(`${res.status()} ${new URL(res.url()).pathname}`);
    });
    page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('signs up, verifies by the emailed link, signs in, changes the password, signs out and back in', async () => {
    const email = uniqueEmail('web');
    const password = 'web-password-1';
    const newPassword = 'web-password-2';

    // Signed out, the account page sends the visitor to sign in.
    await page.goto('/');
    await page.waitForURL('**/login');
    await waitForTitle(page, 'Sign in · Strata');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL('**/signup');
    await waitForTitle(page, 'Create your account · Strata');

    // A password that is too short is refused beside its field.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page
      .locator('.field-error', { hasText: 'Enter a password of at least 8 characters.' })
      .waitFor();

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();

    const mail = await platform.mail.waitFor(
      (m) => m.to.includes(email) && /Confirm your email/.test(m.subject),
    );
    const link = /https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link?.startsWith(`${platform.gatewayUrl}/verify-email?token=`)).toBe(true);
    await page.goto(link!);
    await page.getByRole('heading', { name: 'Email confirmed' }).waitFor();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL('**/login');

    await signIn(page, email, password);
    // Signing in lands on the dashboard; the account page is one link away.
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await waitForTitle(page, 'Dashboard · Strata');
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.waitForURL('**/account');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await waitForTitle(page, 'Your account · Strata');
    // Signed in, the first Tab stop skips the navigation to the page's content.
    await page.reload();
    await page.getByTestId('account-email').waitFor();
    expect(await firstTabStop(page)).toEqual({ text: 'Skip to content', href: '#main' });
    // Off-screen until focused, then shown at the top.
    const skip = await page.getByRole('link', { name: 'Skip to content' }).boundingBox();
    expect(skip?.y).toBeGreaterThanOrEqual(0);
    expect(await page.getByTestId('account-email').textContent()).toBe(email);
    const sessions = page.locator('.sessions > li');
    await sessions.first().waitFor();
    expect(await sessions.count()).toBe(1);
    await expect(sessions.first().getByText('This device').isVisible()).resolves.toBe(true);
    expect(await sessions.first().textContent()).toContain('127.0.0.1');

    // The Secure cookies were kept over http://127.0.0.1 and are HttpOnly.
    const cookies = await context.cookies();
    const access = cookies.find((c) => c.name === '__Host-strata_at');
    expect(access).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });

    await page.screenshot({ path: '/tmp/strata-account.png', fullPage: true });

    // Access token gone and CSRF token forgotten (a new tab, say): the client gets a CSRF token,
    // refreshes the session once and carries on.
    await context.clearCookies({ name: '__Host-strata_at' });
    await page.evaluate('sessionStorage.clear()');
    await page.reload();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await sessions.first().waitFor();
    expect((await context.cookies()).some((c) => c.name === '__Host-strata_at')).toBe(true);

    // A wrong current password is refused; the right one changes it.
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('.alert--error').waitFor();
    await page.getByLabel('Current password').fill(password);
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/login');
    expect((await context.cookies()).some((c) => c.name === '__Host-strata_at')).toBe(false);

    // The old password no longer works; the new one does.
    await signIn(page, email, password);
    await page.locator('.alert--error').waitFor();
    await signIn(page, email, newPassword);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await page.getByTestId('account-email').textContent()).toBe(email);

    expect(pageProblems).toEqual([]);
    // Exactly the refusals the journey provokes: no CSRF failures, no retries beyond the one refresh.
    expect(apiRefusals).toEqual([
      '401 /api/v1/me', // signed out
      '401 /api/v1/auth/token/refresh', // the client's one refresh attempt before giving up
      '422 /api/v1/auth/signup', // the short password
      '401 /api/v1/me', // the access cookie removed
      '403 /api/v1/auth/token/refresh', // no CSRF token yet: one is fetched and the refresh retried
      '403 /api/v1/me/password', // the wrong current password
      '401 /api/v1/auth/login', // the old password
    ]);
  });

  it('resets a forgotten password from the emailed link, then deletes the account with it', async () => {
    pageProblems.length = 0;
    apiRefusals.length = 0;
    const email = uniqueEmail('web-forgot');
    await signUpVerified(platform, email, 'web-forgot-old-1');
    await context.clearCookies();

    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL('**/forgot-password');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('a link to reset its password is on its way').waitFor();

    const mail = await platform.mail.waitFor(
      (m) => m.to.includes(email) && /Reset your Strata password/.test(m.subject),
    );
    const link = /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    await page.goto(link!);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('New password').fill('web-forgot-new-1');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();
    // The link works once: opened again, it says so and offers a new one.
    await page.goto(link!);
    await page.getByLabel('New password').fill('web-forgot-third-1');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('invalid, used or expired').waitFor();
    await page.getByRole('link', { name: 'Ask for a new link' }).waitFor();

    await page.goto('/login');
    await signIn(page, email, 'web-forgot-new-1');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    await page.getByLabel('Your password, to confirm').fill('web-forgot-old-1');
    await page.getByRole('button', { name: 'Delete my account for good' }).click();
    await page.getByText('The current password is incorrect.').waitFor();
    await page.getByLabel('Your password, to confirm').fill('web-forgot-new-1');
    await page.getByRole('button', { name: 'Delete my account for good' }).click();
    await page.waitForURL('**/login?deleted=1');
    await page.getByText('Your account was deleted.').waitFor();
    await signIn(page, email, 'web-forgot-new-1');
    await page.locator('.alert--error').waitFor();

    expect(pageProblems).toEqual([]);
    expect(apiRefusals).toEqual([
      '400 /api/v1/auth/password/reset', // the used link
      '403 /api/v1/me/delete', // the old password
      '401 /api/v1/auth/login', // the deleted account
    ]);
  });

  it('serves pages with index.html, hashed assets for good, and leaves /api to the API', async () => {
    const html = { accept: 'text/html,application/xhtml+xml' };
    const pageRes = await fetch(`${platform.gatewayUrl}/some/deep/page`, { headers: html });
    expect(pageRes.status).toBe(200);
    expect(pageRes.headers.get('cache-control')).toBe('no-cache');
    expect(pageRes.headers.get('content-security-policy')).toContain("script-src 'self'");
    const body = await pageRes.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(body)?.[1];
    expect(script).toBeDefined();
    expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

    const asset = await fetch(`${platform.gatewayUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const api = await fetch(`${platform.gatewayUrl}/api/v1/no-such-route`, { headers: html });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await api.json()) as { code: string }).code).toBe('gateway.not_found');

    const missingAsset = await fetch(`${platform.gatewayUrl}/assets/missing.js`);
    expect(missingAsset.status).toBe(404);
  });
});

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
