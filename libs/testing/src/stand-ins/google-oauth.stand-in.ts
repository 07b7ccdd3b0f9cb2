import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * Stand-in for Google's OAuth 2.0 / OpenID Connect server: oauth2-mock-server (authorize with
 * state and PKCE, token, userinfo, signed id tokens) behind a thin front that behaves like Google
 * where the mock does not:
 *
 * - an authorization code works once (a second exchange, or an unknown code, answers
 *   `400 invalid_grant`), and only with the redirect_uri it was issued for;
 * - the token endpoint checks the client id and secret (`401 invalid_client`);
 * - userinfo needs an access token the token endpoint issued (header or query, `401` otherwise),
 *   and answers with the account set by `signInAs` (`sub`, `email`, `email_verified`);
 * - `failAuthorization('access_denied')` makes the authorize endpoint send the browser back with
 *   `error=access_denied` (and the state) instead of a code, as when the user cancels.
 *
 * oauth2-mock-server is an ES module, which Jest's CommonJS runtime cannot load, so it runs in a
 * child process (node --input-type=module) that this module drives over IPC.
 */

export interface GoogleAccount {
  sub: string;
  email: string;
  emailVerified: boolean;
  name?: string;
}

export interface GoogleTokenRequest {
  grantType: string;
  /** Whether a PKCE code_verifier was sent (the mock checks it against the code_challenge). */
  codeVerifier: boolean;
  redirectUri: string | null;
  /** `ok`, or the OAuth error the stand-in answered with. */
  outcome: 'ok' | 'invalid_grant' | 'invalid_client' | string;
}

export interface GoogleOAuthStandIn {
  /** http://127.0.0.1:<port> */
  url: string;
  authorizationUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  clientId: string;
  clientSecret: string;
  /** The gateway's environment for this stand-in (GOOGLE_CLIENT_ID, GOOGLE_*_URL, …). */
  gatewayEnv: Record<string, string>;
  /** The Google account that the next authorizations sign in as. */
  signInAs(account: GoogleAccount): Promise<void>;
  /** Authorizations end with `error=<error>` instead of a code; undefined restores codes. */
  failAuthorization(error: string | undefined): Promise<void>;
  /** Every token request so far, oldest first. */
  tokenRequests(): Promise<GoogleTokenRequest[]>;
  /** Every authorization code and access token handed out so far (for log-hygiene checks). */
  secretsIssued(): Promise<string[]>;
  stop(): Promise<void>;
}

/** The child: oauth2-mock-server behind the front described above. */
const CHILD_PROGRAM = String.raw`
import http from 'node:http';
import { OAuth2Server } from 'oauth2-mock-server';

const clientId = process.env.STAND_IN_CLIENT_ID;
const clientSecret = process.env.STAND_IN_CLIENT_SECRET;
let account = { sub: '100000000000000000000', email: 'someone@example.com', email_verified: true };
let authorizeError;
const codes = new Map(); // code -> { redirectUri, used }
const accessTokens = new Set();
const tokenRequests = [];

const mock = new OAuth2Server();
await mock.issuer.keys.generate('RS256');
mock.service.on('beforeAuthorizeRedirect', (redirect) => {
  const url = redirect.url;
  const code = url.searchParams.get('code');
  if (authorizeError) {
    url.searchParams.delete('code');
    url.searchParams.set('error', authorizeError);
    return;
  }
  if (code) codes.set(code, { redirectUri: url.origin + url.pathname, used: false });
});
mock.service.on('beforeTokenSigning', (token) => {
  Object.assign(token.payload, { sub: account.sub, email: account.email, email_verified: account.email_verified });
});
mock.service.on('beforeResponse', (response) => {
  if (response.body && response.body.access_token) accessTokens.add(response.body.access_token);
});
mock.service.on('beforeUserinfo', (response) => {
  response.body = { ...account };
});

const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

const hopByHop = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length']);

async function handle(req, res) {
  const url = new URL(req.url, 'http://stand-in');
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);

  if (req.method === 'GET' && url.pathname === '/authorize' && url.searchParams.get('client_id') !== clientId) {
    return json(res, 400, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
  }
  let record;
  if (req.method === 'POST' && url.pathname === '/token') {
    const form = new URLSearchParams(body.toString('utf8'));
    record = { grantType: form.get('grant_type') ?? '', codeVerifier: form.has('code_verifier'), redirectUri: form.get('redirect_uri'), outcome: 'ok' };
    tokenRequests.push(record);
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':').map(decodeURIComponent);
    if (id !== clientId || secret !== clientSecret) {
      record.outcome = 'invalid_client';
      return json(res, 401, { error: 'invalid_client', error_description: 'Unauthorized' });
    }
    if (record.grantType === 'authorization_code') {
      const issued = codes.get(form.get('code') ?? '');
      const fresh = issued && !issued.used && issued.redirectUri === record.redirectUri;
      if (issued) issued.used = true;
      if (!fresh) {
        record.outcome = 'invalid_grant';
        return json(res, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
      }
    }
  }
  if (url.pathname === '/userinfo') {
    // Like Google: the token in the Authorization header, or as access_token in the query.
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    const token = bearer ? bearer[1] : url.searchParams.get('access_token');
    if (!token || !accessTokens.has(token)) {
      res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
      return json(res, 401, { error: 'invalid_token', error_description: 'Invalid Credentials' });
    }
  }

  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!hopByHop.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const upstream = await fetch(inner + req.url, {
    method: req.method,
    headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    redirect: 'manual',
  });
  const answer = {};
  for (const name of ['content-type', 'location', 'cache-control', 'pragma', 'www-authenticate']) {
    const value = upstream.headers.get(name);
    if (value !== null) answer[name] = value;
  }
  const payload = Buffer.from(await upstream.arrayBuffer());
  if (record && upstream.status !== 200) {
    try {
      record.outcome = JSON.parse(payload.toString('utf8')).error ?? 'http_' + upstream.status;
    } catch {
      record.outcome = 'http_' + upstream.status;
    }
  }
  res.writeHead(upstream.status, answer);
  res.end(payload);
}

const front = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    process.stderr.write('google stand-in: ' + (err && err.stack ? err.stack : err) + '\n');
    if (!res.headersSent) json(res, 500, { error: 'server_error' });
    else res.destroy();
  });
});
await new Promise((resolve) => front.listen(0, '127.0.0.1', resolve));
const url = 'http://127.0.0.1:' + front.address().port;
mock.issuer.url = url; // tokens and discovery name the front, not the mock's own port
await mock.start(0, '127.0.0.1');
const inner = 'http://127.0.0.1:' + mock.address().port;

process.on('message', (message) => {
  const reply = (data) => process.send({ id: message.id, ...data });
  switch (message.type) {
    case 'account':
      account = message.account;
      return reply({});
    case 'authorizeError':
      authorizeError = message.error;
      return reply({});
    case 'tokenRequests':
      return reply({ tokenRequests });
    case 'secrets':
      return reply({ secrets: [...codes.keys(), ...accessTokens] });
    case 'stop':
      front.close();
      mock.stop().finally(() => process.exit(0));
      return;
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', url });
`;

interface ChildMessage {
  type?: string;
  id?: number;
  url?: string;
  tokenRequests?: GoogleTokenRequest[];
  secrets?: string[];
}

export async function startGoogleOAuthStandIn(
  options: { clientId?: string; clientSecret?: string } = {},
): Promise<GoogleOAuthStandIn> {
  const clientId =
    options.clientId ?? `${randomBytes(6).toString('hex')}.apps.googleusercontent.test`;
  const clientSecret = options.clientSecret ?? randomBytes(18).toString('base64url');
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD_PROGRAM], {
    // oauth2-mock-server resolves from here (the repository's node_modules).
    cwd: __dirname,
    env: { ...process.env, STAND_IN_CLIENT_ID: clientId, STAND_IN_CLIENT_SECRET: clientSecret },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('did not start within 15 s')), 15_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`Google OAuth stand-in: ${error.message}\n${output}`));
    };
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`exited (${signal ?? code})`)));
    child.on('message', (message: ChildMessage) => {
      if (message.type !== 'ready' || !message.url) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      resolve(message.url);
    });
  });

  const ask = rpc(child);
  const endpoints = {
    authorizationUrl: `${url}/authorize`,
    tokenUrl: `${url}/token`,
    userinfoUrl: `${url}/userinfo`,
  };
  return {
    url,
    ...endpoints,
    clientId,
    clientSecret,
    gatewayEnv: {
      GOOGLE_CLIENT_ID: clientId,
      GOOGLE_CLIENT_SECRET: clientSecret,
      GOOGLE_AUTH_URL: endpoints.authorizationUrl,
      GOOGLE_TOKEN_URL: endpoints.tokenUrl,
      GOOGLE_USERINFO_URL: endpoints.userinfoUrl,
    },
    async signInAs(account) {
      const { sub, email, emailVerified, name } = account;
      await ask({ type: 'account', account: { sub, email, email_verified: emailVerified, name } });
    },
    async failAuthorization(error) {
      await ask({ type: 'authorizeError', error });
    },
    async tokenRequests() {
      return (await ask({ type: 'tokenRequests' })).tokenRequests ?? [];
    },
    async secretsIssued() {
      return (await ask({ type: 'secrets' })).secrets ?? [];
    },
    stop: () => stopChild(child),
  };
}

/** Request/reply over the IPC channel, matched by id. */
function rpc(child: ChildProcess) {
  let next = 0;
  const pending = new Map<number, (message: ChildMessage) => void>();
  child.on('message', (message: ChildMessage) => {
    if (message.id === undefined) return;
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  return (message: Record<string, unknown>) =>
    new Promise<ChildMessage>((resolve, reject) => {
      if (!child.connected) return reject(new Error('the Google OAuth stand-in has stopped'));
      const id = ++next;
      pending.set(id, resolve);
      child.send({ ...message, id });
    });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ type: 'stop' });
    else child.kill('SIGTERM');
  });
}
