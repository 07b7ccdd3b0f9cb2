import { randomBytes } from 'node:crypto';
import { access, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { migrate } from '@strata/database';
import { cloneMigratedTemplate, migrationsDigest } from './migrated-template';
import { freePort } from './free-port';
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
}

export interface Platform {
  /** http://127.0.0.1:<gateway port>, the public API (reserved, and given as PUBLIC_URL, even when the gateway is not started). */
  gatewayUrl: string;
  infrastructure: Infrastructure;
  mail: MailCatcher;
  /** Where this run's log files are. */
  logDir: string;
  /** http://127.0.0.1:<port> of a service (its health probes; the gateway's is the API). */
  serviceUrl(name: string): string;
  /** Everything captured so far: one service's output, or all services' interleaved as `name | line`. */
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

    const ports = new Map<string, number>();
    // The gateway's port is reserved even when it is not started, so PUBLIC_URL is always a URL.
    for (const name of new Set([...names, 'gateway'])) ports.set(name, await uniqueFreePort(ports));
    const gatewayUrl = `http://127.0.0.1:${ports.get('gateway')}`;
    const shared: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: infrastructure.databaseUrl,
      SMTP_URL: mail.url,
      MAIL_FROM: 'strata@test.local',
      PUBLIC_URL: gatewayUrl,
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
    const startOne = async (name: string) => {
      const port = ports.get(name)!;
      const process_ = new ServiceProcess({
        name,
        script: mainScript(root, name),
        cwd: path.join(root, 'services', name),
        port,
        logFile: path.join(logDir, `${name}.log`),
        onLine: (service, line) => interleaved.push(`${service} | ${line}`),
      });
      const baseEnv = {
        ...inherited,
        ...shared,
        PORT: String(port),
        ...options.env,
        ...options.serviceEnv?.[name],
      };
      slots.set(name, { process: process_, baseEnv });
      await process_.start(baseEnv);
      await waitForReady(process_, readyTimeoutMs);
    };
    // The services do not need one another to start, so they start together; the gateway, the
    // public face, starts once they are all ready.
    const backends = names.filter((name) => name !== 'gateway');
    const settled = await Promise.allSettled(backends.map(startOne));
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    if (names.includes('gateway')) await startOne('gateway');

    const slot = (name: string): ServiceSlot => {
      const found = slots.get(name);
      if (!found)
        throw new Error(`unknown service ${name} (started: ${[...slots.keys()].join(', ')})`);
      return found;
    };
    harnessLog(
      `platform: ${names.map((n) => `${n}=${slot(n).process.url}`).join(' ')}; logs in ${logDir}`,
    );

    return {
      gatewayUrl,
      infrastructure,
      mail,
      logDir,
      serviceUrl: (name) => slot(name).process.url,
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
  const migrateOne = (name: string) =>
    migrate(path.join(root, 'services', name), databaseUrl, name, { stdio: 'pipe' });
  const results = await Promise.allSettled(withPrisma.map(migrateOne));
  for (const [i, result] of results.entries()) {
    if (result.status === 'fulfilled') continue;
    // Under heavy load one CLI can wait out Prisma's 10 s advisory-lock timeout: retry it alone.
    if (/advisory lock/i.test(String((result.reason as Error)?.message)))
      await migrateOne(withPrisma[i]);
    else throw result.reason;
  }
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
        return res.status === 200;
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
