import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { AwsStsStandIn, repoRoot, startAwsStsStandIn } from '@strata/testing';
import { CloudSuite } from './support/cloud-platform';
import { claimsOf, joinOrg, newUser } from './support/orgs';

const run = promisify(execFile);

/**
 * Cloud accounts through the gateway (issue 4): the real @aws-sdk/client-sts against the STS
 * stand-in that checks SigV4 signatures; secrets sealed at rest (envelope encryption) and never
 * shown or logged; key rotation; tenancy and roles; the internal credentials subject.
 */
describe('cloud accounts', () => {
  const cloud = new CloudSuite('cloud');
  const { remember } = cloud;
  let sts: AwsStsStandIn;

  const aws = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: remember(`wJalrXUtnFEMI/K7MDENG/${randomBytes(12).toString('base64url')}`),
    accountId: '123456789012',
    arn: 'arn:aws:iam::123456789012:user/strata-ci',
    role: 'arn:aws:iam::123456789012:role/strata-provisioner',
  };
  const expired = {
    accessKeyId: 'AKIAEXPIREDKEY000001',
    secretAccessKey: remember(`expired-${randomBytes(12).toString('base64url')}`),
  };

  const awsBody = (over: Record<string, unknown> = {}) => ({
    provider: 'aws',
    name: 'Production AWS',
    environment: 'prod',
    accessKeyId: aws.accessKeyId,
    secretAccessKey: aws.secretAccessKey,
    ...over,
  });
  const base = () => `/api/v1/orgs/${cloud.orgId}/cloud-accounts`;

  beforeAll(async () => {
    sts = await startAwsStsStandIn([
      {
        accessKeyId: aws.accessKeyId,
        secretAccessKey: aws.secretAccessKey,
        accountId: aws.accountId,
        arn: aws.arn,
        assumableRoles: [aws.role],
      },
      {
        accessKeyId: expired.accessKeyId,
        secretAccessKey: expired.secretAccessKey,
        accountId: aws.accountId,
        arn: 'arn:aws:iam::123456789012:user/old',
        expired: true,
      },
    ]);
    await cloud.start({ CLOUD_AWS_STS_ENDPOINT: sts.url });
  });

  afterAll(async () => {
    await cloud.stop();
    await sts?.stop();
  });

  it('verifies an AWS key with STS GetCallerIdentity (SigV4 checked) and shows only a masked hint', async () => {
    const res = await cloud.owner.api.post(base(), awsBody());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Production AWS',
      provider: 'aws',
      environment: 'prod',
      status: 'verified',
      aws: { accessKeyHint: 'AKIA…MPLE', accountId: aws.accountId, arn: aws.arn, roleArn: null },
    });
    expect(res.text).not.toContain(aws.secretAccessKey);
    expect(res.text).not.toContain(aws.accessKeyId);
    expect(sts.calls).toContainEqual({
      action: 'GetCallerIdentity',
      accessKeyId: aws.accessKeyId,
      outcome: 'ok',
    });

    const list = await cloud.owner.api.get(base());
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(res.body.id);
    expect(list.text).not.toContain(aws.secretAccessKey);
  });

  it('assumes the role when a role ARN is given', async () => {
    const res = await cloud.owner.api.post(
      base(),
      awsBody({ name: 'With role', roleArn: aws.role }),
    );
    expect(res.status).toBe(201);
    expect(res.body.aws.roleArn).toBe(aws.role);
    expect(sts.calls).toContainEqual({
      action: 'AssumeRole',
      accessKeyId: aws.accessKeyId,
      outcome: 'ok',
    });
  });

  it.each([
    [
      'a wrong secret (SignatureDoesNotMatch)',
      () => awsBody({ secretAccessKey: remember(`wrong-${randomBytes(12).toString('hex')}`) }),
      'cloud.invalid_credentials',
    ],
    [
      'an unknown key (InvalidClientTokenId)',
      () => awsBody({ accessKeyId: 'AKIAUNKNOWNKEY000002' }),
      'cloud.invalid_credentials',
    ],
    ['an expired key (ExpiredToken)', () => awsBody(expired), 'cloud.credentials_expired'],
    [
      'a role the key may not assume (AccessDenied)',
      () => awsBody({ roleArn: 'arn:aws:iam::123456789012:role/not-mine' }),
      'cloud.permission_denied',
    ],
  ])('refuses %s with 422 and saves nothing', async (_what, body, code) => {
    await cloud.expectRefusedWithoutSaving(base(), body(), code, 'cloud_accounts');
  });

  it('answers cloud.unreachable when STS cannot be reached', async () => {
    await cloud.platform.restart('cloud', { CLOUD_AWS_STS_ENDPOINT: 'http://127.0.0.1:9' });
    try {
      const res = await cloud.owner.api.post(base(), awsBody());
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('cloud.unreachable');
    } finally {
      await cloud.platform.restart('cloud', { CLOUD_AWS_STS_ENDPOINT: sts.url });
    }
  });

  it("refuses a GCP key whose token_uri is not Google's (SSRF), before any call", async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = remember(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const gcpKey = {
      type: 'service_account',
      project_id: 'strata-test-project',
      private_key_id: 'k1',
      private_key: pem,
      client_email: 'ci@strata-test-project.iam.gserviceaccount.com',
      token_uri: 'http://169.254.169.254/computeMetadata/v1/token',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    };
    const res = await cloud.owner.api.post(base(), {
      provider: 'gcp',
      name: 'Foreign token_uri',
      environment: 'dev',
      serviceAccountKey: gcpKey,
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('cloud.untrusted_endpoint');
    expect(res.body.detail).toContain('token_uri');
    expect(res.text).not.toContain('PRIVATE KEY');
    const internal = await cloud.owner.api.post(base(), {
      provider: 'gcp',
      name: 'Cluster-internal auth_uri',
      environment: 'dev',
      serviceAccountKey: {
        ...gcpKey,
        token_uri: 'https://oauth2.googleapis.com/token',
        auth_uri: 'https://kubernetes.default.svc/',
      },
    });
    expect(internal.status).toBe(422);
    expect(internal.body.code).toBe('cloud.untrusted_endpoint');
  });

  it('gives field errors for a malformed body', async () => {
    const res = await cloud.owner.api.post(base(), {
      provider: 'aws',
      name: '',
      environment: 'qa',
      accessKeyId: 'x',
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('gateway.validation_failed');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['name', 'environment', 'accessKeyId', 'secretAccessKey']),
    );
  });

  it('gets, renames, re-verifies and deletes an account', async () => {
    const created = await cloud.owner.api.post(base(), awsBody({ name: 'Temp' }));
    const id = created.body.id as string;
    expect((await cloud.owner.api.get(`${base()}/${id}`)).body.name).toBe('Temp');
    const renamed = await cloud.owner.api.patch(`${base()}/${id}`, { name: 'Renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Renamed');
    const verified = await cloud.owner.api.post(`${base()}/${id}/verify`, {});
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('verified');
    expect((await cloud.owner.api.delete(`${base()}/${id}`)).status).toBe(204);
    const gone = await cloud.owner.api.get(`${base()}/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('cloud.account_not_found');
  });

  it('keeps no plaintext secret in the database (envelope encryption)', async () => {
    const { rows, dump } = await cloud.rawCloudAccounts();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Buffer.from(row.secret_ciphertext).includes(aws.secretAccessKey)).toBe(false);
      expect(row.master_key_id).toBe('k1');
    }
    expect(dump).not.toContain(aws.secretAccessKey);
    expect(dump).not.toContain(aws.accessKeyId);
  });

  it("answers 404 for another organization's account, and for listing another organization", async () => {
    const created = await cloud.owner.api.post(base(), awsBody({ name: 'Mine' }));
    const stranger = await newUser(cloud.platform, 'cloud-stranger');
    const strangerOrg = claimsOf(stranger.accessToken).org as string;
    const get = await stranger.api.get(`${base()}/${created.body.id}`);
    expect(get.status).toBe(404);
    const inTheirOrg = await stranger.api.get(
      `/api/v1/orgs/${strangerOrg}/cloud-accounts/${created.body.id}`,
    );
    expect(inTheirOrg.status).toBe(404);
    expect(inTheirOrg.body.code).toBe('cloud.account_not_found');
    expect((await stranger.api.delete(`${base()}/${created.body.id}`)).status).toBe(404);
    expect((await stranger.api.get(base())).status).toBe(404);
  });

  it('lets a member see the masked list but not add or delete (403)', async () => {
    const member = await newUser(cloud.platform, 'cloud-member');
    await joinOrg(cloud.platform, cloud.owner, cloud.orgId, member, 'member');

    const list = await member.api.get(base());
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    const add = await member.api.post(base(), awsBody({ name: 'By member' }));
    expect(add.status).toBe(403);
    expect(add.body.code).toBe('platform.forbidden');
    const del = await member.api.delete(`${base()}/${list.body.items[0].id}`);
    expect(del.status).toBe(403);
  });

  it('issues short-lived AWS credentials to the cluster service only (service credential)', async () => {
    const plain = await cloud.owner.api.post(base(), awsBody({ name: 'Issue plain' }));
    const withRole = await cloud.owner.api.post(
      base(),
      awsBody({ name: 'Issue role', roleArn: aws.role }),
    );

    const issued = await cloud.issueCredentials(plain.body.id, 'cluster-run:test');
    expect(issued.credentials.case).toBe('aws');
    const session = issued.credentials.value as { accessKeyId: string; sessionToken: string };
    expect(session.accessKeyId).toMatch(/^ASIA/);
    expect(sts.issued.get(session.accessKeyId)?.arn).toBe(aws.arn);
    expect(issued.expiresAt).toBeDefined();

    const assumed = await cloud.issueCredentials(withRole.body.id, 'cluster-run:test');
    const assumedKey = (assumed.credentials.value as { accessKeyId: string }).accessKeyId;
    expect(sts.issued.get(assumedKey)?.arn).toMatch(
      /assumed-role\/strata-provisioner\/cluster-run-test$/,
    );

    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { status: number; code: string }) => `${e.status} ${e.code}`,
      );
    // A user's token is not the service credential; a wrong credential is refused.
    expect(
      await codeOf(
        cloud.rpc.request(
          'cloud.credentials.issue',
          { orgId: cloud.orgId, cloudAccountId: plain.body.id, purpose: 'x' },
          { accessToken: cloud.owner.accessToken },
        ),
      ),
    ).toBe('403 cloud.internal_only');
    expect(
      await codeOf(
        cloud.rpc.request(
          'cloud.credentials.issue',
          { orgId: cloud.orgId, cloudAccountId: plain.body.id, purpose: 'x' },
          { headers: { 'x-strata-internal-token': 'not-the-token-but-long-enough-to-try-it' } },
        ),
      ),
    ).toBe('403 cloud.internal_only');
    // No HTTP route reaches it.
    const http = await cloud.owner.api.post(`${base()}/${plain.body.id}/credentials`, {});
    expect([404, 405]).toContain(http.status);
    // Only platform admins may rotate keys (the owner is the first user, hence an admin).
    const notAdmin = await newUser(cloud.platform, 'cloud-not-admin');
    expect(
      await codeOf(
        cloud.rpc.request('cloud.keys.rotate', {}, { accessToken: notAdmin.accessToken }),
      ),
    ).toBe('403 platform.forbidden');
  });

  it('re-wraps every data key under a new master key; every account still decrypts', async () => {
    await cloud.restartWithMasterKeys(['k1', 'k2'], 'k2');
    const root = await repoRoot();
    const { stdout } = await run('node', [path.join(root, 'services/cloud/dist/rotate-keys.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: cloud.platform.infrastructure.databaseUrl,
        ...cloud.masterKeyEnv(['k1', 'k2'], 'k2'),
      },
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(result.activeKeyId).toBe('k2');
    expect(result.rewrapped).toBeGreaterThan(0);
    const keys = await cloud.db.query('SELECT DISTINCT master_key_id FROM cloud.cloud_accounts');
    expect(keys.rows).toEqual([{ master_key_id: 'k2' }]);

    // The old master key is gone from the configuration: everything still decrypts.
    await cloud.restartWithMasterKeys(['k2'], 'k2');
    const list = await cloud.owner.api.get(base());
    for (const account of list.body.items as { id: string }[]) {
      const verified = await cloud.owner.api.post(`${base()}/${account.id}/verify`, {});
      expect(verified.status).toBe(200);
    }
    const issued = await cloud.issueCredentials(list.body.items[0].id, 'after-rotation');
    expect(issued.credentials.case).toBe('aws');
  });

  it('never logs a secret used in this suite', () => {
    cloud.expectNoSecretLogged();
    expect(cloud.platform.logs()).not.toContain(aws.secretAccessKey);
  });
});
