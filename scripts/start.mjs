#!/usr/bin/env node
// `npm start`: builds if needed, finds or starts PostgreSQL and NATS, applies migrations,
// then runs auth, accounts, notify and gateway in order, each once the previous one is ready.
// Ctrl-C stops everything in reverse order. Modules live in scripts/start/.
import { randomBytes } from 'node:crypto';
import { run, root } from './lib/run.mjs';
import { checkBuild } from './start/build-check.mjs';
import { ensureDatabase, resolvePostgres } from './start/postgres.mjs';
import { resolveNats } from './start/nats.mjs';
import { migrateAll, Service } from './start/services.mjs';

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const env = process.env;
const gatewayPort = Number(env.PORT || 8080);
const publicUrl = env.PUBLIC_URL || `http://localhost:${gatewayPort}`;

let postgres; // { url, description, stop, kill? }
let nats;
const services = [];
let stopping = false;

async function shutdown(code, why) {
  if (stopping) return;
  stopping = true;
  if (why) console.log(why);
  const anything = services.length || nats?.kill || postgres?.kill;
  for (const service of [...services].reverse()) {
    if (await service.stop()) console.log(`${service.name} did not stop within 10 s: killed`);
  }
  await nats?.stop();
  await postgres?.stop();
  if (anything) console.log(`stopped${code ? ` (exit ${code})` : ''}`);
  process.exit(code);
}

function onSignal(signal) {
  if (stopping) {
    // A second Ctrl-C: no more waiting.
    console.log(`${signal} again: killing everything`);
    for (const s of services) s.kill();
    nats?.kill?.();
    postgres?.kill?.();
    process.exit(130);
  }
  void shutdown(
    0,
    `${signal}: stopping ${
      [...services]
        .reverse()
        .map((s) => s.name)
        .concat(nats?.kill ? ['nats'] : [], postgres?.kill ? ['postgres'] : [])
        .join(', ') || 'start-up'
    }`,
  );
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => onSignal(signal));

async function main() {
  // 1. Build
  const build = await checkBuild(root);
  if (build.build) {
    console.log(`build: needed (${build.reason}); running npm run build`);
    const t = Date.now();
    await run('npm', ['run', 'build', '--silent'], { cwd: root, label: 'build' });
    console.log(`build: built in ${seconds(t)}`);
  } else console.log('build: up to date, not rebuilding');
  if (stopping) return;

  // 2-3. PostgreSQL and NATS, side by side
  const [pgResult, natsResult] = await Promise.allSettled([
    resolvePostgres({ root, env, onStarted: (handle) => (postgres = handle) }).then(
      (h) => (postgres = h),
    ),
    resolveNats({ root, env, onStarted: (handle) => (nats = handle) }).then((h) => (nats = h)),
  ]);
  for (const result of [pgResult, natsResult])
    if (result.status === 'rejected') throw result.reason;
  console.log(`PostgreSQL: ${postgres.description}`);
  console.log(`NATS: ${nats.description}`);
  if (stopping) return;

  // 4. Database and migrations
  const t = Date.now();
  if (await ensureDatabase(postgres.url))
    console.log(`PostgreSQL: created database "${new URL(postgres.url).pathname.slice(1)}"`);
  const { migrated, current } = await migrateAll({
    root,
    databaseUrl: postgres.url,
    force: Boolean(env.STRATA_FORCE_MIGRATE),
  });
  console.log(
    [
      migrated.length && `migrations: ran for ${migrated.join(', ')} in ${seconds(t)}`,
      current.length && `migrations: ${current.join(', ')} already up to date`,
    ]
      .filter(Boolean)
      .join('; '),
  );

  // 5. Services, in order
  const serviceEnv = {
    ...env,
    DATABASE_URL: postgres.url,
    NATS_URL: nats.url,
    NODE_ENV: 'development',
    LOG_LEVEL: env.LOG_LEVEL || 'info',
    PUBLIC_URL: publicUrl,
    // notify's service credential for accounts.recipient.list: one per run unless given.
    ACCOUNTS_INTERNAL_TOKEN: env.ACCOUNTS_INTERNAL_TOKEN || randomBytes(32).toString('base64url'),
    // The cluster service's credential for cloud.credentials.issue: one per run unless given.
    CLOUD_INTERNAL_TOKEN: env.CLOUD_INTERNAL_TOKEN || randomBytes(32).toString('base64url'),
    // accounts' credential for cluster.org.usage and cloud.org.usage: one per run unless given.
    ORG_USAGE_TOKEN: env.ORG_USAGE_TOKEN || randomBytes(32).toString('base64url'),
  };
  const plan = [
    ['auth', Number(env.STRATA_AUTH_PORT || 3001)],
    ['accounts', Number(env.STRATA_ACCOUNTS_PORT || 3003)],
    ['notify', Number(env.STRATA_NOTIFY_PORT || 3002)],
    ['cloud', Number(env.STRATA_CLOUD_PORT || 3004)],
    // Runs as child processes (local runner) unless KUBECONFIG or CLUSTER_RUNNER says otherwise.
    ['cluster', Number(env.STRATA_CLUSTER_PORT || 3005)],
    ['gateway', gatewayPort],
  ];
  for (const [name, port] of plan) {
    if (stopping) return;
    const service = new Service({ name, root, port, env: serviceEnv });
    services.push(service);
    const t = Date.now();
    await service.start();
    console.log(`${name}: ready on port ${port} in ${seconds(t)}`);
    service.watch(
      ({ code, signal }) =>
        void shutdown(
          1,
          `${name} exited unexpectedly (${signal ?? `code ${code}`}): stopping everything`,
        ),
    );
  }
  if (stopping) return;

  // 6. Ready
  console.log(
    `\nStrata is up: ${publicUrl}  (API ${publicUrl}/api/v1, docs ${publicUrl}/api/docs)  [started in ${seconds(started)}]`,
  );
  if (!env.SMTP_URL)
    console.log(
      'No SMTP_URL set: verification links are logged by notify (look for "notify |" lines).',
    );
  console.log('Press Ctrl-C to stop.\n');
}

main().catch((err) => {
  if (stopping) return;
  console.error(err.oneLine ? err.message : `start failed: ${err.message}`);
  void shutdown(1);
});
