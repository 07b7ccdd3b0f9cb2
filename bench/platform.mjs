import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

// The built harness (libs/testing/dist, CommonJS) through the workspace link.
const require = createRequire(import.meta.url);
let testing;
try {
  testing = require('@strata/testing');
} catch (err) {
  throw new Error(
    `cannot load @strata/testing (libs/testing/dist): run npm run build first\n${err.message}`,
  );
}

const LARGE = '1000000000';

/**
 * The whole platform (auth, notify, gateway on fresh PostgreSQL + NATS), quiet and unthrottled.
 * `replicas` and `gateways`: processes of each service and of the gateway (scale-out.mjs).
 */
export function startQuietPlatform({ services, gateway, replicas, gateways } = {}) {
  return testing.startPlatform({
    runId: `bench-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`,
    env: { LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' },
    ...(services ? { services } : {}),
    ...(replicas ? { replicas } : {}),
    ...(gateways ? { gateways } : {}),
    readyTimeoutMs: 120_000,
    serviceEnv: {
      ...(gateway ? { gateway } : {}),
      // Every request comes from 127.0.0.1 as one account: lift the brute-force counters.
      auth: {
        AUTH_LOGIN_MAX_FAILURES_PER_IP: LARGE,
        AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: LARGE,
      },
    },
  });
}

async function post(baseUrl, path, body, expected) {
  const res = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'strata-bench' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expected)
    throw new Error(`POST ${path} answered ${res.status} (expected ${expected}): ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Signs up, verifies through the mailed link and logs in once as an API client. */
export async function verifiedUser(platform) {
  const email = `bench-${randomUUID().slice(0, 8)}@example.com`;
  const password = `bench-${randomUUID()}`;
  await post(platform.gatewayUrl, '/api/v1/auth/signup', { email, password }, 202);
  const mail = await platform.mail.waitFor(
    (m) => m.to.includes(email) && /Confirm your email/.test(m.subject),
    20_000,
  );
  const link = /https?:\/\/\S+\/verify-email\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!link) throw new Error(`no verification link in the mail to ${email}`);
  await post(platform.gatewayUrl, '/api/v1/auth/email/verify', { token: link[1] }, 200);
  const session = await post(
    platform.gatewayUrl,
    '/api/v1/auth/login',
    { email, password, client: 'api' },
    200,
  );
  if (!session?.accessToken) throw new Error('login gave no access token');
  return { email, password, accessToken: session.accessToken };
}
