import { type Browser, type Page } from 'playwright-core';
import { Platform, startPlatform } from '@strata/testing';
import { apiLogin, bearer, signUpVerified, uniqueEmail } from './support/accounts';
import { launchChromium, waitForTitle } from './support/browser';
import { contrasts } from './support/contrast';

const PASSWORD = 'web-orgs-password-1';

interface Watched {
  page: Page;
  /** Console errors (CSP violations, script errors) and uncaught page errors. */
  problems: string[];
  /** Every 4xx/5xx answer the page got, as "status path". */
  refusals: string[];
}

/**
 * Organizations in the web client, two people in two browser contexts: the owner creates an
 * organization and invites; the invitee opens the mailed link signed out, signs in, accepts and
 * switches; the owner sees them and changes their role, which the invitee's page then reflects.
 * The owner sees the pending invitations and revokes one.
 */
describe('organizations in the web client', () => {
  let platform: Platform;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    platform = await startPlatform();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  /** A page in a context of its own (its own cookies), watched for problems. */
  async function openPage(): Promise<Watched> {
    const context = await browser.newContext({ baseURL: platform.gatewayUrl });
    const page = await context.newPage();
    const watched: Watched = { page, problems: [], refusals: [] };
    page.on('console', (msg) => {
      // Refused API calls are expected along the way; Chromium logs each, so those are skipped.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
        watched.problems.push(`console: ${msg.text()}`);
      }
    });
    page.on('pageerror', (error) => watched.problems.push(`page error: ${error.message}`));
    page.on('response', (res) => {
      if (res.status() >= 400) {
        watched.refusals.push(`${res.status()} ${new URL(res.url()).pathname}`);
      }
    });
    return watched;
  }

  it('creates an organization, invites by email, accepts after signing in, switches and changes the role', async () => {
    const ownerEmail = uniqueEmail('web-owner');
    const inviteeEmail = uniqueEmail('web-invitee');
    await Promise.all([
      signUpVerified(platform, ownerEmail, PASSWORD),
      signUpVerified(platform, inviteeEmail, PASSWORD),
    ]);
    const inviteeApi = bearer(
      platform,
      (await apiLogin(platform, inviteeEmail, PASSWORD)).accessToken,
    );
    const inviteeName = (await inviteeApi.get('/api/v1/me')).body.username as string;
    expect(inviteeName).toMatch(/^web-invitee-/);

    const owner = await openPage();
    const invitee = await openPage();
    const o = owner.page;
    const i = invitee.page;

    // The owner signs in; the account page checks usernames as they are typed.
    await o.goto('/login');
    await signIn(o, ownerEmail);
    await o.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await o.getByRole('link', { name: 'Account', exact: true }).click();
    await o.getByRole('heading', { name: 'Your account' }).waitFor();
    const username = o.getByRole('textbox', { name: 'Username' });
    await username.fill('admin');
    await o.getByText('This username is reserved.').waitFor();
    await username.fill(inviteeName);
    await o.getByText('This username is taken.').waitFor();
    // Taken all the same: the server's 409 is shown beside the field.
    await o.getByRole('button', { name: 'Save username' }).click();
    await o
      .locator('.field-error', { hasText: `The username "${inviteeName}" is taken` })
      .waitFor();
    const ownerName = `boss-${Date.now().toString(36)}`;
    await username.fill(ownerName);
    await o.getByText(`${ownerName} is available.`).waitFor();
    await o.getByRole('button', { name: 'Save username' }).click();
    await o.getByText(`Your username is now ${ownerName}.`).waitFor();

    // Creating an organization makes it the active one, with the owner as its one member.
    await o.getByRole('link', { name: 'Organization', exact: true }).click();
    await o.waitForURL('**/org');
    await o.getByRole('heading', { name: 'Your organizations' }).waitFor();
    // The personal organization, its owner alone in it: not offered to leave, told why.
    await o.getByText('is your personal organization').waitFor();
    expect(await o.getByRole('button', { name: 'Leave organization' }).count()).toBe(0);
    const orgName = `Acme ${Date.now().toString(36)}`;
    await o.getByLabel('New organization name').fill(orgName);
    await o.getByRole('button', { name: 'Create organization' }).click();
    await o.getByText(`Created ${orgName}; you are its owner.`).waitFor();
    await waitForText(o.getByTestId('org-name'), orgName);
    await o.getByTestId('org-item').filter({ hasText: orgName }).getByText('Active').waitFor();
    expect(await o.getByTestId('org-item').count()).toBe(2);
    await o.locator('[data-testid="member-row"]', { hasText: ownerName }).waitFor();

    // The last owner cannot leave: the server's 409 is shown.
    await o.getByRole('button', { name: 'Leave organization' }).click();
    await o.getByRole('button', { name: 'Yes, leave' }).click();
    await o.getByRole('alert').getByText('An organization needs at least one owner').waitFor();

    // Not an address: the app's own message beside the field (no browser popup), nothing sent.
    await o.getByLabel('Email to invite').fill('not-an-address');
    await o.getByRole('button', { name: 'Send invitation' }).click();
    await o
      .locator('.field-error', { hasText: 'Enter an email address, like name@example.com.' })
      .waitFor();
    expect(await o.getByLabel('Email to invite').getAttribute('aria-invalid')).toBe('true');

    await o.getByLabel('Email to invite').fill(inviteeEmail);
    await o.getByLabel('Role', { exact: true }).selectOption('member');
    await o.getByRole('button', { name: 'Send invitation' }).click();
    await o.getByText(`Invitation sent to ${inviteeEmail} as member.`).waitFor();

    // The pending invitation is listed; a second one, sent by mistake, is revoked.
    await o.locator(`[data-testid="invitation-row"][data-email="${inviteeEmail}"]`).waitFor();
    const mistake = uniqueEmail('web-mistake');
    await o.getByLabel('Email to invite').fill(mistake);
    await o.getByRole('button', { name: 'Send invitation' }).click();
    const mistakeRow = o.locator(`[data-testid="invitation-row"][data-email="${mistake}"]`);
    await mistakeRow.waitFor();
    await o.getByRole('button', { name: `Revoke the invitation to ${mistake}` }).click();
    await o.getByRole('button', { name: `Confirm revoking the invitation to ${mistake}` }).click();
    await o
      .getByText(`The invitation to ${mistake} was revoked: its link no longer works.`)
      .waitFor();
    expect(await mistakeRow.count()).toBe(0);
    expect(await o.getByTestId('invitation-row').count()).toBe(1);

    const mail = await platform.mail.waitFor(
      (m) => m.to.includes(inviteeEmail) && /invited you/.test(m.subject),
    );
    const link = /https?:\/\/\S+\/invitations\/accept\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link?.startsWith(`${platform.gatewayUrl}/invitations/accept?token=`)).toBe(true);

    // Signed out, the link leads to sign in and back; accepting offers the switch.
    await i.goto(link!);
    await i.waitForURL(/\/login\?next=%2Finvitations%2Faccept%3Ftoken%3D/);
    await i.getByText('Sign in to accept the invitation.').waitFor();
    await signIn(i, inviteeEmail);
    await i.getByRole('heading', { name: `You joined ${orgName}` }).waitFor();
    expect(new URL(i.url()).pathname).toBe('/invitations/accept');
    await i.getByRole('button', { name: `Switch to ${orgName}` }).click();
    await i.waitForURL('**/org');
    await waitForText(i.getByTestId('org-name'), orgName);
    await i.locator('.subtitle').getByText('Member').waitFor();
    // A member sees the members but gets no controls their role does not allow.
    await i.locator('[data-testid="member-row"]', { hasText: ownerName }).waitFor();
    expect(await i.getByLabel('Email to invite').count()).toBe(0);
    expect(await i.locator('.members select').count()).toBe(0);
    expect(await i.getByRole('button', { name: /^Remove / }).count()).toBe(0);

    // The link works once: opened again, the page shows the problem's detail.
    await i.goto(link!);
    await i.getByRole('heading', { name: 'This invitation cannot be used' }).waitFor();
    await i.getByRole('alert').getByText('This invitation has already been used.').waitFor();
    await i.goto('/org');
    await waitForText(i.getByTestId('org-name'), orgName);

    // The owner sees the new member and makes them an admin.
    await o.getByRole('button', { name: 'Refresh' }).click();
    const row = o.locator(`[data-testid="member-row"][data-username="${inviteeName}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(inviteeEmail);
    await o.getByLabel(`Role of ${inviteeName}`).selectOption('admin');
    await o.getByText(`${inviteeName} is now admin.`).waitFor();
    expect(await o.getByLabel(`Role of ${inviteeName}`).inputValue()).toBe('admin');
    await o.screenshot({ path: '/tmp/strata-org.png', fullPage: true });
    // Every badge on the page (roles, Personal) is readable: 4.5:1 or more (WCAG 1.4.3).
    const badges = await contrasts(o.locator('.badge'));
    expect(badges.map((b) => b.text)).toEqual(expect.arrayContaining(['Owner', 'Personal', 'You']));
    expect(badges.filter((b) => b.ratio < 4.5)).toEqual([]);

    // The invitee's page, reloaded, has the new role and the controls that come with it.
    await i.reload();
    await i.locator('.subtitle').getByText('Admin').waitFor();
    await i.getByLabel('Email to invite').waitFor();

    // The wordmark is a link home: the dashboard, where signing in lands.
    await o.getByRole('link', { name: 'Strata, home' }).click();
    await o.waitForURL((url) => url.pathname === '/');
    await o.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await waitForTitle(o, 'Dashboard · Strata');

    expect(owner.problems).toEqual([]);
    expect(invitee.problems).toEqual([]);
    expect(owner.refusals).toEqual([
      '409 /api/v1/me/username', // the taken name
      expect.stringMatching(/^409 \/api\/v1\/orgs\/[0-9a-f-]{36}\/leave$/), // the last owner
    ]);
    // Signed out at first: /me, then the client's one refresh attempt; the reused link. After the
    // role change the invitee's old token may be refused once (auth.token_expired) and refreshed.
    expect(invitee.refusals.slice(0, 3)).toEqual([
      '401 /api/v1/me',
      '401 /api/v1/auth/token/refresh',
      '410 /api/v1/invitations/accept',
    ]);
    expect(invitee.refusals.slice(3).filter((r) => !r.startsWith('401 '))).toEqual([]);
  });
});

async function signIn(page: Page, email: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function waitForText(locator: ReturnType<Page['getByTestId']>, text: string) {
  await locator.filter({ hasText: text }).waitFor();
}
