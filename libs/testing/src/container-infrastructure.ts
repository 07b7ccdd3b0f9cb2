import type { StartedTestContainer } from 'testcontainers';
import { waitForNats, waitForPostgres } from './readiness';
import { withTimeout } from './wait-until';

/** How long the container runtime probe may take before the local fallback is used. */
export const CONTAINER_RUNTIME_PROBE_MS = 2_000;

export interface ContainerInfrastructure {
  databaseUrl: string;
  natsUrl: string;
  stop(): Promise<void>;
}

/**
 * True when testcontainers finds a working container runtime within `timeoutMs`.
 * (No socket, no DOCKER_HOST and no reachable engine answer "no" in about a second.)
 */
export async function containerRuntimeAvailable(
  timeoutMs = CONTAINER_RUNTIME_PROBE_MS,
): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const probe = getContainerRuntimeClient();
    probe.catch(() => undefined); // It may still settle after the timeout.
    await withTimeout(probe, timeoutMs, 'container runtime probe timed out');
    return true;
  } catch {
    return false;
  }
}

/** PostgreSQL 15 and NATS 2.9 (`-js`) in throwaway containers. */
export async function startContainerInfrastructure(): Promise<ContainerInfrastructure> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const started: StartedTestContainer[] = [];
  const stop = async () => {
    await Promise.allSettled(started.map((container) => container.stop()));
  };
  try {
    const [postgres, nats] = await Promise.all([
      new GenericContainer('postgres:15-alpine')
        .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'strata_test' })
        .withExposedPorts(5432)
        .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
        .start()
        .then((container) => (started.push(container), container)),
      new GenericContainer('nats:2.9-alpine')
        .withCommand(['-js'])
        .withExposedPorts(4222)
        .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
        .start()
        .then((container) => (started.push(container), container)),
    ]);
    const databaseUrl = `postgres://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/strata_test`;
    const natsUrl = `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`;
    await Promise.all([waitForPostgres(databaseUrl), waitForNats(natsUrl)]);
    return { databaseUrl, natsUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
