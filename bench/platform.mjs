import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';

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

/** The processes on the request paths the bench measures (profiled with BENCH_CPU_PROF). */
const PROFILED = ['gateway', 'auth', 'accounts', 'cluster'];

/**
 * The whole platform (every service on fresh PostgreSQL + NATS), quiet and unthrottled. With
 * `cpuProfileDir` (BENCH_CPU_PROF) the processes on the measured paths run with `--cpu-prof`
 * and write a .cpuprofile there when they stop. `replicas` and `gateways`: processes of each
 * service and of the gateway (scale-out.mjs).
 */
export function startQuietPlatform({ services, gateway, replicas, gateways, cpuProfileDir } = {}) {
  const profiled = (name) =>
    cpuProfileDir
      ? {
          STRATA_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${path.resolve(cpuProfileDir)} --cpu-prof-name=${name}.cpuprofile`,
        }
      : {};
  const serviceEnv = Object.fromEntries(PROFILED.map((name) => [name, profiled(name)]));
  return testing.startPlatform({
    runId: `bench-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`,
    env: { LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' },
    ...(services ? { services } : {}),
    ...(replicas ? { replicas } : {}),
    ...(gateways ? { gateways } : {}),
    readyTimeoutMs: 120_000,
    serviceEnv: {
      ...serviceEnv,
      gateway: { ...serviceEnv.gateway, ...gateway },
      // Every request comes from 127.0.0.1 as one account: lift the brute-force counters.
      auth: {
        ...serviceEnv.auth,
        AUTH_LOGIN_MAX_FAILURES_PER_IP: LARGE,
        AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: LARGE,
      },
    },
  });
}

/** The claims of an access token (read, not verified: the bench made it). */
export function claimsOf(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/**
 * `count` READY sandbox clusters in the user's active organization, each with `runsEach` finished
 * runs, written straight into the cluster service's tables (a list to read, no jobs to run).
 */
export async function seedClusters(platform, accessToken, count = 10, runsEach = 3) {
  const { sub, org } = claimsOf(accessToken);
  const db = new pg.Client({ connectionString: platform.infrastructure.databaseUrl });
  await db.connect();
  try {
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      await db.query(
        `INSERT INTO cluster.clusters (id, org_id, name, provider, region, vpc_cidr,
           public_subnet_cidrs, private_subnet_cidrs, kubernetes_version, node_instance_type,
           node_min_size, node_max_size, state, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, 'sandbox', 'sandbox-1', '10.0.0.0/16', '{10.0.0.0/24}',
           '{10.0.1.0/24}', '1.31', 'sandbox.small', 1, 2, 'READY', $4,
           now() - make_interval(secs => $5), now())`,
        [id, org, `bench-${i}`, sub, count - i],
      );
      for (let r = 0; r < runsEach; r++) {
        await db.query(
          `INSERT INTO cluster.runs (id, cluster_id, org_id, action, state, job_name,
             progress_step, progress_percent, requested_by, created_at, finished_at)
           VALUES ($1, $2, $3, 'apply', 'SUCCEEDED', $4, 'done', 100, $5,
             now() - make_interval(secs => $6), now())`,
          [randomUUID(), id, org, `bench-${i}-${r}`, sub, runsEach - r],
        );
      }
    }
  } finally {
    await db.end();
  }
  return org;
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
