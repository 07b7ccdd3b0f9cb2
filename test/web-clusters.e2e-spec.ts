import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type Locator } from 'playwright-core';
import { Platform, startPlatform, waitUntil } from '@strata/testing';
import { apiLogin, signUpVerified, uniqueEmail } from './support/accounts';
import { launchChromium, waitForTitle } from './support/browser';
import { joinOrg, newUser, ownerOfNewOrg, PASSWORD as ORG_PASSWORD } from './support/orgs';

const PASSWORD = 'web-clusters-password-1';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Clusters and notifications in the web client, live over the tab's one event stream: the cluster
 * service runs the sandbox job as a child process (the local runner). An owner signs in, is
 * refused with the 422's messages beside their fields, creates a sandbox cluster, and watches
 * it go to READY with its log lines arriving on the page without a reload; the run's
 * notifications raise the bell's count; the notifications page marks them all read (count 0),
 * filters, shows a new one as it arrives, and deletes the read ones; the cluster is deleted.
 * A READY cluster is changed from its page (node pool sizes, the next Kubernetes minor).
 */
describe('clusters and notifications in the web client', () => {
  let platform: Platform;
  let browser: Browser;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'strata-web-clusters-'));
    browser = await launchChromium();
    platform = await startPlatform({
      serviceEnv: { cluster: { CLUSTER_RUNNER: 'local', CLUSTER_LOCAL_WORKDIR: workDir } },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('creates a sandbox cluster and follows it to READY live; the bell counts the run notifications', async () => {
    const email = uniqueEmail('web-clusters');
    await signUpVerified(platform, email, PASSWORD);
    // The first session ever is not a "new sign-in"; the browser's, after it, is.
    await apiLogin(platform, email, PASSWORD, 'web-clusters-first-device');

    const context = await browser.newContext({ baseURL: platform.gatewayUrl });
    const page = await context.newPage();
    const problems: string[] = [];
    const refusals: string[] = [];
    const logReads: string[] = [];
    const streams: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
        problems.push(`console: ${msg.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (res) => {
      if (res.status() >= 400) refusals.push(`${res.status()} ${new URL(res.url()).pathname}`);
    });
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (/\/runs\/[^/]+\/logs$/.test(url.pathname)) logReads.push(url.pathname + url.search);
      if (url.pathname === '/api/v1/events') streams.push(url.search);
    });

    // Signing in is itself a notification (new sign-in): the bell shows it live.
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const bell = page.getByTestId('unread-count');
    await waitForCount(bell, 1);
    await page.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor();

    // The clusters page of the personal organization, where the owner may create.
    await page.getByRole('link', { name: 'Clusters', exact: true }).click();
    await page.waitForURL('**/clusters');
    await page.getByText('No clusters yet.').waitFor();
    await waitForTitle(page, 'Clusters · Strata');
    const form = page.getByRole('form', { name: 'Create a cluster' });
    // The documented defaults are shown.
    expect(await form.getByLabel('Provider').inputValue()).toBe('sandbox');
    expect(await form.getByLabel('Region').inputValue()).toBe('sandbox-1');
    expect(await form.getByLabel('VPC CIDR').inputValue()).toBe('10.0.0.0/16');
    expect(await form.getByLabel('Kubernetes version').inputValue()).toBe('1.33');
    expect(await form.getByLabel('Minimum nodes').inputValue()).toBe('1');
    expect(await form.getByLabel('Maximum nodes').inputValue()).toBe('3');
    expect(await form.getByLabel('Node instance type').getAttribute('placeholder')).toBe(
      'sandbox.small',
    );

    // The network and rarely changed fields sit in a collapsed "Advanced" section.
    const advanced = form.locator('details.advanced');
    expect(await advanced.getAttribute('open')).toBeNull();
    expect(await form.getByLabel('VPC CIDR').isVisible()).toBe(false);
    await advanced.locator('summary').click();
    await form.getByLabel('VPC CIDR').waitFor();

    // Every invalid field is refused at once, each message beside its field and all of them
    // listed above the form; a refusal inside the closed section opens it.
    await form.getByLabel('Name prefix').fill('Bad_Name');
    await form.getByLabel('VPC CIDR').fill('10.0.0.0/8');
    await form.getByLabel('Public subnets').fill('10.0.0.0/24, 10.0.0.0/25');
    await advanced.locator('summary').click();
    expect(await form.getByLabel('VPC CIDR').isVisible()).toBe(false);
    await form.getByRole('button', { name: 'Create cluster' }).click();
    await fieldError(form, 'Name prefix', /^Must be lower-case letters, digits and hyphens/);
    await fieldError(form, 'VPC CIDR', /^Must have a prefix length between \/16 and \/24/);
    const summary = form.getByTestId('field-error-summary');
    await waitForText(summary, 'Name prefix: Must be lower-case letters');
    await waitForText(summary, 'VPC CIDR: Must have a prefix length');
    expect(refusals).toEqual([
      expect.stringMatching(new RegExp(`^422 /api/v1/orgs/${UUID}/clusters$`)),
    ]);

    await page.screenshot({
      path: path.join(platform.logDir, 'clusters-form.png'),
      fullPage: true,
    });
    const suffix = Date.now().toString(36);
    const name = `web-${suffix}`;
    await form.getByLabel('Name prefix').fill('web');
    await form.getByLabel('Name suffix').fill(suffix);
    await form.getByLabel('VPC CIDR').fill('10.0.0.0/16');
    await form.getByLabel('Public subnets').fill('');
    // Marks this document: a reload would lose it.
    await page.evaluate('window.strataSameDocument = true');
    await form.getByRole('button', { name: 'Create cluster' }).click();

    // The cluster page follows the run live: state, log lines, then READY with its outputs.
    await page.waitForURL(new RegExp(`/clusters/${UUID}$`));
    const clusterId = new URL(page.url()).pathname.split('/').pop()!;
    await waitForText(page.getByTestId('cluster-name'), name);
    await waitForTitle(page, `${name} · Strata`);
    const log = page.getByTestId('run-log');
    await waitForText(log, `sandbox: apply of cluster ${name} in sandbox-1`);
    await page.locator('[data-testid="cluster-state"] [data-state="READY"]').waitFor();
    await waitForText(log, 'sandbox: apply complete');
    await waitForText(page.getByTestId('outputs'), `https://${name}.sandbox.strata.invalid`);
    // The progress lines move the bar but are not shown in the log.
    await waitForText(page.getByTestId('progress'), 'addons · 100%');
    expect(await log.textContent()).not.toContain('::strata-progress');
    // A READY cluster's owner downloads its kubeconfig (the sandbox's placeholder token).
    await page.getByText('Its token expires in 15 minutes').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download kubeconfig' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`kubeconfig-${name}.yaml`);
    const kubeconfig = await readFile((await download.path())!, 'utf8');
    expect(kubeconfig).toContain(`server: "https://${name}.sandbox.strata.invalid"`);
    expect(kubeconfig).toContain('token: "sandbox-no-credentials"');
    await page
      .getByTestId('run-item')
      .filter({ has: page.locator('[data-state="SUCCEEDED"]') })
      .waitFor();
    // No reload, and the log came over the event stream (?cluster=<id>), never read by offset.
    expect(await page.evaluate('window.strataSameDocument === true')).toBe(true);
    expect(logReads).toEqual([]);
    expect(streams.some((s) => s.includes(`cluster=${clusterId}`))).toBe(true);

    // The run's notifications (started, succeeded) raise the count live.
    await waitForCount(bell, 3);

    // Back on the list, the cluster is READY; the owner opens the notifications from the bell.
    await page.getByRole('link', { name: 'Clusters', exact: true }).click();
    await page
      .getByTestId('cluster-item')
      .filter({ hasText: name })
      .locator('[data-state="READY"]')
      .waitFor();
    await page.getByRole('link', { name: 'Notifications, 3 unread' }).click();
    await page.waitForURL('**/notifications');
    const items = page.getByTestId('notification');
    await items.filter({ hasText: 'Creating a cluster succeeded' }).waitFor();
    await items.filter({ hasText: 'Creating a cluster started' }).waitFor();
    await items.filter({ hasText: 'New sign-in to your account' }).waitFor();
    expect(await page.locator('[data-testid="notification"][data-unread]').count()).toBe(3);

    await page.screenshot({
      path: path.join(platform.logDir, 'notifications.png'),
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByText('Marked 3 notifications read.').waitFor();
    await waitForCount(bell, 0);
    expect(await page.locator('[data-testid="notification"][data-unread]').count()).toBe(0);
    await page.getByRole('button', { name: 'Unread only' }).click();
    await page.getByText('Nothing unread.').waitFor();

    // A new notification appears as it happens (another sign-in), and the count with it.
    await apiLogin(platform, email, PASSWORD, 'web-clusters-second-device');
    await items.filter({ hasText: 'New sign-in to your account' }).waitFor();
    await waitForCount(bell, 1);
    await page.getByRole('button', { name: 'Mark read: “New sign-in to your account”' }).click();
    await waitForCount(bell, 0);

    // Every read one deleted.
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await items.first().waitFor();
    await page.getByRole('button', { name: 'Delete all read' }).click();
    await page.getByText('Deleted 4 read notifications.').waitFor();
    await page.getByText('No notifications yet.').waitFor();

    // The notification's cluster, deleted from its page: DELETING, then DELETED.
    await page.goto(`/clusters/${clusterId}`);
    await page.locator('[data-testid="cluster-state"] [data-state="READY"]').waitFor();
    await page.getByRole('button', { name: 'Delete cluster' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.locator('[data-testid="cluster-state"] [data-state="DELETED"]').waitFor();
    await waitForText(log, 'sandbox: destroy complete');
    await waitForCount(bell, 2); // the destroy run started and the cluster deleted (no run_succeeded)
    // The finished create run's stored log, read by offset (?after=) from the run history.
    await page
      .getByTestId('run-item')
      .filter({ hasText: 'Create' })
      .getByRole('button', { name: 'Show log' })
      .click();
    await waitForText(log, 'sandbox: apply complete');
    expect(await log.textContent()).not.toContain('::strata-progress');
    expect(logReads[0]).toMatch(new RegExp(`/clusters/${clusterId}/runs/${UUID}/logs\\?after=0$`));

    await page.screenshot({ path: path.join(platform.logDir, 'clusters.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(refusals).toHaveLength(1);
  });

  it('offers members retry and viewers nothing, with the failure reason shown to both', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'web-clusters-team');
    const [member, viewer] = await Promise.all([
      newUser(platform, 'web-clusters-member'),
      newUser(platform, 'web-clusters-viewer'),
    ]);
    await joinOrg(platform, owner, orgId, member, 'member');
    await joinOrg(platform, owner, orgId, viewer, 'viewer');
    const created = await owner.api.post(`/api/v1/orgs/${orgId}/clusters`, {
      provider: 'sandbox',
      namePrefix: 'fails',
      region: 'sandbox-2',
      sandboxFailAt: 'node-pool',
    });
    expect(created.status).toBe(201);
    const clusterId = created.body.id as string;

    for (const [who, role] of [
      [viewer, 'viewer'],
      [member, 'member'],
    ] as const) {
      const context = await browser.newContext({ baseURL: platform.gatewayUrl });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto('/login');
      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Password').fill(ORG_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.getByRole('link', { name: 'Clusters', exact: true }).click();
      await page.getByText('Admins and owners create clusters').waitFor();
      expect(await page.getByRole('form', { name: 'Create a cluster' }).count()).toBe(0);
      await page.getByTestId('cluster-item').filter({ hasText: 'fails' }).getByRole('link').click();
      await page.locator('[data-testid="cluster-state"] [data-state="FAILED"]').waitFor();
      await waitForText(page.getByTestId('failure-reason'), 'Simulated failure at step node-pool.');
      await waitForText(page.getByTestId('run-log'), 'node-pool: failed on request');
      expect(await page.getByRole('button', { name: 'Delete cluster' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(
        role === 'member' ? 1 : 0,
      );
      if (role === 'member') {
        // The retry's new run is followed live: its log and its end.
        await page.getByRole('button', { name: 'Retry' }).click();
        await page.getByText('A new run started.').waitFor();
        await page.getByTestId('run-item').nth(1).waitFor();
        await page.locator('[data-testid="run-item"]:first-child [data-state="FAILED"]').waitFor();
        await page.locator('[data-testid="cluster-state"] [data-state="FAILED"]').waitFor();
        expect(new URL(page.url()).pathname).toBe(`/clusters/${clusterId}`);
      }
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('changes a READY cluster from its page (node pool, next minor) as a change run; refusals beside their fields; members get no form', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'web-clusters-change');
    const member = await newUser(platform, 'web-clusters-change-member');
    await joinOrg(platform, owner, orgId, member, 'member');
    const created = await owner.api.post(`/api/v1/orgs/${orgId}/clusters`, {
      provider: 'sandbox',
      namePrefix: 'change',
      region: 'sandbox-1',
      kubernetesVersion: '1.31',
    });
    expect(created.status).toBe(201);
    const clusterId = created.body.id as string;
    await waitUntil(
      async () =>
        (await owner.api.get(`/api/v1/orgs/${orgId}/clusters/${clusterId}`)).body.state === 'READY',
      { timeoutMs: 60_000, description: 'the sandbox cluster to be READY' },
    );

    const signIn = async (who: { email: string }) => {
      const context = await browser.newContext({ baseURL: platform.gatewayUrl });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto('/login');
      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Password').fill(ORG_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.goto(`/clusters/${clusterId}`);
      await page.locator('[data-testid="cluster-state"] [data-state="READY"]').waitFor();
      return { context, page, problems };
    };

    const { context, page, problems } = await signIn(owner);
    const form = page.getByRole('form', { name: 'Change the cluster' });
    const versionOptions = () =>
      form.getByLabel('Kubernetes version').locator('option').allTextContents();
    // Only the next minor is offered; nothing to apply until a value changes.
    expect(await versionOptions()).toEqual(['1.31 (current)', '1.32 (upgrade)']);
    const apply = form.getByRole('button', { name: 'Apply change' });
    expect(await apply.isDisabled()).toBe(true);

    // The server's refusal, beside its field.
    await form.getByLabel('Minimum nodes').fill('4');
    await apply.click();
    await fieldError(form, 'Minimum nodes', /^Must not be greater than the maximum nodes\.$/);

    await form.getByLabel('Minimum nodes').fill('2');
    await form.getByLabel('Maximum nodes').fill('5');
    await form.getByLabel('Kubernetes version').selectOption('1.32');
    await apply.click();
    // A change run in the history, followed to its end; the cluster then shows the new values.
    const changeRun = page.getByTestId('run-item').filter({ hasText: 'Change' });
    await changeRun.locator('[data-state="SUCCEEDED"]').waitFor();
    const changes = await changeRun.getByTestId('run-changes').textContent();
    expect(changes).toContain('Kubernetes 1.31 → 1.32');
    expect(changes).toContain('min nodes 1 → 2');
    expect(changes).toContain('max nodes 3 → 5');
    await page.locator('[data-testid="cluster-state"] [data-state="READY"]').waitFor();
    await waitForText(page.locator('.cluster-item__meta').first(), 'Kubernetes 1.32');
    await waitForText(page.locator('.cluster-item__meta').first(), '× 2–5');
    expect(await versionOptions()).toEqual(['1.32 (current)', '1.33 (upgrade)']);
    expect(await page.getByTestId('run-item').count()).toBe(2);
    const cluster = (await owner.api.get(`/api/v1/orgs/${orgId}/clusters/${clusterId}`)).body;
    expect(cluster).toMatchObject({
      kubernetesVersion: '1.32',
      nodePool: { minSize: 2, maxSize: 5 },
    });
    expect(problems).toEqual([]);
    await context.close();

    // A member sees the cluster, not the form.
    const asMember = await signIn(member);
    await asMember.page.getByTestId('run-item').nth(1).waitFor();
    expect(await asMember.page.getByRole('form', { name: 'Change the cluster' }).count()).toBe(0);
    expect(asMember.problems).toEqual([]);
    await asMember.context.close();
  });
});

async function waitForText(locator: Locator, text: string) {
  await locator.filter({ hasText: text }).first().waitFor();
}

/** The bell's count, exactly. */
async function waitForCount(bell: Locator, count: number) {
  await bell.filter({ hasText: new RegExp(`^${count}$`) }).waitFor();
}

/** The message shown beside the field labelled `label`. */
async function fieldError(form: Locator, label: string, message: RegExp) {
  const field = form
    .locator('.field')
    .filter({ has: form.page().getByLabel(label, { exact: true }) });
  await field.locator('.field-error', { hasText: message }).waitFor();
}
