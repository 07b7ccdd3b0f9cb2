import { startAwsStsStandIn, type AwsStsStandIn } from '@strata/testing';
import { eksToken, EKS_TOKEN_PREFIX } from './eks-token';

describe('EKS tokens', () => {
  const credentials = {
    accessKeyId: 'ASIAEXAMPLE000000001',
    secretAccessKey: 'secret/example/key',
    sessionToken: 'session-token+/=',
  };
  const now = new Date('2026-12-02T06:00:00.000Z');

  it('is k8s-aws-v1. and an unpadded base64url presigned GetCallerIdentity URL signing x-k8s-aws-id', async () => {
    const { token, expiresAt } = await eksToken({
      credentials,
      clusterName: 'analytics-prod',
      region: 'eu-west-1',
      now,
    });
    expect(token.startsWith(EKS_TOKEN_PREFIX)).toBe(true);
    const encoded = token.slice(EKS_TOKEN_PREFIX.length);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    const url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
    expect(url.origin).toBe('https://sts.eu-west-1.amazonaws.com');
    const q = url.searchParams;
    expect(q.get('Action')).toBe('GetCallerIdentity');
    expect(q.get('Version')).toBe('2011-06-15');
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toBe(
      'ASIAEXAMPLE000000001/20261202/eu-west-1/sts/aws4_request',
    );
    expect(q.get('X-Amz-Date')).toBe('20261202T060000Z');
    expect(q.get('X-Amz-Expires')).toBe('60');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(q.get('X-Amz-Security-Token')).toBe(credentials.sessionToken);
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toContain(credentials.secretAccessKey);
    expect(expiresAt.getTime() - now.getTime()).toBe(14 * 60_000);
  });

  it('signs the cluster name: another name gives another signature', async () => {
    const sig = async (clusterName: string) =>
      new URL(
        Buffer.from(
          (await eksToken({ credentials, clusterName, region: 'eu-west-1', now })).token.slice(
            EKS_TOKEN_PREFIX.length,
          ),
          'base64url',
        ).toString('utf8'),
      ).searchParams.get('X-Amz-Signature');
    expect(await sig('a')).not.toBe(await sig('b'));
  });
});

describe('EKS tokens against the STS stand-in (as the EKS API server replays them)', () => {
  const user = {
    accessKeyId: 'AKIAEKSTOKENSPEC0001',
    secretAccessKey: 'eks/token/spec/secret',
    accountId: '123456789012',
    arn: 'arn:aws:iam::123456789012:user/eks',
  };
  let sts: AwsStsStandIn;
  beforeAll(async () => {
    sts = await startAwsStsStandIn([user]);
  });
  afterAll(() => sts.stop());

  const replay = (token: string, clusterName: string) =>
    fetch(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString('utf8'), {
      headers: { 'x-k8s-aws-id': clusterName },
    });
  const mint = (clusterName = 'analytics-prod', now?: Date) =>
    eksToken({ credentials: user, clusterName, region: 'eu-west-1', endpoint: sts.url, now });

  it('verifies with the signed cluster name', async () => {
    const res = await replay((await mint()).token, 'analytics-prod');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`<Arn>${user.arn}</Arn>`);
    expect(sts.calls.at(-1)).toEqual({
      action: 'GetCallerIdentity',
      accessKeyId: user.accessKeyId,
      outcome: 'ok',
      presigned: { clusterId: 'analytics-prod' },
    });
  });

  it('fails for another cluster name, a tampered URL and an old token', async () => {
    const { token } = await mint();
    expect((await replay(token, 'other-cluster')).status).toBe(403);
    const url = Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString('utf8');
    const tampered =
      EKS_TOKEN_PREFIX +
      Buffer.from(url.replace('Version=2011-06-15', 'Version=2011-06-16')).toString('base64url');
    expect((await replay(tampered, 'analytics-prod')).status).toBe(403);
    expect(sts.calls.at(-1)?.outcome).toBe('SignatureDoesNotMatch');
    const old = await mint('analytics-prod', new Date(Date.now() - 16 * 60_000));
    expect((await replay(old.token, 'analytics-prod')).status).toBe(403);
    expect(sts.calls.at(-1)?.outcome).toBe('ExpiredToken');
  });
});
