import { createPublicKey, createVerify, KeyObject, randomBytes } from 'node:crypto';
import {
  createServer as createHttpServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * A protocol-level stand-in for Google's OAuth token endpoint and the Cloud Storage JSON API,
 * for the service-account JWT-bearer grant (RFC 7523) and the real @google-cloud/storage:
 *
 * - `POST /token` with `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`: the assertion's
 *   RS256 signature is verified against the public key registered for its `iss` (the service
 *   account email), and its `aud` (this endpoint), `iat` and `exp` are checked. A wrong key
 *   answers 400 invalid_grant "Invalid JWT Signature.", an unknown account 400 invalid_grant,
 *   a disabled account 400 invalid_grant "Robot is disabled." (Google's words).
 * - GCS (`/storage/v1/…`, `/upload/storage/v1/…`) with the bearer token it issued: bucket list
 *   in a project (403 without `storage.buckets.list` there), and for connectors object insert
 *   (multipart or media upload), get (`alt=media` or metadata) and delete, each checking that the
 *   bucket exists (404) and that the account may use it (403).
 */
export interface GoogleServiceAccount {
  clientEmail: string;
  /** The project the account lives in (and may list buckets of, unless `canListBuckets` is false). */
  projectId: string;
  /** The public half of the account's key (PEM or KeyObject). */
  publicKey: string | KeyObject;
  disabled?: boolean;
  /** Whether it has storage.buckets.list in its project (default true). */
  canListBuckets?: boolean;
}

export interface GcsBucket {
  name: string;
  projectId: string;
  /** Service-account emails with object read/write on it. */
  writers: string[];
}

export interface GoogleCall {
  /** 'token', 'buckets.list', 'objects.insert', 'objects.get', 'objects.delete' or 'unknown'. */
  endpoint: string;
  clientEmail?: string;
  bucket?: string;
  object?: string;
  /** 'ok' or the error sent. */
  outcome: string;
}

export interface GoogleCloudStandIn {
  /** CLOUD_GCP_TOKEN_URL */
  tokenUrl: string;
  /** CLOUD_GCP_STORAGE_ENDPOINT */
  storageEndpoint: string;
  calls: GoogleCall[];
  /** Every access token granted, with the scope its assertion asked for. */
  grants: Array<{ clientEmail: string; scope: string }>;
  /** Objects per bucket (name -> bytes). */
  objects(bucket: string): Map<string, Buffer>;
  addServiceAccount(account: GoogleServiceAccount): void;
  addBucket(bucket: GcsBucket): void;
  stop(): Promise<void>;
}

export interface GoogleCloudOptions {
  serviceAccounts?: GoogleServiceAccount[];
  buckets?: GcsBucket[];
  /** Serve https with this certificate (otherwise http). */
  tls?: { cert: string; key: string };
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CLOCK_SKEW_S = 300;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

/** The parts of a multipart/related body. */
function multipartParts(body: Buffer, contentType: string): { headers: string; body: Buffer }[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { headers: string; body: Buffer }[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    let part = body.subarray(start + delimiter.length, next);
    if (part.subarray(0, 2).toString() === '\r\n') part = part.subarray(2);
    if (part.subarray(-2).toString() === '\r\n') part = part.subarray(0, -2);
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1)
      parts.push({
        headers: part.subarray(0, split).toString('utf8'),
        body: part.subarray(split + 4),
      });
    start = next;
  }
  return parts;
}

export async function startGoogleCloudStandIn(
  options: GoogleCloudOptions = {},
): Promise<GoogleCloudStandIn> {
  const accounts = new Map<string, GoogleServiceAccount>();
  const buckets = new Map<string, GcsBucket>();
  const objects = new Map<string, Map<string, Buffer>>();
  const tokens = new Map<string, { clientEmail: string; expiresAt: number }>();
  const calls: GoogleCall[] = [];
  const grants: GoogleCloudStandIn['grants'] = [];
  let base = '';
  const addServiceAccount = (a: GoogleServiceAccount) => accounts.set(a.clientEmail, a);
  const addBucket = (b: GcsBucket) => {
    buckets.set(b.name, b);
    if (!objects.has(b.name)) objects.set(b.name, new Map());
  };
  options.serviceAccounts?.forEach(addServiceAccount);
  options.buckets?.forEach(addBucket);

  const gcsError = (res: ServerResponse, call: GoogleCall, status: number, message: string) => {
    calls.push({ ...call, outcome: String(status) });
    const reason =
      status === 401
        ? 'required'
        : status === 403
          ? 'forbidden'
          : status === 404
            ? 'notFound'
            : 'invalid';
    json(res, status, {
      error: { code: status, message, errors: [{ message, domain: 'global', reason }] },
    });
  };

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const call: GoogleCall = { endpoint: 'token', outcome: 'ok' };
    const fail = (error: string, description: string) => {
      calls.push({ ...call, outcome: `${error}: ${description}` });
      json(res, 400, { error, error_description: description });
    };
    if (form.get('grant_type') !== JWT_BEARER)
      return fail(
        'unsupported_grant_type',
        'Invalid grant_type: ' + (form.get('grant_type') ?? ''),
      );
    const [header, payload, signature] = (form.get('assertion') ?? '').split('.');
    let claims: Record<string, unknown>;
    let alg: unknown;
    try {
      alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown })
        .alg;
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
    } catch {
      return fail('invalid_grant', 'Invalid JWT: the assertion is not a JWT.');
    }
    const email = typeof claims.iss === 'string' ? claims.iss : '';
    call.clientEmail = email;
    const account = accounts.get(email);
    if (!account) return fail('invalid_grant', 'Invalid grant: account not found');
    if (alg !== 'RS256' || !signature) return fail('invalid_grant', 'Invalid JWT Signature.');
    const valid = createVerify('RSA-SHA256')
      .update(`${header}.${payload}`)
      .verify(
        typeof account.publicKey === 'string'
          ? createPublicKey(account.publicKey)
          : account.publicKey,
        Buffer.from(signature, 'base64url'),
      );
    if (!valid) return fail('invalid_grant', 'Invalid JWT Signature.');
    if (claims.aud !== `${base}/token`)
      return fail('invalid_grant', 'Invalid JWT: Failed audience check.');
    const now = Math.floor(Date.now() / 1000);
    const iat = Number(claims.iat);
    const exp = Number(claims.exp);
    if (
      !Number.isFinite(iat) ||
      !Number.isFinite(exp) ||
      exp - iat > 3600 ||
      iat > now + CLOCK_SKEW_S ||
      exp < now - CLOCK_SKEW_S
    )
      return fail(
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
      );
    if (account.disabled) return fail('invalid_grant', 'Robot is disabled.');
    const accessToken = `ya29.stand-in.${randomBytes(24).toString('base64url')}`;
    tokens.set(accessToken, { clientEmail: email, expiresAt: Date.now() + 3600_000 });
    grants.push({
      clientEmail: email,
      scope: typeof claims.scope === 'string' ? claims.scope : '',
    });
    calls.push(call);
    json(res, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  async function storage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = await readBody(req);
    const list = req.method === 'GET' && url.pathname === '/storage/v1/b';
    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    const object = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname);
    const endpoint = list
      ? 'buckets.list'
      : upload && req.method === 'POST'
        ? 'objects.insert'
        : object && req.method === 'GET'
          ? 'objects.get'
          : object && req.method === 'DELETE'
            ? 'objects.delete'
            : 'unknown';
    const call: GoogleCall = { endpoint, outcome: 'ok' };
    if (endpoint === 'unknown')
      return gcsError(res, { ...call, object: `${req.method} ${url.pathname}` }, 404, 'Not Found');

    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const session = bearer ? tokens.get(bearer) : undefined;
    if (!session || session.expiresAt < Date.now())
      return gcsError(res, call, 401, 'Invalid Credentials');
    const email = session.clientEmail;
    call.clientEmail = email;
    const account = accounts.get(email)!;

    if (list) {
      const project = url.searchParams.get('project') ?? '';
      if (project !== account.projectId || account.canListBuckets === false)
        return gcsError(
          res,
          call,
          403,
          `${email} does not have storage.buckets.list access to the Google Cloud project. Permission 'storage.buckets.list' denied on resource (or it may not exist).`,
        );
      const max = Number(url.searchParams.get('maxResults') ?? 1000) || 1000;
      const items = [...buckets.values()]
        .filter((b) => b.projectId === project)
        .slice(0, max)
        .map((b) => ({ kind: 'storage#bucket', id: b.name, name: b.name, location: 'EU' }));
      calls.push(call);
      return json(res, 200, { kind: 'storage#buckets', items });
    }

    const bucketName = decodeURIComponent((upload ?? object)![1]);
    call.bucket = bucketName;
    const bucket = buckets.get(bucketName);
    if (!bucket) return gcsError(res, call, 404, 'The specified bucket does not exist.');
    const permission = {
      'objects.insert': 'storage.objects.create',
      'objects.get': 'storage.objects.get',
      'objects.delete': 'storage.objects.delete',
    }[endpoint as 'objects.insert'];
    if (!bucket.writers.includes(email))
      return gcsError(
        res,
        call,
        403,
        `${email} does not have ${permission} access to the Google Cloud Storage object. Permission '${permission}' denied on resource (or it may not exist).`,
      );
    const store = objects.get(bucketName)!;
    const resource = (name: string, data: Buffer) => ({
      kind: 'storage#object',
      id: `${bucketName}/${name}/1`,
      selfLink: `${base}/storage/v1/b/${bucketName}/o/${encodeURIComponent(name)}`,
      name,
      bucket: bucketName,
      generation: '1',
      metageneration: '1',
      contentType: 'application/octet-stream',
      size: String(data.length),
      timeCreated: new Date().toISOString(),
      updated: new Date().toISOString(),
    });

    if (endpoint === 'objects.insert') {
      const uploadType = url.searchParams.get('uploadType');
      let name = url.searchParams.get('name') ?? '';
      let data = body;
      if (uploadType === 'multipart') {
        const parts = multipartParts(body, String(req.headers['content-type'] ?? ''));
        if (parts.length !== 2) return gcsError(res, call, 400, 'Invalid multipart request.');
        const metadata = JSON.parse(parts[0].body.toString('utf8')) as { name?: string };
        name = metadata.name ?? name;
        data = parts[1].body;
      } else if (uploadType !== 'media') {
        return gcsError(
          res,
          call,
          400,
          `Unsupported uploadType ${uploadType ?? ''} in the stand-in.`,
        );
      }
      if (!name) return gcsError(res, call, 400, 'Required: object name.');
      store.set(name, Buffer.from(data));
      calls.push({ ...call, object: name });
      return json(res, 200, resource(name, data));
    }

    const name = decodeURIComponent(object![2]);
    const found = store.get(name);
    if (!found)
      return gcsError(res, { ...call, object: name }, 404, `No such object: ${bucketName}/${name}`);
    calls.push({ ...call, object: name });
    if (endpoint === 'objects.delete') {
      store.delete(name);
      res.writeHead(204).end();
      return;
    }
    if (url.searchParams.get('alt') === 'media') {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(found.length),
        'x-goog-generation': '1',
        'x-goog-stored-content-length': String(found.length),
      });
      res.end(found);
      return;
    }
    return json(res, 200, resource(name, found));
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    const work =
      req.method === 'POST' && url.pathname === '/token' ? token(req, res) : storage(req, res, url);
    void work.catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    tokenUrl: `${base}/token`,
    storageEndpoint: base,
    calls,
    grants,
    objects: (bucket) => objects.get(bucket) ?? new Map(),
    addServiceAccount,
    addBucket,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
