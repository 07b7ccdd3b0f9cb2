import { randomUUID } from 'node:crypto';
import { JetStreamClient, JetStreamManager, NatsConnection, connect } from 'nats';
import { Pool } from 'pg';
import pino from 'pino';
import { Infrastructure, startInfrastructure } from '@strata/testing';
import { DirectPublisher, ensureEventsStream, OutboxRelay } from '../src';

const SCHEMA = 'direct_publish_test';
const logger = pino({ level: 'silent' });

/**
 * Outbox rows published by the process that committed them (DirectPublisher), the relay as the
 * durable fallback: it leaves a leased row alone until its lease ends, then publishes it if it
 * is still not marked; a failed direct publish hands the row back at once. Real NATS and
 * PostgreSQL.
 */
describe('direct publishing of committed outbox rows, the relay as fallback', () => {
  let infra: Infrastructure;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let pool: Pool;
  let relay: OutboxRelay;
  let released = 0;
  let direct: DirectPublisher;

  beforeAll(async () => {
    infra = await startInfrastructure();
    nc = await connect({ servers: infra.natsUrl });
    jsm = await nc.jetstreamManager();
    await ensureEventsStream(jsm);
    js = nc.jetstream();
    pool = new Pool({ connectionString: infra.databaseUrl, max: 4 });
    await pool.query(`CREATE SCHEMA ${SCHEMA}`);
    await pool.query(`CREATE TABLE ${SCHEMA}.outbox (id uuid PRIMARY KEY, subject text NOT NULL, payload jsonb NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}', created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz,
      publish_after timestamptz)`);
    // Not started: the tests drain it when they mean to, so nothing races them.
    relay = new OutboxRelay({ schema: SCHEMA, pool, js, logger, leases: true });
    direct = new DirectPublisher({
      schema: SCHEMA,
      pool,
      js,
      logger,
      release: () => (released += 1),
    });
  });

  afterAll(async () => {
    await direct?.stop();
    await pool?.end();
    await nc?.close();
    await infra?.stop();
  });

  /** A committed outbox row leased for `leaseMs` (negative: a lease already over). */
  async function leasedRow(subject: string, leaseMs: number) {
    const id = randomUUID();
    const payload = JSON.stringify({ id, n: 1 });
    const headers = JSON.stringify({ 'Strata-Occurred-At': new Date().toISOString() });
    await pool.query(
      `INSERT INTO ${SCHEMA}.outbox (id, subject, payload, headers, publish_after)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, now() + make_interval(secs => $5::int / 1000.0))`,
      [id, subject, payload, headers, leaseMs],
    );
    return { ids: [id], subjects: [subject], payloads: [payload], headers: [headers] };
  }
  const row = async (id: string) =>
    (
      await pool.query<{ published: boolean; leased: boolean }>(
        `SELECT published_at IS NOT NULL AS published, publish_after IS NOT NULL AS leased
           FROM ${SCHEMA}.outbox WHERE id = $1`,
        [id],
      )
    ).rows[0]!;
  const inStream = async (subject: string) =>
    Object.values(
      (await jsm.streams.info('EVENTS', { subjects_filter: subject })).state.subjects ?? {},
    ).reduce((sum, n) => sum + n, 0);
  const subjectOf = (name: string) => `evt.test.${name}_${randomUUID().slice(0, 8)}`;

  it('publishes a leased row at once and marks it; the relay leaves it alone', async () => {
    const subject = subjectOf('direct');
    const events = await leasedRow(subject, 60_000);
    expect(await relay.drain()).toBe(0);

    direct.publish(events);
    await waitFor(async () => (await row(events.ids[0]!)).published);
    const stored = await jsm.streams.getMessage('EVENTS', { last_by_subj: subject });
    expect(stored.header.get('Nats-Msg-Id')).toBe(events.ids[0]);
    expect(stored.header.get('Strata-Event-Id')).toBe(events.ids[0]);
    expect(JSON.parse(new TextDecoder().decode(stored.data))).toEqual({ id: events.ids[0], n: 1 });
    expect(await inStream(subject)).toBe(1);
    expect(await relay.drain()).toBe(0);
  });

  it('a row committed but never published directly (the process died) goes out through the relay once its lease is over', async () => {
    const subject = subjectOf('crashed');
    const leased = await leasedRow(subject, 60_000);
    const over = await leasedRow(subject, -1000);
    expect(await relay.drain()).toBe(1);
    expect(await row(over.ids[0]!)).toEqual({ published: true, leased: true });
    expect(await row(leased.ids[0]!)).toEqual({ published: false, leased: true });
    expect(await inStream(subject)).toBe(1);
    const stored = await jsm.streams.getMessage('EVENTS', { last_by_subj: subject });
    expect(stored.header.get('Nats-Msg-Id')).toBe(over.ids[0]);
  });

  it('a row published directly whose mark was lost is published again by the relay and dropped by the stream', async () => {
    const subject = subjectOf('unmarked');
    const events = await leasedRow(subject, 60_000);
    direct.publish(events);
    await waitFor(async () => (await row(events.ids[0]!)).published);
    // As if the process died after the ack, before its mark: not marked, lease over.
    await pool.query(
      `UPDATE ${SCHEMA}.outbox SET published_at = NULL, publish_after = now() - interval '1 second' WHERE id = $1`,
      [events.ids[0]],
    );
    expect(await relay.drain()).toBe(1);
    expect(await inStream(subject)).toBe(1);
  });

  it('a direct publish that fails hands the row back to the relay at once', async () => {
    // No stream takes this subject: JetStream answers no responders.
    const events = await leasedRow(`nostream.${randomUUID()}`, 60_000);
    const before = released;
    direct.publish(events);
    await waitFor(async () => released > before);
    expect(await row(events.ids[0]!)).toEqual({ published: false, leased: false });
    await pool.query(`DELETE FROM ${SCHEMA}.outbox WHERE id = $1`, [events.ids[0]]);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
