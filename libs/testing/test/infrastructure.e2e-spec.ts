import { connect, type NatsConnection } from 'nats';
import nodemailer from 'nodemailer';
import { Client } from 'pg';
import { parseDatabaseUrl } from '@strata/database';
import { startInfrastructure, startMailCatcher, type Infrastructure } from '@strata/testing';

jest.setTimeout(60_000);

async function databaseExists(databaseUrl: string, name: string): Promise<boolean> {
  const client = new Client({
    connectionString: databaseUrl.replace(/\/[^/?]+(\?.*)?$/, '/postgres'),
  });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('test infrastructure', () => {
  let infra: Infrastructure;
  let nc: NatsConnection | undefined;

  beforeAll(async () => {
    infra = await startInfrastructure();
  });
  afterAll(async () => {
    await nc?.close();
    await infra?.stop();
  });

  it('gives each test file a fresh database, dropped on stop', async () => {
    const { database } = parseDatabaseUrl(infra.databaseUrl);
    expect(database).toMatch(/^strata_test_/);
    expect(await databaseExists(infra.databaseUrl, database)).toBe(true);

    const client = new Client({ connectionString: infra.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
    );
    expect(rows[0].n).toBe(0);
    await client.end();

    // A second set of infrastructure is independent, and its stop() drops its database
    // even while a connection to it is still open.
    const other = await startInfrastructure();
    const otherDb = parseDatabaseUrl(other.databaseUrl).database;
    expect(otherDb).not.toBe(database);
    const lingering = new Client({ connectionString: other.databaseUrl });
    lingering.on('error', () => undefined); // Terminated by the drop.
    await lingering.connect();
    await other.stop();
    expect(await databaseExists(infra.databaseUrl, otherDb)).toBe(false);
    await lingering.end().catch(() => undefined);
  });

  it('gives each test file its own NATS with JetStream', async () => {
    nc = await connect({ servers: infra.natsUrl });
    const jsm = await nc.jetstreamManager();
    const stream = `HARNESS_${Date.now()}`;
    await jsm.streams.add({ name: stream, subjects: [`harness.${stream}.>`] });
    const ack = await nc
      .jetstream()
      .publish(`harness.${stream}.hello`, new TextEncoder().encode('hi'));
    expect(ack.stream).toBe(stream);
    expect(ack.seq).toBe(1);

    if (infra.privateNats) {
      // Another test file's NATS does not see this stream.
      const other = await startInfrastructure();
      const otherNc = await connect({ servers: other.natsUrl });
      try {
        expect(other.natsUrl).not.toBe(infra.natsUrl);
        const otherJsm = await otherNc.jetstreamManager();
        const names: string[] = [];
        for await (const info of otherJsm.streams.list()) names.push(info.config.name);
        expect(names).not.toContain(stream);
      } finally {
        await otherNc.close();
        await other.stop();
      }
    }
  });

  it('catches a mail sent with nodemailer over SMTP', async () => {
    const mail = await startMailCatcher();
    try {
      expect(mail.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      const transport = nodemailer.createTransport(mail.url);
      const waiting = mail.waitFor((m) => m.subject === 'Verify your e-mail', 5_000);
      await transport.sendMail({
        from: 'strata@test.local',
        to: 'ada@example.com',
        subject: 'Verify your e-mail',
        text: 'Open http://127.0.0.1/verify?token=abc',
        html: '<p>Open <a href="http://127.0.0.1/verify?token=abc">this link</a></p>',
      });
      const caught = await waiting;
      expect(caught).toMatchObject({
        to: ['ada@example.com'],
        from: 'strata@test.local',
        subject: 'Verify your e-mail',
        envelope: { from: 'strata@test.local', to: ['ada@example.com'] },
      });
      expect(caught.text).toContain('token=abc');
      expect(caught.html).toContain('<a href=');
      expect(mail.mails).toHaveLength(1);
      await expect(mail.waitFor((m) => m.subject === 'never', 100)).rejects.toThrow(
        /no matching mail/,
      );
      transport.close();
    } finally {
      await mail.stop();
    }
  });
});
