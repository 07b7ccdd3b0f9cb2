import {
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  randomUUID,
  createSign,
  createVerify,
} from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

/**
 * A certificate for 127.0.0.1 and localhost, generated at test time. Servers present it; a
 * process that talks to them trusts it through NODE_EXTRA_CA_CERTS=`certFile` (read by Node at
 * start, so it goes into the spawned service's environment).
 */
export interface TestTls {
  cert: string;
  key: string;
  /** PEM files in a private temporary directory. */
  certFile: string;
  keyFile: string;
  /** Removes the directory. */
  dispose(): Promise<void>;
}

export async function createTestTls(): Promise<TestTls> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'strata-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  await writeFile(certFile, pems.cert, { mode: 0o600 });
  await writeFile(keyFile, pems.private, { mode: 0o600 });
  return {
    cert: pems.cert,
    key: pems.private,
    certFile,
    keyFile,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * A protocol-level stand-in for Microsoft Entra ID (Azure AD) and the ARM subscription list,
 * over https, for the real @azure/identity ClientSecretCredential (MSAL) and
 * @azure/arm-resources-subscriptions:
 *
 * - `GET /{tenant}/v2.0/.well-known/openid-configuration` (MSAL's endpoint discovery; instance
 *   discovery goes to login.microsoftonline.com and is disabled by the service for a configured
 *   authority host). An unknown tenant answers 400 AADSTS90002 like Entra ID.
 * - `POST /{tenant}/oauth2/v2.0/token` with the client-credentials grant: the client id and
 *   secret are checked; an unknown client answers 400 unauthorized_client AADSTS700016, a wrong
 *   secret 401 invalid_client AADSTS7000215, an expired one 401 invalid_client AADSTS7000222.
 *   Access tokens are v1 JWTs (RS256, `iss` https://sts.windows.net/{tenant}/, `aud` the
 *   resource of the requested `.default` scope), so Azurite's `--oauth basic` accepts them for
 *   https://storage.azure.com.
 * - ARM (a second https server): `GET /subscriptions?api-version=…` checks the bearer token's
 *   signature, expiry and audience and lists the subscriptions the principal has a role on, in
 *   pages of `pageSize` with `nextLink`. A principal without roles sees an empty list, as in Azure.
 */
export interface AzureServicePrincipal {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The secret has expired (AADSTS7000222). */
  expired?: boolean;
  /** Subscriptions the principal has a role on. */
  subscriptions?: { subscriptionId: string; displayName: string }[];
}

export interface AzureAdCall {
  /** 'openid-configuration', 'token', 'subscriptions' or 'unknown'. */
  endpoint: string;
  tenantId?: string;
  clientId?: string;
  /** 'ok' or the error sent. */
  outcome: string;
}

export interface AzureAdStandIn {
  /** https://127.0.0.1:<port>: CLOUD_AZURE_AUTHORITY_HOST. */
  authorityHost: string;
  /** https://127.0.0.1:<port>: CLOUD_AZURE_ARM_ENDPOINT. */
  armEndpoint: string;
  calls: AzureAdCall[];
  addPrincipal(principal: AzureServicePrincipal): void;
  stop(): Promise<void>;
}

export interface AzureAdOptions {
  tls: Pick<TestTls, 'cert' | 'key'>;
  /** Subscriptions per ARM page (default 2, so the service must follow nextLink). */
  pageSize?: number;
}

const ARM_AUDIENCES = ['https://management.azure.com/', 'https://management.core.windows.net/'];
const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-ms-request-id': randomUUID(),
  });
  res.end(JSON.stringify(body));
}

/** Signs a v1-style access token. */
function signToken(key: KeyObject, claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: 'stand-in' }));
  const payload = b64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key);
  return `${header}.${payload}.${b64url(signature)}`;
}

function verifyToken(publicKey: KeyObject, token: string): Record<string, unknown> | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  const ok = createVerify('RSA-SHA256')
    .update(`${header}.${payload}`)
    .verify(publicKey, Buffer.from(signature, 'base64url'));
  if (!ok) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return undefined;
  }
}

export async function startAzureAdStandIn(
  principals: AzureServicePrincipal[],
  options: AzureAdOptions,
): Promise<AzureAdStandIn> {
  const byClient = new Map(principals.map((p) => [`${p.tenantId}/${p.clientId}`, p]));
  const tenants = () => new Set([...byClient.values()].map((p) => p.tenantId.toLowerCase()));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKey = createPublicKey(privateKey);
  const calls: AzureAdCall[] = [];
  const pageSize = options.pageSize ?? 2;
  let authorityHost = '';
  let armEndpoint = '';

  const aadError = (
    res: ServerResponse,
    status: number,
    error: string,
    code: number,
    description: string,
  ) => {
    const traceId = randomUUID();
    const timestamp = new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    json(res, status, {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${randomUUID()} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: randomUUID(),
      error_uri: `${authorityHost}/error?code=${code}`,
    });
  };

  async function handleAad(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', authorityHost);
    const discovery = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method === 'GET' && discovery) {
      const tenant = decodeURIComponent(discovery[1]);
      if (!tenants().has(tenant.toLowerCase())) {
        calls.push({
          endpoint: 'openid-configuration',
          tenantId: tenant,
          outcome: 'invalid_tenant',
        });
        return aadError(
          res,
          400,
          'invalid_tenant',
          90002,
          `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        );
      }
      calls.push({ endpoint: 'openid-configuration', tenantId: tenant, outcome: 'ok' });
      const base = `${authorityHost}/${tenant}`;
      return json(res, 200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
        jwks_uri: `${authorityHost}/${tenant}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${authorityHost}/${tenant}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${authorityHost}/oidc/userinfo`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid'],
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: 'graph.microsoft.com',
        rbac_url: 'https://pas.windows.net',
      });
    }
    if (req.method === 'POST' && token) {
      const tenant = decodeURIComponent(token[1]);
      const form = new URLSearchParams(await readBody(req));
      const clientId = form.get('client_id') ?? '';
      const fail = (status: number, error: string, code: number, description: string) => {
        calls.push({ endpoint: 'token', tenantId: tenant, clientId, outcome: `AADSTS${code}` });
        aadError(res, status, error, code, description);
      };
      if (!tenants().has(tenant.toLowerCase()))
        return fail(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
      if (form.get('grant_type') !== 'client_credentials')
        return fail(
          400,
          'unsupported_grant_type',
          70003,
          'The app requested an unsupported grant type.',
        );
      const principal = byClient.get(`${tenant}/${clientId}`);
      if (!principal)
        return fail(
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
        );
      if (form.get('client_secret') !== principal.clientSecret)
        return fail(
          401,
          'invalid_client',
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
        );
      if (principal.expired)
        return fail(
          401,
          'invalid_client',
          7000222,
          `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app.`,
        );
      const scope = (form.get('scope') ?? '').split(' ').find((s) => s.endsWith('/.default'));
      if (!scope)
        return fail(
          400,
          'invalid_scope',
          1002012,
          'The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
        );
      const resource = scope.slice(0, -'.default'.length);
      // ARM's v1 audience keeps the trailing slash; storage's does not.
      const aud = /management\.azure\.com/.test(resource) ? resource : resource.replace(/\/$/, '');
      const now = Math.floor(Date.now() / 1000);
      calls.push({ endpoint: 'token', tenantId: tenant, clientId, outcome: 'ok' });
      return json(res, 200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: signToken(privateKey, {
          aud,
          iss: `https://sts.windows.net/${tenant}/`,
          iat: now - 5,
          nbf: now - 5,
          exp: now + 3599,
          appid: clientId,
          appidacr: '1',
          idp: `https://sts.windows.net/${tenant}/`,
          oid: randomUUID(),
          sub: clientId,
          tid: tenant,
          ver: '1.0',
        }),
      });
    }
    calls.push({ endpoint: 'unknown', outcome: `${req.method} ${url.pathname}` });
    json(res, 404, { error: 'not_found', error_description: `No route ${url.pathname}` });
  }

  async function handleArm(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', armEndpoint);
    await readBody(req);
    const armError = (status: number, code: string, message: string, clientId?: string) => {
      calls.push({ endpoint: 'subscriptions', clientId, outcome: code });
      json(res, status, { error: { code, message } });
    };
    if (req.method !== 'GET' || url.pathname !== '/subscriptions') {
      calls.push({ endpoint: 'unknown', outcome: `${req.method} ${url.pathname}` });
      return armError(404, 'InvalidResourceType', `No route ${url.pathname}`);
    }
    if (!url.searchParams.get('api-version'))
      return armError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!bearer)
      return armError(
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
      );
    const claims = verifyToken(publicKey, bearer);
    if (!claims) return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    const clientId = String(claims.appid ?? '');
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now())
      return armError(
        401,
        'ExpiredAuthenticationToken',
        'The access token expiry UTC time is earlier than current UTC time.',
        clientId,
      );
    if (!ARM_AUDIENCES.includes(String(claims.aud)))
      return armError(
        401,
        'InvalidAuthenticationTokenAudience',
        `The access token has been obtained for wrong audience or resource '${String(claims.aud)}'.`,
        clientId,
      );
    const principal = byClient.get(`${String(claims.tid)}/${clientId}`);
    const all = (principal?.subscriptions ?? []).map((s) => ({
      id: `/subscriptions/${s.subscriptionId}`,
      authorizationSource: 'RoleBased',
      managedByTenants: [],
      subscriptionId: s.subscriptionId,
      tenantId: principal!.tenantId,
      displayName: s.displayName,
      state: 'Enabled',
      subscriptionPolicies: {
        locationPlacementId: 'Public_2014-09-01',
        quotaId: 'PayAsYouGo_2014-09-01',
        spendingLimit: 'Off',
      },
    }));
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0) || 0;
    const page = all.slice(skip, skip + pageSize);
    const next = skip + pageSize < all.length ? skip + pageSize : undefined;
    calls.push({ endpoint: 'subscriptions', clientId, outcome: 'ok' });
    json(res, 200, {
      value: page,
      ...(next !== undefined && {
        nextLink: `${armEndpoint}/subscriptions?api-version=${url.searchParams.get('api-version')}&$skiptoken=${next}`,
      }),
      count: { type: 'Total', value: all.length },
    });
  }

  const serve =
    (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
    (req: IncomingMessage, res: ServerResponse) => {
      void handler(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    };
  const aad: Server = createServer(
    { cert: options.tls.cert, key: options.tls.key },
    serve(handleAad),
  );
  const arm: Server = createServer(
    { cert: options.tls.cert, key: options.tls.key },
    serve(handleArm),
  );
  await new Promise<void>((resolve) => aad.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => arm.listen(0, '127.0.0.1', resolve));
  authorityHost = `https://127.0.0.1:${(aad.address() as AddressInfo).port}`;
  armEndpoint = `https://127.0.0.1:${(arm.address() as AddressInfo).port}`;
  const close = (server: Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    authorityHost,
    armEndpoint,
    calls,
    addPrincipal: (p) => byClient.set(`${p.tenantId}/${p.clientId}`, p),
    stop: async () => {
      await Promise.all([close(aad), close(arm)]);
    },
  };
}
