import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * s3rver 3.7 (a real S3 server on the local file system) in this process, for the real
 * @aws-sdk/client-s3 with forcePathStyle. s3rver itself only looks up the access key id of a
 * SigV4 request ("V4 signatures have incomplete support"), so the stand-in puts a front in the
 * same server that recomputes each request's SigV4 signature with @smithy/signature-v4 from the
 * key's secret (wrong secret: 403 SignatureDoesNotMatch; unknown key: 403 InvalidAccessKeyId) and
 * applies a per-bucket list of keys that may use it (403 AccessDenied), then hands the request to
 * s3rver. The registered keys are also s3rver's accounts.
 */
export interface S3User {
  accessKeyId: string;
  secretAccessKey: string;
  accountId?: string;
}

export interface S3BucketSpec {
  name: string;
  /** Access keys allowed to use it (default: every registered key). */
  allowedKeys?: string[];
}

export interface S3Call {
  method: string;
  path: string;
  accessKeyId: string;
  /** 'forwarded' or the error code sent by the front. */
  outcome: string;
}

export interface S3rverStandIn {
  /** http://127.0.0.1:<port>: CLOUD_S3_ENDPOINT. */
  url: string;
  calls: S3Call[];
  /** Object keys in a bucket, read from s3rver's store. */
  listObjects(bucket: string): Promise<string[]>;
  stop(): Promise<void>;
}

interface S3rverInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  configureBuckets(): Promise<void>;
  store: { listObjects(bucket: string, options: object): Promise<{ objects: { key: string }[] }> };
}
interface AwsAccountClass {
  new (
    id: number,
    name: string,
  ): { createKeyPair(id: string, secret: string): void; revokeAccessKey(id: string): void };
}

const CREDENTIAL = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;
const SIGNED_HEADERS = /SignedHeaders=([^,]+)/;
const SIGNATURE = /Signature=([0-9a-f]{64})/;

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>stand-in</RequestId></Error>`,
  );
}

export async function startS3rver(
  users: S3User[],
  buckets: S3BucketSpec[],
): Promise<S3rverStandIn> {
  const load = createRequire(__filename);
  const S3rver = load('s3rver') as new (options: object) => S3rverInstance;
  const AWSAccount = load('s3rver/lib/models/account') as AwsAccountClass;
  const directory = await mkdtemp(path.join(tmpdir(), 'strata-s3rver-'));
  const s3rver = new S3rver({
    silent: true,
    directory,
    configureBuckets: buckets.map((b) => ({ name: b.name })),
  });
  await s3rver.configureBuckets();
  const accounts = users.map((user, i) => {
    const account = new AWSAccount(Number(user.accountId ?? 123456789000 + i), `stand-in-${i}`);
    account.createKeyPair(user.accessKeyId, user.secretAccessKey);
    return { account, user };
  });
  const secrets = new Map(users.map((u) => [u.accessKeyId, u.secretAccessKey]));
  const allowed = new Map(buckets.map((b) => [b.name, b.allowedKeys]));
  const calls: S3Call[] = [];
  const forward = s3rver.callback();

  async function front(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const authorization = String(req.headers.authorization ?? '');
    const credential = CREDENTIAL.exec(authorization);
    const accessKeyId = credential?.[1] ?? '';
    const call: S3Call = {
      method: req.method ?? '',
      path: url.pathname,
      accessKeyId,
      outcome: 'forwarded',
    };
    const fail = (status: number, code: string, message: string) => {
      calls.push({ ...call, outcome: code });
      s3Error(res, status, code, message);
    };
    if (!credential || !authorization.startsWith('AWS4-HMAC-SHA256 '))
      return fail(403, 'AccessDenied', 'Only SigV4-signed requests are accepted by this stand-in.');
    const secret = secrets.get(accessKeyId);
    if (!secret)
      return fail(
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
      );

    const signedHeaders = SIGNED_HEADERS.exec(authorization)?.[1]?.split(';') ?? [];
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) headers[name] = String(req.headers[name] ?? '');
    const amzDate = headers['x-amz-date'] ?? '';
    const signingDate = new Date(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
    );
    const host = String(req.headers.host ?? '');
    // S3 signs the path as sent (no second URI encoding) and the payload hash of the
    // x-amz-content-sha256 header.
    const signer = new SignatureV4({
      credentials: { accessKeyId, secretAccessKey: secret },
      region: credential[3],
      service: credential[4],
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: false,
    });
    const query: Record<string, string | string[]> = {};
    for (const [key, value] of url.searchParams) {
      const existing = query[key];
      query[key] = existing === undefined ? value : ([] as string[]).concat(existing, value);
    }
    const signed = await signer.sign(
      {
        method: req.method ?? 'GET',
        protocol: 'http:',
        hostname: host.split(':')[0],
        port: Number(host.split(':')[1]) || undefined,
        path: url.pathname,
        query,
        headers,
      },
      { signingDate, signableHeaders: new Set(signedHeaders) },
    );
    const expected = SIGNATURE.exec(String(signed.headers.authorization ?? ''))?.[1];
    if (!expected || expected !== SIGNATURE.exec(authorization)?.[1])
      return fail(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    if (Math.abs(Date.now() - signingDate.getTime()) > 15 * 60_000)
      return fail(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
      );
    const bucket = decodeURIComponent(url.pathname.split('/')[1] ?? '');
    const keys = allowed.get(bucket);
    if (keys && !keys.includes(accessKeyId)) return fail(403, 'AccessDenied', 'Access Denied');
    calls.push(call);
    forward(req, res);
  }

  const server: Server = createServer((req, res) => {
    void front(req, res).catch(() => {
      if (!res.headersSent) s3Error(res, 500, 'InternalError', 'stand-in failure');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    async listObjects(bucket) {
      const { objects } = await s3rver.store.listObjects(bucket, { maxKeys: 1000 });
      return objects.map((o) => o.key);
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      for (const { account, user } of accounts) account.revokeAccessKey(user.accessKeyId);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
