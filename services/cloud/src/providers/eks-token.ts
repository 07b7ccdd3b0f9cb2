import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/** How long EKS accepts a token after it was signed; the token is declared valid for less. */
export const EKS_TOKEN_LIFETIME_MS = 14 * 60_000;
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
export const EKS_CLUSTER_HEADER = 'x-k8s-aws-id';

export interface AwsSigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * An EKS bearer token, as aws-iam-authenticator and `aws eks get-token` make it: a presigned
 * STS GetCallerIdentity GET (query-string SigV4, X-Amz-Expires=60) that also signs the
 * `x-k8s-aws-id: <cluster name>` header, base64url without padding behind `k8s-aws-v1.`. The
 * EKS API server replays the URL with that header to learn the caller's identity.
 */
export async function eksToken(options: {
  credentials: AwsSigningCredentials;
  clusterName: string;
  region: string;
  /** The STS endpoint (default: the region's https://sts.<region>.amazonaws.com). */
  endpoint?: string;
  now?: Date;
}): Promise<{ token: string; expiresAt: Date }> {
  const url = new URL(options.endpoint ?? `https://sts.${options.region}.amazonaws.com`);
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: 'sts',
    sha256: Hash.bind(null, 'sha256'),
  });
  const now = options.now ?? new Date();
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: url.host, [EKS_CLUSTER_HEADER]: options.clusterName },
    },
    { expiresIn: 60, signingDate: now },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const signedUrl = `${url.protocol}//${url.host}/?${query}`;
  return {
    token: EKS_TOKEN_PREFIX + Buffer.from(signedUrl, 'utf8').toString('base64url'),
    expiresAt: new Date(now.getTime() + EKS_TOKEN_LIFETIME_MS),
  };
}
