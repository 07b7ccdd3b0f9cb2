import { connect } from 'nats';
import { Client } from 'pg';
import { waitUntil } from './wait-until';

/** Waits until PostgreSQL at `databaseUrl` accepts a connection and answers `SELECT 1`. */
export async function waitForPostgres(databaseUrl: string, timeoutMs = 30_000): Promise<void> {
  await waitUntil(
    async () => {
      const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 1_000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    { timeoutMs, intervalMs: 200, description: `PostgreSQL at ${redactUrl(databaseUrl)}` },
  );
}

/** Waits until a NATS server at `natsUrl` accepts a client and round-trips a flush. */
export async function waitForNats(
  natsUrl: string,
  timeoutMs = 30_000,
  signal?: AbortSignal,
): Promise<void> {
  await waitUntil(
    async () => {
      const nc = await connect({ servers: natsUrl, timeout: 1_000, reconnect: false });
      try {
        await nc.flush();
        return true;
      } finally {
        await nc.close();
      }
    },
    { timeoutMs, intervalMs: 100, description: `NATS at ${natsUrl}`, signal },
  );
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparsable url>';
  }
}
