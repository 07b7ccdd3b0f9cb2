import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * A protocol-level stand-in for AWS STS (Query API over HTTP, the real @aws-sdk/client-sts
 * talks to it). Every request's SigV4 signature is recomputed with @smithy/signature-v4 from
 * the secret of the access key it names and compared: a wrong secret answers
 * SignatureDoesNotMatch, an unknown key InvalidClientTokenId, a key marked expired ExpiredToken,
 * an AssumeRole of a role the key may not assume AccessDenied.
 *
 * A presigned GET (query-string SigV4, as an EKS token carries it: `aws eks get-token`, with the
 * `x-k8s-aws-id` header signed) is checked the same way, the way the EKS API server replays it:
 * the signature recomputed over the signed headers sent, the session token matched, and the
 * URL refused 15 minutes after its X-Amz-Date (EKS's limit; X-Amz-Expires=60 is not enforced by
 * STS for it). `calls` records it with `presigned: true` and the x-k8s-aws-id seen.
 */
export interface StsUser {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  /** e.g. arn:aws:iam::123456789012:user/ci */
  arn: string;
  /** Roles this key may assume. */
  assumableRoles?: string[];
  expired?: boolean;
}

export interface StsCall {
  action: string;
  accessKeyId: string;
  /** The outcome: 'ok' or the error code sent. */
  outcome: string;
  /** A presigned (query-string) GET: the signed x-k8s-aws-id header it carried, if any. */
  presigned?: { clusterId?: string };
}

export interface AwsStsStandIn {
  url: string;
  calls: StsCall[];
  addUser(user: StsUser): void;
  /** The short-lived keys handed out by AssumeRole / GetSessionToken. */
  issued: Map<string, { secretAccessKey: string; sessionToken: string; arn: string }>;
  stop(): Promise<void>;
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const CREDENTIAL = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;
const SIGNED_HEADERS = /SignedHeaders=([^,]+)/;
const SIGNATURE = /Signature=([0-9a-f]{64})/;
const EKS_HEADER = 'x-k8s-aws-id';

const esc = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startAwsStsStandIn(users: StsUser[] = []): Promise<AwsStsStandIn> {
  const known = new Map(users.map((u) => [u.accessKeyId, u]));
  const issued: AwsStsStandIn['issued'] = new Map();
  const calls: StsCall[] = [];

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const requestUrl = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'GET' && requestUrl.searchParams.has('X-Amz-Signature'))
      return handlePresigned(req, res, requestUrl);
    const form = new URLSearchParams(body);
    const action = form.get('Action') ?? '';
    const authorization = String(req.headers.authorization ?? '');
    const credential = CREDENTIAL.exec(authorization);
    const accessKeyId = credential?.[1] ?? '';
    const fail = (status: number, code: string, message: string) => {
      calls.push({ action, accessKeyId, outcome: code });
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(
        `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
      );
    };
    const ok = (xml: string) => {
      calls.push({ action, accessKeyId, outcome: 'ok' });
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<${action}Response xmlns="${XMLNS}"><${action}Result>${xml}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
      );
    };

    if (req.method !== 'POST' || !credential)
      return fail(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    const user = known.get(accessKeyId);
    const session = issued.get(accessKeyId);
    if (!user && !session)
      return fail(
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
    if (session && req.headers['x-amz-security-token'] !== session.sessionToken)
      return fail(
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );

    // Recompute the SigV4 signature for the secret we know.
    const signedHeaders = SIGNED_HEADERS.exec(authorization)?.[1]?.split(';') ?? [];
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) headers[name] = String(req.headers[name] ?? '');
    const amzDate = headers['x-amz-date'] ?? '';
    const signingDate = new Date(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
    );
    const signer = new SignatureV4({
      credentials: {
        accessKeyId,
        secretAccessKey: (user?.secretAccessKey ?? session?.secretAccessKey)!,
        sessionToken: session?.sessionToken,
      },
      region: credential[3],
      service: credential[4],
      sha256: Hash.bind(null, 'sha256'),
    });
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const host = String(req.headers.host ?? '');
    const signed = await signer.sign(
      {
        method: req.method,
        protocol: 'http:',
        hostname: host.split(':')[0],
        port: Number(host.split(':')[1]) || undefined,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body,
      },
      { signingDate, signableHeaders: new Set(signedHeaders) },
    );
    const expected = SIGNATURE.exec(String(signed.headers.authorization ?? ''))?.[1];
    const given = SIGNATURE.exec(authorization)?.[1];
    if (!expected || expected !== given)
      return fail(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    if (Math.abs(Date.now() - signingDate.getTime()) > 15 * 60_000)
      return fail(403, 'SignatureDoesNotMatch', 'Signature expired.');
    if (user?.expired)
      return fail(403, 'ExpiredToken', 'The security token included in the request is expired');

    const arn = user?.arn ?? session!.arn;
    const accountId = arn.split(':')[4];
    const newSession = (sessionArn: string) => {
      const key = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
      const secret = randomBytes(30).toString('base64');
      const token = randomBytes(48).toString('base64');
      issued.set(key, { secretAccessKey: secret, sessionToken: token, arn: sessionArn });
      const seconds = Number(form.get('DurationSeconds') ?? 3600);
      const expiration = new Date(Date.now() + seconds * 1000).toISOString();
      return `<Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>${esc(secret)}</SecretAccessKey><SessionToken>${esc(token)}</SessionToken><Expiration>${expiration}</Expiration></Credentials>`;
    };

    switch (action) {
      case 'GetCallerIdentity':
        return ok(
          `<Arn>${esc(arn)}</Arn><UserId>AIDA${accessKeyId.slice(-8)}</UserId><Account>${accountId}</Account>`,
        );
      case 'AssumeRole': {
        const roleArn = form.get('RoleArn') ?? '';
        const sessionName = form.get('RoleSessionName') ?? '';
        if (!user?.assumableRoles?.includes(roleArn))
          return fail(
            403,
            'AccessDenied',
            `User: ${arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
          );
        const roleAccount = roleArn.split(':')[4];
        const roleName = roleArn.split('/').pop();
        const assumedArn = `arn:aws:sts::${roleAccount}:assumed-role/${roleName}/${sessionName}`;
        return ok(
          `${newSession(assumedArn)}<AssumedRoleUser><Arn>${esc(assumedArn)}</Arn><AssumedRoleId>AROA${randomBytes(6).toString('hex').toUpperCase()}:${esc(sessionName)}</AssumedRoleId></AssumedRoleUser>`,
        );
      }
      case 'GetSessionToken':
        if (session)
          return fail(403, 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
        return ok(newSession(arn));
      default:
        return fail(400, 'InvalidAction', `Could not find operation ${action}`);
    }
  }

  /** A presigned GetCallerIdentity GET, as the EKS API server replays a token. */
  async function handlePresigned(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<void> {
    const q = url.searchParams;
    const action = q.get('Action') ?? '';
    const credential = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/.exec(
      q.get('X-Amz-Credential') ?? '',
    );
    const accessKeyId = credential?.[1] ?? '';
    const signedHeaders = (q.get('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean);
    const clusterId = signedHeaders.includes(EKS_HEADER)
      ? String(req.headers[EKS_HEADER] ?? '')
      : undefined;
    const presigned = clusterId === undefined ? {} : { clusterId };
    const fail = (status: number, code: string, message: string) => {
      calls.push({ action, accessKeyId, outcome: code, presigned });
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(
        `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
      );
    };
    if (!credential || q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
      return fail(403, 'IncompleteSignature', 'The presigned URL is not a SigV4 query signature');
    const user = known.get(accessKeyId);
    const session = issued.get(accessKeyId);
    if ((!user && !session) || (session && q.get('X-Amz-Security-Token') !== session.sessionToken))
      return fail(
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
    const amzDate = q.get('X-Amz-Date') ?? '';
    const signingDate = new Date(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
    );
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) headers[name] = String(req.headers[name] ?? '');
    const query = Object.fromEntries(q);
    delete query['X-Amz-Signature'];
    const signer = new SignatureV4({
      credentials: {
        accessKeyId,
        secretAccessKey: (user?.secretAccessKey ?? session?.secretAccessKey)!,
        sessionToken: session?.sessionToken,
      },
      region: credential[3]!,
      service: credential[4]!,
      sha256: Hash.bind(null, 'sha256'),
    });
    const host = String(req.headers.host ?? '');
    let expected: string | undefined;
    try {
      const signed = await signer.presign(
        {
          method: 'GET',
          protocol: 'http:',
          hostname: host.split(':')[0]!,
          port: Number(host.split(':')[1]) || undefined,
          path: url.pathname,
          query,
          headers,
        },
        {
          signingDate,
          expiresIn: Number(q.get('X-Amz-Expires') ?? 0),
          signableHeaders: new Set(signedHeaders),
        },
      );
      expected = String(signed.query?.['X-Amz-Signature'] ?? '');
    } catch {
      expected = undefined;
    }
    if (!expected || expected !== q.get('X-Amz-Signature'))
      return fail(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    if (Number.isNaN(signingDate.getTime()) || Date.now() - signingDate.getTime() > 15 * 60_000)
      return fail(403, 'ExpiredToken', 'The presigned URL has expired.');
    if (action !== 'GetCallerIdentity')
      return fail(400, 'InvalidAction', `Could not find operation ${action}`);
    const arn = user?.arn ?? session!.arn;
    calls.push({ action, accessKeyId, outcome: 'ok', presigned });
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult><Arn>${esc(arn)}</Arn><UserId>AIDA${accessKeyId.slice(-8)}</UserId><Account>${arn.split(':')[4]}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    issued,
    addUser: (user) => known.set(user.accessKeyId, user),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
