import { randomBytes } from 'node:crypto';
import { access, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { migrate } from '@strata/database';
import { cloneMigratedTemplate, migrationsDigest } from './migrated-template';
import { freePort, reservePort, type PortReservation } from './free-port';
import { listensOn } from './port-owner';
import { harnessLog } from './harness-log';
import { startInfrastructure, type Infrastructure } from './infrastructure';
import { repoRoot } from './repo-root';
import { ServiceProcess, type ExitStatus } from './service-process';
import { startMailCatcher, type MailCatcher } from './stand-ins/mail-catcher.stand-in';
import { waitUntil } from './wait-until';

export const DEFAULT_SERVICES = [
  'auth',
  'accounts',
  'notify',
  'cloud',
  'cluster',
  'gateway',
] as const;
// Generous: on a loaded two-core machine six Node services starting together take a while.
export const READY_TIMEOUT_MS = 60_000;
export const STOP_GRACE_MS = 10_000;

export interface PlatformOptions {
  /** Started in this order, each once the previous one is ready (default auth, accounts, notify, gateway). */
  services?: string[];
  /** Overrides for every service's environment. */
  env?: Record<string, string>;
  /** Overrides for one service's environment (applied after `env`). */
  serviceEnv?: Record<string, Record<string, string>>;
  /** Reuse infrastructure started by the test (then stop() leaves it running). */
  infrastructure?: Infrastructure;
  /** How long a service has to answer /readyz with 200 (default 30 s). */
  readyTimeoutMs?: number;
  /** Names the log folder .strata/test-logs/<runId>/ (default: time, pid and a random suffix). */
  runId?: string;
  /** The repository holding services/<name>/dist/main.js (default: this repo). */
  rootDir?: string;
  /**
   * Processes of each service other than the gateway (default 1): a number for every service, or
   * per service name. Replica 1 is named after the service, the others `<service>-<n>`; each is
   * its own process with its own health port and REPLICA_ID (its name, on every log line).
   */
  replicas?: number | Record<string, number>;
  /** Gateway processes (default 1), `gateway`, `gateway-2`, ...: each its own public URL. */
  gateways?: number;
}

export interface Platform {
  /** http://127.0.0.1:<gateway port>, the public API (reserved, and given as PUBLIC_URL, even when the gateway is not started). */
  gatewayUrl: string;
  /** Every gateway's URL, `gatewayUrl` first (one unless `gateways` was given). */
  gatewayUrls: string[];
  /** The process names of a service's replicas: `[name, name-2, ...]` (each a name for kill, restart, logs). */
  replicas(name: string): string[];
  infrastructure: Infrastructure;
  mail: MailCatcher;
  /** Where this run's log files are. */
  logDir: string;
  /** http://127.0.0.1:<port> of a service (its health probes; the gateway's is the API). */
  serviceUrl(name: string): string;
  /** The process id of a running service (the bench reads its CPU time from /proc). */
  pid(name: string): number | undefined;
  /** Everything captured so far: one process's output, or all processes' interleaved as `name | line`. */
  logs(name?: string): string;
  /** Sends `signal` (default SIGKILL) and waits until the process has exited. */
  kill(name: string, signal?: NodeJS.Signals): Promise<ExitStatus>;
  /** Starts the service again on the same port (stopping it first if it runs) and waits until ready. */
  restart(name: string, envOverrides?: Record<string, string>): Promise<void>;
  /** The first line of the service's current run matching `pattern` (already logged or yet to come). */
  waitForLog(name: string, pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM to all (SIGKILL after 10 s), then stops the mail catcher and the infrastructure. */
  stop(): Promise<void>;
}

interface ServiceSlot {
  process: ServiceProcess;
  baseEnv: NodeJS.ProcessEnv;
}

/**
 * Starts the built services (`node services/<name>/dist/main.js`) as separate
 * processes against fresh infrastructure and a mail catcher, after migrating
 * every service that has a prisma/ folder into its own schema.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const root = options.rootDir ?? (await repoRoot());
  const names = options.services ?? [...DEFAULT_SERVICES];
  const readyTimeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
  const runId = options.runId ?? defaultRunId();
  const logDir = path.join(root, '.strata', 'test-logs', runId);

  for (const name of names) {
    const script = mainScript(root, name);
    if (!(await exists(script)))
      throw new Error(`${script} does not exist: build the services first (npm run build)`);
  }
  await mkdir(logDir, { recursive: true });

  const ownsInfrastructure = !options.infrastructure;
  const infrastructure = options.infrastructure ?? (await startInfrastructure());
  const cleanups: Array<() => Promise<void>> = [];
  if (ownsInfrastructure) cleanups.push(() => infrastructure.stop());
  const slots = new Map<string, ServiceSlot>();
  const interleaved: string[] = [];

  const stopAll = async () => {
    const running = [...slots.values()].reverse();
    await Promise.all(running.map((slot) => slot.process.stop(STOP_GRACE_MS)));
    await Promise.all(running.map((slot) => slot.process.close()));
    process.off('exit', killOnExit);
    const results = await Promise.allSettled(cleanups.reverse().map((cleanup) => cleanup()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  const killOnExit = () => slots.forEach((slot) => slot.process.killNow());
  process.on('exit', killOnExit);

  try {
    const mail = await startMailCatcher();
    cleanups.push(() => mail.stop());
    const migrationStart = Date.now();
    const withPrisma = await servicesWithPrisma(root);
    if (withPrisma.length) {
      const digest = await migrationsDigest(root, withPrisma);
      const how = await cloneMigratedTemplate(infrastructure.databaseUrl, digest, (url) =>
        migrateServices(root, url, withPrisma),
      );
      harnessLog(
        `schemas of ${withPrisma.join(', ')} ready (${how === 'built' ? 'migrated' : 'cloned from the migrated template'}) in ${Date.now() - migrationStart} ms`,
      );
    }

    const replicaCount = (name: string): number => {
      const count =
        name === 'gateway'
          ? (options.gateways ?? 1)
          : typeof options.replicas === 'number'
            ? options.replicas
            : (options.replicas?.[name] ?? 1);
      if (!Number.isInteger(count) || count < 1)
        throw new Error(`${name}: replicas must be a whole number >= 1`);
      return count;
    };
    const replicasOf = new Map<string, string[]>();
    for (const name of new Set([...names, 'gateway'])) {
      const count = names.includes(name) ? replicaCount(name) : 1;
      replicasOf.set(
        name,
        Array.from({ length: count }, (_, i) => replicaName(name, i + 1)),
      );
    }
    const scaledOut = [...replicasOf.values()].some((replicas) => replicas.length > 1);

    const ports = new Map<string, number>();
    const reservations = new Map<string, PortReservation>();
    // The gateway's port is reserved even when it is not started, so PUBLIC_URL is always a URL.
    // Each port stays bound here until its service is about to bind it.
    for (const replicas of replicasOf.values())
      for (const replica of replicas) {
        const reservation = await reservePort();
        reservations.set(replica, reservation);
        ports.set(replica, reservation.port);
      }
    cleanups.push(async () => {
      await Promise.all([...reservations.values()].map((r) => r.release()));
    });
    const gatewayUrls = replicasOf.get('gateway')!.map((g) => `http://127.0.0.1:${ports.get(g)}`);
    const gatewayUrl = gatewayUrls[0];
    // Every process holds its own pools; scaled out, smaller ones keep the total under
    // PostgreSQL's max_connections (shared with the other suites running on this server).
    const databaseUrl = scaledOut
      ? withQuery(infrastructure.databaseUrl, 'connection_limit', String(SCALED_OUT_POOL_MAX))
      : infrastructure.databaseUrl;
    const shared: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: databaseUrl,
      SMTP_URL: mail.url,
      MAIL_FROM: 'strata@test.local',
      PUBLIC_URL: gatewayUrl,
      ...(scaledOut ? { DATABASE_POOL_MAX: String(SCALED_OUT_POOL_MAX) } : {}),
      AUTH_ISSUER: 'strata-test',
      AUTH_AUDIENCE: 'strata-api',
      CSRF_SECRET: randomBytes(36).toString('base64url'), // 48 characters
      // Service credential notify presents to accounts (accounts.recipient.list).
      ACCOUNTS_INTERNAL_TOKEN: randomBytes(32).toString('base64url'),
      // Service credential accounts presents to cloud and cluster (<service>.org.usage).
      ORG_USAGE_TOKEN: randomBytes(32).toString('base64url'),
      // auth's master key for its signing keys, one per platform (kept across restarts).
      AUTH_MASTER_KEYS: `t1:${randomBytes(32).toString('base64')}`,
      AUTH_ACTIVE_KEY_ID: 't1',
    };

    // A Kubernetes configuration in the test's environment is the suite's (see
    // KubernetesTestCluster), never every service's: a suite hands it over through serviceEnv.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => name !== 'KUBECONFIG' && !name.startsWith('KUBERNETES_SERVICE_'),
      ),
    );
    const startOne = async (name: string, replica: string) => {
      for (let attempt = 1; ; attempt++) {
        const port = ports.get(replica)!;
        const process_ = new ServiceProcess({
          name: replica,
          script: mainScript(root, name),
          cwd: path.join(root, 'services', name),
          port,
          logFile: path.join(logDir, `${replica}.log`),
          onLine: (service, line) => interleaved.push(`${service} | ${line}`),
        });
        const baseEnv = {
          ...inherited,
          ...shared,
          PORT: String(port),
          REPLICA_ID: replica,
          ...options.env,
          ...options.serviceEnv?.[name],
        };
        slots.set(replica, { process: process_, baseEnv });
        await reservations.get(replica)?.release();
        await process_.start(baseEnv);
        try {
          await waitForReady(process_, readyTimeoutMs);
          return;
        } catch (err) {
          // A port picked free was taken before the service bound it. Only the gateway's port is
          // known to the others (PUBLIC_URL); any other service can start again on another one.
          const portTaken = /EADDRINUSE/.test(process_.output());
          if (!portTaken || name === 'gateway' || attempt >= PORT_ATTEMPTS) throw err;
          harnessLog(`${replica}: port ${port} was taken before it bound it; trying another`);
          ports.set(replica, await uniqueFreePort(ports));
        }
      }
    };
    const startAll = async (services: string[]) => {
      const settled = await Promise.allSettled(
        services.flatMap((name) => replicasOf.get(name)!.map((replica) => startOne(name, replica))),
      );
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    };
    // The services do not need one another to start, so they (and their replicas) start together;
    // the gateway, the public face, starts once they are all ready.
    await startAll(names.filter((name) => name !== 'gateway'));
    if (names.includes('gateway')) await startAll(['gateway']);

    const slot = (name: string): ServiceSlot => {
      const found = slots.get(name);
      if (!found)
        throw new Error(`unknown service ${name} (started: ${[...slots.keys()].join(', ')})`);
      return found;
    };
    harnessLog(
      `platform: ${[...slots.keys()].map((n) => `${n}=${slot(n).process.url}`).join(' ')}; logs in ${logDir}`,
    );

    return {
      gatewayUrl,
      gatewayUrls,
      replicas: (name) => {
        const found = replicasOf.get(name);
        if (!found || !names.includes(name)) throw new Error(`unknown service ${name}`);
        return [...found];
      },
      infrastructure,
      mail,
      logDir,
      serviceUrl: (name) => slot(name).process.url,
      pid: (name) => slot(name).process.pid,
      logs: (name) => (name === undefined ? interleaved.join('\n') : slot(name).process.output()),
      kill: (name, signal = 'SIGKILL') => slot(name).process.kill(signal),
      async restart(name, envOverrides = {}) {
        const { process: service, baseEnv } = slot(name);
        await service.stop(STOP_GRACE_MS);
        await service.start({ ...baseEnv, ...envOverrides });
        await waitForReady(service, readyTimeoutMs);
      },
      waitForLog: (name, pattern, timeoutMs) => slot(name).process.waitForLog(pattern, timeoutMs),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
}

/**
 * Applies every service's migrations (services/<name>/prisma) to its own schema.
 * They run side by side: most of the time is the Prisma CLI starting, and
 * Prisma's advisory lock serialises the actual applies.
 */
async function servicesWithPrisma(root: string): Promise<string[]> {
  const entries = await readdir(path.join(root, 'services'), { withFileTypes: true });
  const withPrisma: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    if (await exists(path.join(root, 'services', entry.name, 'prisma')))
      withPrisma.push(entry.name);
  }
  return withPrisma.sort();
}

async function migrateServices(
  root: string,
  databaseUrl: string,
  withPrisma: string[],
): Promise<string[]> {
  // Side by side; migrate() waits again when another CLI holds Prisma's advisory lock.
  await Promise.all(
    withPrisma.map((name) =>
      migrate(path.join(root, 'services', name), databaseUrl, name, { stdio: 'pipe' }),
    ),
  );
  return withPrisma;
}

/** Polls GET /readyz until it answers 200; gives up at once if the process exits. */
async function waitForReady(service: ServiceProcess, timeoutMs: number): Promise<void> {
  const exited = new AbortController();
  void service.waitForExit().then((status) => {
    exited.abort(
      new Error(
        `${service.name} exited before it was ready (${status.signal ?? `code ${status.code}`})`,
      ),
    );
  });
  try {
    await waitUntil(
      async () => {
        const res = await fetch(`${service.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        // Ready only if the answer came from this process, not from one that took its port.
        return res.status === 200 && (await listensOn(service.pid ?? 0, service.port));
      },
      {
        timeoutMs,
        intervalMs: 200,
        description: `${service.name} GET /readyz -> 200`,
        signal: exited.signal,
      },
    );
  } catch (err) {
    throw new Error(
      `${(err as Error).message}\n--- last 40 lines of ${service.name} ---\n${service.tail(40)}`,
    );
  }
}

async function uniqueFreePort(taken: Map<string, number>): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (![...taken.values()].includes(port)) return port;
  }
}

/** Ports a service (not the gateway) is tried on when the one picked was taken. */
const PORT_ATTEMPTS = 3;

/** Pool size per process (Prisma's pool) when the platform runs more than one of something. */
export const SCALED_OUT_POOL_MAX = 4;

/** Replica 1 carries the service's name (what single-process suites use), the others `-<n>`. */
function replicaName(name: string, index: number): string {
  return index === 1 ? name : `${name}-${index}`;
}

function withQuery(url: string, key: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(key, value);
  return parsed.toString();
}

function mainScript(root: string, name: string): string {
  return path.join(root, 'services', name, 'dist', 'main.js');
}

function defaultRunId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
