import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type Locator } from 'playwright-core';
import { Platform, startPlatform, waitUntil } from '@strata/testing';
import { launchChromium } from './support/browser';
import { claimsOf, newUser, PASSWORD, type TestUser } from './support/orgs';

/**
 * Data tools in the web client (issue 11): on a READY sandbox cluster's page the catalog shows
 * a card per tool; the owner installs JupyterHub from its card through the form generated from
 * the app's settings JSON Schema (a refused setting's message beside its field), follows it live
 * to RUNNING over the tab's event stream (`event: app`, the app run's log), gets the link that
 * opens it, upgrades it from a form that starts from its settings, and uninstalls it with a
 * confirmation; a cluster running an app (MLflow) is deleted only by uninstalling its apps first. The cluster service runs the sandbox
 * installer as a child process (the local runner).
 */
describe('data tools in the web client', () => {
  let platform: Platform;
  let browser: Browser;
  let workDir: string;
  let owner: TestUser;
  let orgId: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'strata-web-apps-'));
    browser = await launchChromium();
    platform = await startPlatform({
      serviceEnv: { cluster: { CLUSTER_RUNNER: 'local', CLUSTER_LOCAL_WORKDIR: workDir } },
    });
    owner = await newUser(platform, 'web-apps');
    orgId = claimsOf(owner.accessToken).org as string;
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('installs JupyterHub from the catalog to RUNNING with its link, upgrades and uninstalls it; deletes the cluster with its apps', async () => {
    const suffix = Date.now().toString(36);
    const created = await owner.api.post(`/api/v1/orgs/${orgId}/clusters`, {
      provider: 'sandbox',
      namePrefix: 'apps',
      nameSuffix: suffix,
      region: 'sandbox-1',
    });
    expect(created.status).toBe(201);
    const clusterId = created.body.id as string;
    const name = `apps-${suffix}`;
    await waitUntil(
      async () =>
        (await owner.api.get(`/api/v1/orgs/${orgId}/clusters/${clusterId}`)).body.state === 'READY',
      { timeoutMs: 60_000, description: 'the sandbox cluster READY' },
    );

    const context = await browser.newContext({ baseURL: platform.gatewayUrl });
    const page = await context.newPage();
    const problems: string[] = [];
    const refusals: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
        problems.push(`console: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) refusals.push(`${res.status()} ${new URL(res.url()).pathname}`);
    });

    await page.goto('/login');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.evaluate('window.strataSameDocument = true');
    await page.getByRole('link', { name: 'Clusters', exact: true }).click();
    await page.getByTestId('cluster-item').filter({ hasText: name }).getByRole('link').click();
    await page.locator('[data-testid="cluster-state"] [data-state="READY"]').waitFor();

    // The catalog: a card per tool.
    const cards = page.getByTestId('catalog-card');
    await cards.first().waitFor();
    expect(await cards.allInnerTexts()).toEqual([
      expect.stringContaining('VS Code server'),
      expect.stringContaining('JupyterHub'),
      expect.stringContaining('MLflow'),
      expect.stringContaining('Apache Airflow'),
      expect.stringContaining('Apache Superset'),
    ]);

    // The form from the settings' JSON Schema, with the documented defaults filled in.
    await page.getByRole('button', { name: 'Install JupyterHub' }).click();
    const form = page.getByRole('form', { name: 'Install JupyterHub' });
    expect(await form.getByLabel('Admin user').inputValue()).toBe('admin');
    expect(await form.getByLabel('Storage size').inputValue()).toBe('10Gi');
    expect(await form.getByLabel('Database', { exact: true }).inputValue()).toBe('bundled');
    expect(await form.getByLabel('Database URI').getAttribute('type')).toBe('password');
    expect(await form.getByLabel('Chart version').inputValue()).toBe('3.3.8');

    // The server's messages beside their fields.
    await form.getByLabel('Storage size').fill('10GB');
    await form.getByLabel('Database', { exact: true }).selectOption('external');
    await form.getByRole('button', { name: 'Install' }).click();
    await fieldError(form, 'Storage size', /Mi, Gi or Ti/);
    await fieldError(form, 'Database URI', /Required with an external database/);
    expect(refusals).toEqual([expect.stringMatching(/^422 \/api\/v1\/orgs\/.+\/apps$/)]);

    await form.getByLabel('Storage size').fill('20Gi');
    await form.getByLabel('Database', { exact: true }).selectOption('bundled');
    await form.getByRole('button', { name: 'Install' }).click();

    // Live: INSTALLING with the run's log and progress, then RUNNING with the link.
    const item = page.getByTestId('app-item').filter({ hasText: 'JupyterHub' });
    await item.locator('[data-state="INSTALLING"]').waitFor();
    await item.locator('[data-state="RUNNING"]').waitFor();
    const link = item.getByRole('link', { name: 'Open JupyterHub' });
    expect(await link.getAttribute('href')).toBe(
      `https://jupyterhub.${name}.sandbox.strata.invalid/`,
    );
    await waitForText(item.getByTestId('progress'), 'ready · 100%');
    await waitForText(item, 'chart 3.3.8 · 4.1.6');
    await page
      .getByTestId('catalog-card')
      .filter({ hasText: 'JupyterHub' })
      .getByText('Installed')
      .waitFor();
    const installed = await owner.api.get(`/api/v1/orgs/${orgId}/clusters/${clusterId}/apps`);
    expect(installed.body.items[0].settings).toMatchObject({ storageSize: '20Gi' });
    await page.screenshot({ path: path.join(platform.logDir, 'web-apps.png'), fullPage: true });

    // Upgrade: the form starts from the app's settings; a change runs an upgrade to RUNNING.
    await item.getByRole('button', { name: 'Upgrade JupyterHub' }).click();
    const upgrade = item.getByRole('form', { name: 'Upgrade JupyterHub' });
    expect(await upgrade.getByLabel('Storage size').inputValue()).toBe('20Gi');
    await upgrade.getByLabel('Memory').fill('2Gi');
    await upgrade.getByRole('button', { name: 'Upgrade' }).click();
    await item.locator('[data-state="UPGRADING"]').waitFor();
    await item.locator('[data-state="RUNNING"]').waitFor();
    const upgraded = await owner.api.get(`/api/v1/orgs/${orgId}/clusters/${clusterId}/apps`);
    expect(upgraded.body.items[0].settings).toMatchObject({ storageSize: '20Gi', memory: '2Gi' });

    // Uninstall, confirmed: UNINSTALLING, then UNINSTALLED, and the card offers Install again.
    await item.getByRole('button', { name: 'Uninstall JupyterHub' }).click();
    await item.getByRole('button', { name: 'Yes, uninstall JupyterHub' }).click();
    await item.locator('[data-state="UNINSTALLED"]').waitFor();
    expect(await item.getByRole('link', { name: 'Open JupyterHub' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Install JupyterHub' }).waitFor();

    // A cluster that runs an app is deleted only with its apps uninstalled first.
    await page.getByRole('button', { name: 'Install MLflow' }).click();
    await page
      .getByRole('form', { name: 'Install MLflow' })
      .getByRole('button', { name: 'Install' })
      .click();
    const mlflow = page.getByTestId('app-item').filter({ hasText: 'MLflow' });
    await mlflow.locator('[data-state="RUNNING"]').waitFor();
    await page.getByRole('button', { name: 'Delete cluster' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByRole('button', { name: 'Uninstall the apps and delete' }).click();
    await page.getByText('Uninstalling the apps, then deleting the cluster.').waitFor();
    await page.locator('[data-testid="cluster-state"] [data-state="DELETED"]').waitFor();
    const after = await owner.api.get(`/api/v1/orgs/${orgId}/clusters/${clusterId}/apps`);
    expect(
      after.body.items
        .map((a: { catalogId: string; state: string }) => [a.catalogId, a.state])
        .sort(),
    ).toEqual([
      ['jupyterhub', 'UNINSTALLED'],
      ['mlflow', 'UNINSTALLED'],
    ]);

    // No reload: everything came over the one event stream.
    expect(await page.evaluate('window.strataSameDocument === true')).toBe(true);
    expect(problems).toEqual([]);
    expect(refusals).toEqual([
      expect.stringMatching(/^422 \/api\/v1\/orgs\/.+\/apps$/),
      expect.stringMatching(/^409 \/api\/v1\/orgs\/.+\/clusters\/[^/]+$/),
    ]);
    await context.close();
  });
});

async function waitForText(locator: Locator, text: string) {
  await locator.filter({ hasText: text }).first().waitFor();
}

/** The message shown beside the field labelled `label`. */
async function fieldError(form: Locator, label: string, message: RegExp) {
  const field = form
    .locator('.field')
    .filter({ has: form.page().getByLabel(label, { exact: true }) });
  await field.locator('.field-error', { hasText: message }).waitFor();
}
