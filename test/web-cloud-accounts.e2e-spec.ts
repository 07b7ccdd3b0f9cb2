import { randomBytes } from 'node:crypto';
import { type Browser } from 'playwright-core';
import { AwsStsStandIn, S3rverStandIn, startAwsStsStandIn, startS3rver } from '@strata/testing';
import { seriousViolations } from './support/axe';
import { launchChromium, waitForTitle } from './support/browser';
import { CloudSuite } from './support/cloud-platform';
import { PASSWORD } from './support/orgs';
import { narrowOverflow, openWatchedPage, signInAt } from './support/pages';

/**
 * Cloud accounts, state connectors and notification preferences in the web console, against
 * the cloud stand-ins (the STS stand-in checks SigV4; s3rver holds the buckets): a refused key
 * and a file that is no GCP key are explained in words; a good AWS account is verified, renamed,
 * verified again and, with its confirmation, deleted; an S3 connector is proved by its probe, a
 * missing bucket explained, the connector deleted after a confirmation; a preference is changed
 * and kept.
 */
describe('cloud accounts, storage and preferences in the web console', () => {
  let browser: Browser;
  let sts: AwsStsStandIn;
  let s3: S3rverStandIn;
  const cloud = new CloudSuite('web-cloud');
  const aws = {
    accessKeyId: 'AKIAWEBCONSOLE000001',
    secretAccessKey: cloud.remember(`web-${randomBytes(18).toString('base64url')}`),
  };

  beforeAll(async () => {
    browser = await launchChromium();
    sts = await startAwsStsStandIn([
      { ...aws, accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/strata-web' },
    ]);
    s3 = await startS3rver([{ ...aws, accountId: '123456789012' }], [{ name: 'strata-web-state' }]);
    await cloud.start({ CLOUD_AWS_STS_ENDPOINT: sts.url, CLOUD_S3_ENDPOINT: s3.url });
  });

  afterAll(async () => {
    await browser?.close();
    await cloud.stop();
    await Promise.all([sts?.stop(), s3?.stop()]);
  });

  it('adds an AWS account after a refusal explained, renames, re-verifies; a bad GCP key file is explained', async () => {
    const { page, problems, refusals } = await openWatchedPage(browser, cloud.platform.gatewayUrl);
    await signInAt(page, cloud.owner.email, PASSWORD);
    await page.getByRole('link', { name: 'Cloud accounts', exact: true }).click();
    await waitForTitle(page, 'Cloud accounts · Strata');
    await page.getByText('No cloud accounts yet.').waitFor();
    // The bell shows its count before the page is checked (the number seen must be in its name).
    await page.getByTestId('unread-count').filter({ hasText: /^\d+$/ }).waitFor();

    const form = page.locator('form', {
      has: page.getByRole('button', { name: 'Verify and add' }),
    });
    await form.getByLabel('Cloud').selectOption('aws');
    await form.getByLabel('Name', { exact: true }).fill('Data platform');
    await form.getByLabel('Environment').selectOption('prod');
    await form.getByLabel('Access key id').fill(aws.accessKeyId);
    await form.getByLabel('Secret access key').fill(`wrong-${randomBytes(12).toString('hex')}`);
    await form.getByRole('button', { name: 'Verify and add' }).click();
    const result = page.getByTestId('verification-result');
    await result.getByText('The cloud refused these credentials').waitFor();
    expect(await result.textContent()).not.toContain('cloud.invalid_credentials');
    expect(await seriousViolations(page)).toEqual([]);

    await form.getByLabel('Secret access key').fill(aws.secretAccessKey);
    await form.getByRole('button', { name: 'Verify and add' }).click();
    await page.getByText('Data platform was verified and added.').waitFor();
    const item = page.getByTestId('cloud-account').filter({ hasText: 'Data platform' });
    await item.getByText('Verified').waitFor();
    await item.getByText('account 123456789012').waitFor();
    expect(await result.count()).toBe(0);

    // Rename, then verify again.
    await item.getByRole('button', { name: 'Rename Data platform' }).click();
    await item.getByLabel('New name for Data platform').fill('Data platform prod');
    await item.getByRole('button', { name: 'Save' }).click();
    const renamed = page.getByTestId('cloud-account').filter({ hasText: 'Data platform prod' });
    await renamed.getByRole('button', { name: 'Re-verify Data platform prod' }).click();
    await renamed.getByRole('button', { name: 'Re-verify' }).waitFor();
    await renamed.getByText('Verified').waitFor();

    // GCP takes the key as a file; one that is not a service-account key is explained.
    await form.getByLabel('Cloud').selectOption('gcp');
    await form.getByLabel('Name', { exact: true }).fill('Analytics');
    await form.getByLabel('Service-account key file (JSON)').setInputFiles({
      name: 'not-a-key.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ type: 'authorized_user', client_id: 'x' })),
    });
    await form.getByText('not-a-key.json is read').waitFor();
    await form.getByRole('button', { name: 'Verify and add' }).click();
    await result.getByText('This file is not a Google service-account key').waitFor();

    // At 390 px nothing overflows sideways.
    expect(await narrowOverflow(page, cloud.platform.logDir, 'cloud-accounts')).toBe(0);
    expect(problems).toEqual([]);
    expect(refusals).toEqual([
      expect.stringMatching(/^422 \/api\/v1\/orgs\/[0-9a-f-]{36}\/cloud-accounts$/),
      expect.stringMatching(/^422 \/api\/v1\/orgs\/[0-9a-f-]{36}\/cloud-accounts$/),
    ]);
    expect(await cloud.count('cloud_accounts')).toBe(1);
  });

  it('adds an S3 state connector proved by its probe, explains a missing bucket, deletes after a confirmation', async () => {
    const { page, problems } = await openWatchedPage(browser, cloud.platform.gatewayUrl);
    await signInAt(page, cloud.owner.email, PASSWORD);
    await page.getByRole('link', { name: 'Storage', exact: true }).click();
    await waitForTitle(page, 'Storage · Strata');
    await page.getByText('No state connectors yet.').waitFor();

    const form = page.locator('form', { has: page.getByRole('button', { name: 'Probe and add' }) });
    await form.getByLabel('Storage', { exact: true }).selectOption('s3');
    await form.getByLabel('Cloud account').selectOption({ label: 'Data platform prod' });
    await form.getByLabel('Name').fill('Missing');
    await form.getByLabel('Bucket').fill('strata-web-nowhere');
    await form.getByLabel('Region').fill('eu-west-1');
    await form.getByRole('button', { name: 'Probe and add' }).click();
    await page
      .getByTestId('probe-result')
      .getByText('The bucket or container does not exist')
      .waitFor();

    await form.getByLabel('Name').fill('Terraform state');
    await form.getByLabel('Bucket').fill('strata-web-state');
    await form.getByRole('button', { name: 'Probe and add' }).click();
    await page
      .getByText('Terraform state: the probe object was written, read and deleted.')
      .waitFor();
    const item = page.getByTestId('storage-connector').filter({ hasText: 'Terraform state' });
    await item.getByText('Probe passed').waitFor();
    await item.getByText('strata-web-state in eu-west-1').waitFor();
    expect(await s3.listObjects('strata-web-state')).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await narrowOverflow(page, cloud.platform.logDir, 'storage')).toBe(0);

    // Delete asks first; Cancel keeps it, Confirm deletes it.
    await item.getByRole('button', { name: 'Delete Terraform state' }).click();
    await item.getByRole('button', { name: 'Cancel' }).click();
    expect(await cloud.count('storage_connectors')).toBe(1);
    await item.getByRole('button', { name: 'Delete Terraform state' }).click();
    await item.getByRole('button', { name: /^Confirm deleting Terraform state/ }).click();
    await page.getByText('No state connectors yet.').waitFor();
    expect(await cloud.count('storage_connectors')).toBe(0);
    expect(problems).toEqual([]);
  });

  it('changes a notification preference, kept after a reload; deletes the cloud account after a confirmation', async () => {
    const { page, problems } = await openWatchedPage(browser, cloud.platform.gatewayUrl);
    await signInAt(page, cloud.owner.email, PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Notifications' }).click();
    await page.getByRole('link', { name: 'Preferences' }).click();
    await waitForTitle(page, 'Notification preferences · Strata');
    const byEmail = page.getByLabel('A cluster run started: by email');
    expect(await byEmail.isChecked()).toBe(false);
    // The box shows the change within the click itself, before the save or the cache answers.
    expect(
      await byEmail.evaluate((box: HTMLInputElement) => {
        box.click();
        return box.checked;
      }),
    ).toBe(true);
    await page.getByText('Saved.').waitFor();
    await page.reload();
    await page.getByLabel('A cluster run started: by email').waitFor();
    expect(await page.getByLabel('A cluster run started: by email').isChecked()).toBe(true);
    const stored = await cloud.owner.api.get('/api/v1/me/notification-preferences');
    expect(
      (stored.body.items as { kind: string; email: boolean }[]).find(
        (p) => p.kind === 'cluster.run_started',
      )?.email,
    ).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await nav.getByRole('link', { name: 'Cloud accounts' }).click();
    const item = page.getByTestId('cloud-account').filter({ hasText: 'Data platform prod' });
    await item.getByRole('button', { name: 'Delete Data platform prod' }).click();
    await item
      .getByRole('button', {
        name: 'Confirm deleting Data platform prod and its storage connectors',
      })
      .click();
    await page.getByText('No cloud accounts yet.').waitFor();
    expect(await cloud.count('cloud_accounts')).toBe(0);
    expect(problems).toEqual([]);
  });
});
