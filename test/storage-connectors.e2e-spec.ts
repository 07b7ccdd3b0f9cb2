import { randomBytes } from 'node:crypto';
import {
  AwsStsStandIn,
  AzureAdStandIn,
  AzuriteStandIn,
  createTestTls,
  GoogleCloudStandIn,
  S3rverStandIn,
  startAwsStsStandIn,
  startAzureAdStandIn,
  startAzurite,
  startGoogleCloudStandIn,
  startS3rver,
  TestTls,
} from '@strata/testing';
import { azureClientSecret, newGuid, pemBody, serviceAccountKey } from './support/cloud';
import { CloudSuite } from './support/cloud-platform';
import { claimsOf, joinOrg, newUser } from './support/orgs';

/**
 * Storage connectors (issue 4): each kind proved by writing, reading and deleting a probe
 * object with the real SDKs against real local servers: @aws-sdk/client-s3 (path style, SigV4
 * checked) against s3rver, @azure/storage-blob with an Entra ID bearer token against Azurite
 * (https, --oauth basic), @google-cloud/storage against the GCS stand-in.
 */
describe('storage connectors', () => {
  let tls: TestTls;
  let sts: AwsStsStandIn;
  let azure: AzureAdStandIn;
  let google: GoogleCloudStandIn;
  let s3: S3rverStandIn;
  let azurite: AzuriteStandIn;
  const cloud = new CloudSuite('storage');
  const { remember } = cloud;
  const accountIds = { aws: '', azure: '', gcp: '', awsOther: '' };

  const aws = {
    accessKeyId: 'AKIASTORAGECONNECT01',
    secretAccessKey: remember(`s3-${randomBytes(18).toString('base64url')}`),
  };
  // Known to STS, but s3rver holds another secret for it: the S3 signatures do not match.
  const awsOther = {
    accessKeyId: 'AKIASTORAGEOTHERKEY1',
    secretAccessKey: remember(`s3-other-${randomBytes(18).toString('base64url')}`),
  };
  const tenantId = newGuid();
  const subscriptionId = newGuid();
  const sp = { tenantId, clientId: newGuid(), clientSecret: remember(azureClientSecret()) };
  const projectId = 'strata-storage-test';
  const gcp = serviceAccountKey(projectId, 'strata-state');
  remember(pemBody(gcp.privateKeyPem).slice(0, 64));

  const base = () => `/api/v1/orgs/${cloud.orgId}/storage-connectors`;
  const s3Body = (bucket: string) => ({
    kind: 's3',
    name: `S3 ${bucket}`,
    cloudAccountId: accountIds.aws,
    bucket,
    region: 'eu-west-1',
  });
  const blobBody = (container: string) => ({
    kind: 'azure_blob',
    name: `Blob ${container}`,
    cloudAccountId: accountIds.azure,
    storageAccount: azurite.account,
    container,
  });
  const gcsBody = (bucket: string) => ({
    kind: 'gcs',
    name: `GCS ${bucket}`,
    cloudAccountId: accountIds.gcp,
    bucket,
  });
  const count = () => cloud.count('storage_connectors');

  beforeAll(async () => {
    tls = await createTestTls();
    sts = await startAwsStsStandIn([
      {
        ...aws,
        accountId: '123456789012',
        arn: 'arn:aws:iam::123456789012:user/strata-state',
      },
      { ...awsOther, accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/other' },
    ]);
    s3 = await startS3rver(
      [
        { ...aws, accountId: '123456789012' },
        { accessKeyId: awsOther.accessKeyId, secretAccessKey: 'not-the-secret-sts-knows' },
      ],
      [{ name: 'strata-s3-state' }, { name: 'strata-s3-locked', allowedKeys: [] }],
    );
    azure = await startAzureAdStandIn(
      [{ ...sp, subscriptions: [{ subscriptionId, displayName: 'State' }] }],
      { tls },
    );
    azurite = await startAzurite(tls);
    await azurite.createContainer('tfstate');
    google = await startGoogleCloudStandIn({
      tls,
      serviceAccounts: [{ clientEmail: gcp.clientEmail, projectId, publicKey: gcp.publicKey }],
      buckets: [
        { name: 'strata-gcs-state', projectId, writers: [gcp.clientEmail] },
        { name: 'strata-gcs-locked', projectId, writers: [] },
      ],
    });
    await cloud.start({
      NODE_EXTRA_CA_CERTS: tls.certFile,
      CLOUD_AWS_STS_ENDPOINT: sts.url,
      CLOUD_S3_ENDPOINT: s3.url,
      CLOUD_AZURE_AUTHORITY_HOST: azure.authorityHost,
      CLOUD_AZURE_ARM_ENDPOINT: azure.armEndpoint,
      CLOUD_AZURE_BLOB_ENDPOINT: azurite.blobEndpointTemplate,
      CLOUD_GCP_TOKEN_URL: google.tokenUrl,
      CLOUD_GCP_STORAGE_ENDPOINT: google.storageEndpoint,
    });
    const { owner } = cloud;
    const accounts = `/api/v1/orgs/${cloud.orgId}/cloud-accounts`;
    const created = await Promise.all([
      owner.api.post(accounts, { provider: 'aws', name: 'AWS', environment: 'prod', ...aws }),
      owner.api.post(accounts, {
        provider: 'azure',
        name: 'Azure',
        environment: 'prod',
        ...sp,
        subscriptionId,
      }),
      owner.api.post(accounts, {
        provider: 'gcp',
        name: 'GCP',
        environment: 'prod',
        serviceAccountKey: gcp.json,
      }),
      owner.api.post(accounts, {
        provider: 'aws',
        name: 'AWS other',
        environment: 'dev',
        ...awsOther,
      }),
    ]);
    for (const res of created) expect([res.status, res.text]).toEqual([201, res.text]);
    [accountIds.aws, accountIds.azure, accountIds.gcp, accountIds.awsOther] = created.map(
      (r) => r.body.id as string,
    );
  });

  afterAll(async () => {
    await cloud.stop();
    await Promise.all([sts?.stop(), s3?.stop(), azure?.stop(), azurite?.stop(), google?.stop()]);
    await tls?.dispose();
  });

  it('proves an S3 bucket with a probe object written, read and deleted (s3rver, SigV4 checked)', async () => {
    const res = await cloud.owner.api.post(base(), s3Body('strata-s3-state'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 's3',
      bucket: 'strata-s3-state',
      region: 'eu-west-1',
      cloudAccountId: accountIds.aws,
      status: 'verified',
    });
    const probe = s3.calls.filter(
      (c) => c.path.startsWith('/strata-s3-state/.strata-probe/') && c.outcome === 'forwarded',
    );
    expect(probe.map((c) => c.method)).toEqual(['PUT', 'GET', 'DELETE']);
    expect(new Set(probe.map((c) => c.path)).size).toBe(1);
    expect(await s3.listObjects('strata-s3-state')).toEqual([]);
  });

  it('proves an Azure Blob container with an Entra ID token (Azurite over https, --oauth basic)', async () => {
    const res = await cloud.owner.api.post(base(), blobBody('tfstate'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'azure_blob',
      storageAccount: azurite.account,
      container: 'tfstate',
      status: 'verified',
    });
    // Azurite logged the three probe operations; the probe blob is gone.
    expect(azurite.output()).toMatch(/PUT \/devstoreaccount1\/tfstate\/\.strata-probe\//);
    expect(azurite.output()).toMatch(/DELETE \/devstoreaccount1\/tfstate\/\.strata-probe\//);
    expect(await azurite.listBlobs('tfstate')).toEqual([]);
  });

  it('proves a GCS bucket with the service account (GCS JSON API stand-in)', async () => {
    const res = await cloud.owner.api.post(base(), gcsBody('strata-gcs-state'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'gcs', bucket: 'strata-gcs-state', status: 'verified' });
    const probe = google.calls.filter((c) => c.bucket === 'strata-gcs-state');
    expect(probe.map((c) => [c.endpoint, c.outcome])).toEqual([
      ['objects.insert', 'ok'],
      ['objects.get', 'ok'],
      ['objects.delete', 'ok'],
    ]);
    expect(probe[0].object).toMatch(/^\.strata-probe\//);
    expect(google.objects('strata-gcs-state').size).toBe(0);
  });

  it.each([
    [
      'an S3 bucket that does not exist',
      () => s3Body('strata-s3-missing'),
      'cloud.storage_not_found',
    ],
    [
      'an S3 bucket the key may not use',
      () => s3Body('strata-s3-locked'),
      'cloud.permission_denied',
    ],
    [
      'an Azure container that does not exist',
      () => blobBody('no-such-container'),
      'cloud.storage_not_found',
    ],
    [
      'a GCS bucket that does not exist',
      () => gcsBody('strata-gcs-missing'),
      'cloud.storage_not_found',
    ],
    [
      'a GCS bucket the service account may not use',
      () => gcsBody('strata-gcs-locked'),
      'cloud.permission_denied',
    ],
  ])('refuses %s with 422 and saves nothing', async (_what, body, code) => {
    await cloud.expectRefusedWithoutSaving(base(), body(), code, 'storage_connectors');
  });

  it('refuses S3 requests whose SigV4 signature does not match (cloud.invalid_credentials)', async () => {
    await cloud.expectRefusedWithoutSaving(
      base(),
      { ...s3Body('strata-s3-state'), cloudAccountId: accountIds.awsOther },
      'cloud.invalid_credentials',
      'storage_connectors',
    );
    expect(s3.calls).toContainEqual(
      expect.objectContaining({
        accessKeyId: awsOther.accessKeyId,
        outcome: 'SignatureDoesNotMatch',
      }),
    );
  });

  it("refuses a connector of another cloud's account", async () => {
    const res = await cloud.owner.api.post(base(), {
      ...gcsBody('strata-gcs-state'),
      cloudAccountId: accountIds.aws,
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('cloud.invalid_credentials');
  });

  it('lists, re-verifies and deletes connectors', async () => {
    const list = await cloud.owner.api.get(base());
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { kind: string }) => c.kind).sort()).toEqual([
      'azure_blob',
      'gcs',
      's3',
    ]);
    for (const connector of list.body.items as { id: string }[]) {
      const verified = await cloud.owner.api.post(`${base()}/${connector.id}/verify`, {});
      expect([connector.id, verified.status, verified.body.status]).toEqual([
        connector.id,
        200,
        'verified',
      ]);
    }
    expect(await s3.listObjects('strata-s3-state')).toEqual([]);
    expect(await azurite.listBlobs('tfstate')).toEqual([]);
    expect(google.objects('strata-gcs-state').size).toBe(0);

    const extra = await cloud.owner.api.post(base(), {
      ...gcsBody('strata-gcs-state'),
      name: 'Temp',
    });
    expect(extra.status).toBe(201);
    expect((await cloud.owner.api.delete(`${base()}/${extra.body.id}`)).status).toBe(204);
    const gone = await cloud.owner.api.get(`${base()}/${extra.body.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('cloud.connector_not_found');
  });

  it("answers 404 for a connector tied to another organization's cloud account", async () => {
    const stranger = await newUser(cloud.platform, 'storage-stranger');
    const strangerOrg = claimsOf(stranger.accessToken).org as string;
    const res = await stranger.api.post(`/api/v1/orgs/${strangerOrg}/storage-connectors`, {
      ...gcsBody('strata-gcs-state'),
      cloudAccountId: accountIds.gcp,
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('cloud.account_not_found');
    // Nor can they see or use the owner's connectors.
    const mine = (await cloud.owner.api.get(base())).body.items[0].id as string;
    expect(
      (await stranger.api.get(`/api/v1/orgs/${strangerOrg}/storage-connectors/${mine}`)).status,
    ).toBe(404);
    expect((await stranger.api.get(`${base()}/${mine}`)).status).toBe(404);
  });

  it('lets a member list connectors but not create one (403)', async () => {
    const member = await newUser(cloud.platform, 'storage-member');
    await joinOrg(cloud.platform, cloud.owner, cloud.orgId, member, 'member');
    const list = await member.api.get(base());
    expect(list.status).toBe(200);
    const before = await count();
    const add = await member.api.post(base(), gcsBody('strata-gcs-state'));
    expect(add.status).toBe(403);
    expect(add.body.code).toBe('platform.forbidden');
    expect(await count()).toBe(before);
    expect((await member.api.delete(`${base()}/${list.body.items[0].id}`)).status).toBe(403);
  });

  it('never logs a secret used in this suite', () => {
    cloud.expectNoSecretLogged();
  });
});
