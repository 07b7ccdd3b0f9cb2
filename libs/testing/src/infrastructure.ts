import {
  containerRuntimeAvailable,
  startContainerInfrastructure,
} from './container-infrastructure';
import { harnessLog } from './harness-log';
import { findNatsServerBinary, startPrivateNatsServer } from './private-nats-server';
import { redactUrl, waitForNats, waitForPostgres } from './readiness';
import { createTestDatabase, DEFAULT_TEST_DATABASE_SERVER } from './test-database';

/** What the services of one test file share: its own database and its own NATS. */
export interface Infrastructure {
  databaseUrl: string;
  natsUrl: string;
  /** `containers`, or `local` (fresh database on the local server; private or shared NATS). */
  mode: 'containers' | 'local';
  /** True when NATS is a nats-server of this test file's own (isolated JetStream). */
  privateNats: boolean;
  stop(): Promise<void>;
}

export interface InfrastructureOptions {
  /**
   * `auto` (default, or STRATA_TEST_INFRA): containers when a container runtime
   * answers within 2 s, otherwise local services.
   */
  mode?: 'auto' | 'containers' | 'local';
}

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/**
 * Starts PostgreSQL and NATS (JetStream) for one test file.
 *
 * With a container runtime: PostgreSQL 15 and NATS `-js` containers (testcontainers).
 * Without one: a fresh, uniquely named database on the local server (DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/), dropped on stop(), and a private
 * `nats-server -js` from PATH on a free port with its own store directory; if there
 * is no nats-server binary, the shared NATS at NATS_URL (default nats://127.0.0.1:4222).
 */
export async function startInfrastructure(
  options: InfrastructureOptions = {},
): Promise<Infrastructure> {
  const mode =
    options.mode ?? (process.env.STRATA_TEST_INFRA as InfrastructureOptions['mode']) ?? 'auto';
  if (mode === 'containers' || (mode === 'auto' && (await containerRuntimeAvailable()))) {
    const containers = await startContainerInfrastructure();
    harnessLog(
      `infrastructure: containers (PostgreSQL ${redactUrl(containers.databaseUrl)}, NATS ${containers.natsUrl})`,
    );
    return { ...containers, mode: 'containers', privateNats: true };
  }
  return startLocalInfrastructure();
}

async function startLocalInfrastructure(): Promise<Infrastructure> {
  const serverUrl = process.env.DATABASE_URL || DEFAULT_TEST_DATABASE_SERVER;
  const natsBinary = await findNatsServerBinary();
  const [databaseResult, natsResult] = await Promise.allSettled([
    createTestDatabase(serverUrl),
    natsBinary ? startPrivateNatsServer(natsBinary) : Promise.resolve(undefined),
  ]);
  if (databaseResult.status === 'rejected' || natsResult.status === 'rejected') {
    // Undo the half that did start, then report the failure.
    if (databaseResult.status === 'fulfilled')
      await databaseResult.value.drop().catch(() => undefined);
    if (natsResult.status === 'fulfilled') await natsResult.value?.stop().catch(() => undefined);
    throw databaseResult.status === 'rejected'
      ? databaseResult.reason
      : (natsResult as PromiseRejectedResult).reason;
  }
  const database = databaseResult.value;
  const nats = natsResult.value;
  const natsUrl = nats?.natsUrl ?? (process.env.NATS_URL || DEFAULT_NATS_URL);
  const stop = async () => {
    const results = await Promise.allSettled([database.drop(), nats?.stop()]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  try {
    await Promise.all([
      waitForPostgres(database.databaseUrl, 10_000),
      waitForNats(natsUrl, 10_000),
    ]);
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  harnessLog(
    `infrastructure: local (no container runtime) — database ${database.name} on ${redactUrl(serverUrl)}, ` +
      (nats
        ? `private nats-server -js on ${natsUrl}`
        : `shared NATS at ${natsUrl} (no nats-server binary on PATH)`),
  );
  return {
    databaseUrl: database.databaseUrl,
    natsUrl,
    mode: 'local',
    privateNats: Boolean(nats),
    stop,
  };
}
