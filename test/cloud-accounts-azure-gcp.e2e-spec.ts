import { randomBytes } from 'node:crypto';
import {
  AwsStsStandIn,
  AzureAdStandIn,
  createTestTls,
  GoogleCloudStandIn,
  startAwsStsStandIn,
  startAzureAdStandIn,
  startGoogleCloudStandIn,
  TestTls,
} from '@strata/testing';
import { azureClientSecret, newGuid, pemBody, serviceAccountKey } from './support/cloud';
import { CloudSuite } from './support/cloud-platform';
import { claimsOf } from './support/orgs';

/**
 * Azure and GCP cloud accounts (issue 4) with the real SDKs: @azure/identity's
 * ClientSecretCredential (MSAL) and @azure/arm-resources-subscriptions against the Entra ID +
 * ARM stand-in over https (a certificate made at test time, trusted by the cloud service through
 * NODE_EXTRA_CA_CERTS); the JWT-bearer grant and @google-cloud/storage against the Google
 * stand-in, which verifies the assertion's RS256 signature. Also key rotation over NATS while the
 * service runs.
 */
describe('cloud accounts: Azure and GCP', () => {
  let tls: TestTls;
  let azure: AzureAdStandIn;
  let google: GoogleCloudStandIn;
  let sts: AwsStsStandIn;
  const cloud = new CloudSuite('cloud-azure-gcp');
  const { remember } = cloud;

  const tenantId = newGuid();
  const subscription = { subscriptionId: newGuid(), displayName: 'Strata Production' };
  const sp = { tenantId, clientId: newGuid(), clientSecret: remember(azureClientSecret()) };
  const expiredSp = { tenantId, clientId: newGuid(), clientSecret: remember(azureClientSecret()) };
  const roleless = { tenantId, clientId: newGuid(), clientSecret: remember(azureClientSecret()) };

  const projectId = 'strata-test-project';
  const gcp = serviceAccountKey(projectId, 'strata-ci');
  const gcpDisabled = serviceAccountKey(projectId, 'strata-disabled');
  const gcpNoList = serviceAccountKey(projectId, 'strata-no-list');
  const gcpUnknown = serviceAccountKey(projectId, 'strata-unknown');
  for (const k of [gcp, gcpDisabled, gcpNoList, gcpUnknown])
    remember(pemBody(k.privateKeyPem).slice(0, 64));

  const aws = {
    accessKeyId: 'AKIAAZUREGCPSUITE001',
    secretAccessKey: remember(`aws-${randomBytes(18).toString('base64url')}`),
  };

  const base = () => `/api/v1/orgs/${cloud.orgId}/cloud-accounts`;
  const azureBody = (over: Record<string, unknown> = {}) => ({
    provider: 'azure',
    name: 'Production Azure',
    environment: 'prod',
    tenantId: sp.tenantId,
    clientId: sp.clientId,
    clientSecret: sp.clientSecret,
    subscriptionId: subscription.subscriptionId,
    ...over,
  });
  const gcpBody = (keyJson: object, over: Record<string, unknown> = {}) => ({
    provider: 'gcp',
    name: 'Production GCP',
    environment: 'prod',
    serviceAccountKey: keyJson,
    ...over,
  });

  beforeAll(async () => {
    tls = await createTestTls();
    azure = await startAzureAdStandIn(
      [
        {
          ...sp,
          // Three subscriptions in pages of two: the service has to follow nextLink.
          subscriptions: [
            { subscriptionId: newGuid(), displayName: 'Sandbox' },
            { subscriptionId: newGuid(), displayName: 'Shared' },
            subscription,
          ],
        },
        { ...expiredSp, expired: true, subscriptions: [subscription] },
        { ...roleless, subscriptions: [] },
      ],
      { tls },
    );
    google = await startGoogleCloudStandIn({
      tls,
      serviceAccounts: [
        { clientEmail: gcp.clientEmail, projectId, publicKey: gcp.publicKey },
        {
          clientEmail: gcpDisabled.clientEmail,
          projectId,
          publicKey: gcpDisabled.publicKey,
          disabled: true,
        },
        {
          clientEmail: gcpNoList.clientEmail,
          projectId,
          publicKey: gcpNoList.publicKey,
          canListBuckets: false,
        },
      ],
      buckets: [{ name: 'strata-state', projectId, writers: [gcp.clientEmail] }],
    });
    sts = await startAwsStsStandIn([
      {
        accessKeyId: aws.accessKeyId,
        secretAccessKey: aws.secretAccessKey,
        accountId: '123456789012',
        arn: 'arn:aws:iam::123456789012:user/strata-ci',
      },
    ]);
    await cloud.start({
      NODE_EXTRA_CA_CERTS: tls.certFile,
      CLOUD_AWS_STS_ENDPOINT: sts.url,
      CLOUD_AZURE_AUTHORITY_HOST: azure.authorityHost,
      CLOUD_AZURE_ARM_ENDPOINT: azure.armEndpoint,
      CLOUD_GCP_TOKEN_URL: google.tokenUrl,
      CLOUD_GCP_STORAGE_ENDPOINT: google.storageEndpoint,
    });
  });

  afterAll(async () => {
    await cloud.stop();
    await Promise.all([azure?.stop(), google?.stop(), sts?.stop()]);
    await tls?.dispose();
  });

  describe('Azure', () => {
    it('verifies a service principal with a token and the subscription list; shows the client id, never the secret', async () => {
      const res = await cloud.owner.api.post(base(), azureBody());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        provider: 'azure',
        environment: 'prod',
        status: 'verified',
        azure: {
          tenantId: sp.tenantId,
          clientId: sp.clientId,
          subscriptionId: subscription.subscriptionId,
          subscriptionName: subscription.displayName,
        },
      });
      expect(res.text).not.toContain(sp.clientSecret);
      expect(azure.calls).toEqual(
        expect.arrayContaining([
          { endpoint: 'openid-configuration', tenantId, outcome: 'ok' },
          { endpoint: 'token', tenantId, clientId: sp.clientId, outcome: 'ok' },
          { endpoint: 'subscriptions', clientId: sp.clientId, outcome: 'ok' },
        ]),
      );
      // The subscription is on the second page.
      expect(
        azure.calls.filter((c) => c.endpoint === 'subscriptions' && c.clientId === sp.clientId)
          .length,
      ).toBeGreaterThanOrEqual(2);
      const got = await cloud.owner.api.get(`${base()}/${res.body.id}`);
      expect(got.body.azure.clientId).toBe(sp.clientId);
      expect(got.text).not.toContain(sp.clientSecret);
    });

    it.each([
      [
        'a wrong client secret (AADSTS7000215)',
        () => azureBody({ clientSecret: remember(azureClientSecret()) }),
        'cloud.invalid_credentials',
      ],
      [
        'an unknown client id (AADSTS700016)',
        () => azureBody({ clientId: newGuid() }),
        'cloud.invalid_credentials',
      ],
      [
        'an unknown tenant (AADSTS90002)',
        () => azureBody({ tenantId: newGuid() }),
        'cloud.invalid_credentials',
      ],
      [
        'an expired client secret (AADSTS7000222)',
        () => azureBody(expiredSp),
        'cloud.credentials_expired',
      ],
      [
        'a subscription the principal does not see',
        () => azureBody({ subscriptionId: newGuid() }),
        'cloud.subscription_not_found',
      ],
      [
        'a principal without any role (empty subscription list)',
        () => azureBody(roleless),
        'cloud.subscription_not_found',
      ],
    ])('refuses %s with 422 and saves nothing', async (_what, body, code) => {
      await cloud.expectRefusedWithoutSaving(base(), body(), code, 'cloud_accounts');
    });
  });

  describe('GCP', () => {
    it('verifies a service-account key with a signed JWT grant and a bucket listing; shows the email and project', async () => {
      const res = await cloud.owner.api.post(base(), gcpBody(gcp.json));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        provider: 'gcp',
        status: 'verified',
        gcp: { projectId, clientEmail: gcp.clientEmail },
      });
      expect(res.text).not.toContain('PRIVATE KEY');
      expect(google.calls).toEqual(
        expect.arrayContaining([
          { endpoint: 'token', clientEmail: gcp.clientEmail, outcome: 'ok' },
          { endpoint: 'buckets.list', clientEmail: gcp.clientEmail, outcome: 'ok' },
        ]),
      );
      // The key as a string is accepted too.
      const asString = await cloud.owner.api.post(
        base(),
        gcpBody(JSON.stringify(gcp.json) as unknown as object, { name: 'GCP as string' }),
      );
      expect(asString.status).toBe(201);
    });

    it.each([
      [
        'a key signed with another private key (Invalid JWT Signature)',
        () => gcpBody({ ...gcp.json, private_key: gcpUnknown.privateKeyPem }),
        'cloud.invalid_credentials',
      ],
      ['an unknown service account', () => gcpBody(gcpUnknown.json), 'cloud.invalid_credentials'],
      [
        'a disabled service account (Robot is disabled)',
        () => gcpBody(gcpDisabled.json),
        'cloud.credentials_expired',
      ],
      [
        'an account without storage.buckets.list (403)',
        () => gcpBody(gcpNoList.json),
        'cloud.permission_denied',
      ],
    ])('refuses %s with 422 and saves nothing', async (_what, body, code) => {
      const res = await cloud.expectRefusedWithoutSaving(base(), body(), code, 'cloud_accounts');
      expect(res.text).not.toContain('PRIVATE KEY');
    });
  });

  it('answers cloud.unreachable when Entra ID, ARM, Google token or GCS cannot be reached', async () => {
    const closed = 'https://127.0.0.1:9';
    try {
      await cloud.platform.restart('cloud', {
        CLOUD_AZURE_AUTHORITY_HOST: closed,
        CLOUD_GCP_TOKEN_URL: `${closed}/token`,
      });
      for (const body of [azureBody(), gcpBody(gcp.json)]) {
        const res = await cloud.owner.api.post(base(), body);
        expect([res.status, res.body.code]).toEqual([422, 'cloud.unreachable']);
      }
      await cloud.platform.restart('cloud', {
        CLOUD_AZURE_ARM_ENDPOINT: closed,
        CLOUD_GCP_STORAGE_ENDPOINT: closed,
      });
      for (const body of [azureBody(), gcpBody(gcp.json)]) {
        const res = await cloud.owner.api.post(base(), body);
        expect([res.status, res.body.code]).toEqual([422, 'cloud.unreachable']);
      }
    } finally {
      await cloud.platform.restart('cloud');
    }
  });

  it('keeps no plaintext secret in the raw rows', async () => {
    const { rows, dump } = await cloud.rawCloudAccounts();
    expect(rows.map((r) => r.provider).sort()).toEqual(['azure', 'gcp', 'gcp']);
    expect(dump).not.toContain(sp.clientSecret);
    expect(dump).not.toContain(pemBody(gcp.privateKeyPem).slice(0, 64));
    expect(dump).not.toContain('PRIVATE KEY');
    for (const row of rows) {
      expect(Buffer.from(row.secret_ciphertext).includes(sp.clientSecret)).toBe(false);
      expect(row.wrapped_data_key.length).toBeGreaterThan(0);
    }
  });

  it('issues the decrypted Azure and GCP secrets to the cluster service only', async () => {
    const list = (await cloud.owner.api.get(base())).body.items as {
      id: string;
      provider: string;
    }[];
    const azureId = list.find((a) => a.provider === 'azure')!.id;
    const gcpId = list.find((a) => a.provider === 'gcp')!.id;
    const issuedAzure = await cloud.issueCredentials(azureId, 'cluster-run:azure');
    expect(issuedAzure.credentials).toEqual({
      case: 'azure',
      value: expect.objectContaining({
        tenantId,
        clientId: sp.clientId,
        clientSecret: sp.clientSecret,
        subscriptionId: subscription.subscriptionId,
      }),
    });
    const issuedGcp = await cloud.issueCredentials(gcpId, 'cluster-run:gcp');
    expect(issuedGcp.credentials.case).toBe('gcp');
    const keyJson = JSON.parse((issuedGcp.credentials.value as { keyJson: string }).keyJson);
    expect(keyJson.private_key).toBe(gcp.privateKeyPem);
  });

  it('rotates the master key over NATS (cloud.keys.rotate, platform admin) while the service runs; every account still decrypts', async () => {
    const created = await cloud.owner.api.post(base(), {
      provider: 'aws',
      name: 'AWS before rotation',
      environment: 'dev',
      ...aws,
    });
    expect(created.status).toBe(201);
    // Roll the service with the new key active; old rows are still under k1.
    await cloud.restartWithMasterKeys(['k1', 'k2'], 'k2');
    const before = await cloud.db.query(
      'SELECT master_key_id, count(*)::int AS n FROM cloud.cloud_accounts GROUP BY 1',
    );
    expect(before.rows).toEqual([{ master_key_id: 'k1', n: 4 }]);
    expect(claimsOf(cloud.owner.accessToken).adm).toBe(true);

    const accounts = (await cloud.owner.api.get(base())).body.items as { id: string }[];
    // Rotate while the service keeps answering re-verifications of the same rows.
    const [rotated, ...during] = await Promise.all([
      cloud.rpc.request('cloud.keys.rotate', {}, { accessToken: cloud.owner.accessToken }),
      ...accounts.map((a) => cloud.owner.api.post(`${base()}/${a.id}/verify`, {})),
    ]);
    expect(rotated).toEqual(expect.objectContaining({ activeKeyId: 'k2', rewrapped: 4 }));
    for (const res of during) expect(res.status).toBe(200);
    const after = await cloud.db.query('SELECT DISTINCT master_key_id FROM cloud.cloud_accounts');
    expect(after.rows).toEqual([{ master_key_id: 'k2' }]);
    // A second rotation has nothing left to do.
    const again = await cloud.rpc.request(
      'cloud.keys.rotate',
      {},
      { accessToken: cloud.owner.accessToken },
    );
    expect(again.rewrapped).toBe(0);

    // Without the old key every account still decrypts: re-verify and issue each.
    await cloud.restartWithMasterKeys(['k2'], 'k2');
    for (const account of accounts) {
      const verified = await cloud.owner.api.post(`${base()}/${account.id}/verify`, {});
      expect([account.id, verified.status]).toEqual([account.id, 200]);
      const issued = await cloud.issueCredentials(account.id, 'after-rotation');
      expect(issued.credentials.case).toBeDefined();
    }
  });

  it('never logs a secret used in this suite', () => {
    cloud.expectNoSecretLogged();
  });
});
