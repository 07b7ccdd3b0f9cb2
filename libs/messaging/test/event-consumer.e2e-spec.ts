import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, JetStreamClient, NatsConnection, connect } from 'nats';
import { Pool } from 'pg';
import pino from 'pino';
import { Infrastructure, startInfrastructure } from '@strata/testing';
import {
  encodeEvent,
  ensureEventsStream,
  EventConsumers,
  Inbox,
  OutboxRelay,
  OutboxWriter,
  SqlExecutor,
} from '../src';

/** A transaction runner over a pg pool, shaped like Prisma's interactive transactions. */
function poolTransactions(pool: Pool) {
  return {
    async $transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: SqlExecutor = {
          $executeRawUnsafe: async (sql, ...values) =>
            (await client.query(sql, values)).rowCount ?? 0,
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

const SCHEMA = 'messaging_test';
const logger = pino({ level: 'silent' });

describe('JetStream consumers and the outbox, on real NATS and PostgreSQL', () => {
  let infra: Infrastructure;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let pool: Pool;

  beforeAll(async () => {
    infra = await startInfrastructure();
    nc = await connect({ servers: infra.natsUrl });
    await ensureEventsStream(await nc.jetstreamManager());
    js = nc.jetstream();
    pool = new Pool({ connectionString: infra.databaseUrl, max: 4 });
    await pool.query(`CREATE SCHEMA ${SCHEMA}`);
    await pool.query(`CREATE TABLE ${SCHEMA}.outbox (id uuid PRIMARY KEY, subject text NOT NULL, payload jsonb NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}', created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz)`);
    await pool.query(`CREATE TABLE ${SCHEMA}.processed_events (consumer text NOT NULL, event_id uuid NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id))`);
    await pool.query(
      `CREATE TABLE ${SCHEMA}.effects (event_id uuid NOT NULL, user_id uuid NOT NULL)`,
    );
  });

  afterAll(async () => {
    await pool?.end();
    await nc?.close();
    await infra?.stop();
  });

  function publishRaw(subject: string, eventId: string, msgId: string, body: unknown) {
    const h = natsHeaders();
    h.set('Strata-Event-Id', eventId);
    return js.publish(subject, new TextEncoder().encode(JSON.stringify(body)), {
      msgID: msgId,
      headers: h,
    });
  }

  it('runs a handler once per event id, however often the event is delivered', async () => {
    const consumers = new EventConsumers(
      js,
      await nc.jetstreamManager(),
      new Inbox(poolTransactions(pool), SCHEMA),
      logger,
    );
    const handled: string[] = [];
    await consumers.start({
      durable: 'test-once',
      subject: 'evt.auth.user.registered',
      handle: async (event, tx) => {
        handled.push(event.id);
        await tx.$executeRawUnsafe(
          `INSERT INTO ${SCHEMA}.effects VALUES ($1::uuid, $2::uuid)`,
          event.id,
          event.data.userId,
        );
      },
    });
    const eventId = randomUUID();
    const body = encodeEvent('evt.auth.user.registered', {
      userId: randomUUID(),
      email: 'once@example.com',
    });
    // The same event three times under different message ids: the stream keeps all three.
    for (let i = 0; i < 3; i++)
      await publishRaw('evt.auth.user.registered', eventId, randomUUID(), body);

    // A marker event after the three: the consumer handles one message at a time in stream
    // order, so once the marker is handled every copy before it has been delivered too.
    const marker = randomUUID();
    await publishRaw(
      'evt.auth.user.registered',
      marker,
      randomUUID(),
      encodeEvent('evt.auth.user.registered', { userId: randomUUID(), email: 'm@example.com' }),
    );
    await waitFor(async () => handled.includes(marker));
    expect(handled).toEqual([eventId, marker]);
    expect(
      (await pool.query(`SELECT * FROM ${SCHEMA}.effects WHERE event_id = $1`, [eventId])).rowCount,
    ).toBe(1);
    await consumers.stop();
  });

  it('a consumer without an inbox opens no transaction and runs its afterCommit on every delivery', async () => {
    const noTransactions = {
      $transaction: () => Promise.reject(new Error('no transaction expected')),
    };
    const consumers = new EventConsumers(
      js,
      await nc.jetstreamManager(),
      new Inbox(noTransactions, SCHEMA),
      logger,
    );
    const after: string[] = [];
    let handled = 0;
    await consumers.start({
      durable: 'test-no-inbox',
      subject: 'evt.auth.user.deleted',
      inbox: false,
      handle: async () => {
        handled += 1;
      },
      afterCommit: async (event) => {
        after.push(event.id);
      },
    });
    const eventId = randomUUID();
    const body = encodeEvent('evt.auth.user.deleted', { userId: randomUUID() });
    for (let i = 0; i < 2; i++)
      await publishRaw('evt.auth.user.deleted', eventId, randomUUID(), body);

    await waitFor(async () => after.length === 2);
    expect(after).toEqual([eventId, eventId]);
    expect(handled).toBe(0);
    expect(
      (
        await pool.query(
          `SELECT 1 FROM ${SCHEMA}.processed_events WHERE consumer = 'test-no-inbox'`,
        )
      ).rowCount,
    ).toBe(0);
    await consumers.stop();
  });

  it('redelivers an event whose handler failed, until it succeeds', async () => {
    const consumers = new EventConsumers(
      js,
      await nc.jetstreamManager(),
      new Inbox(poolTransactions(pool), SCHEMA),
      logger,
    );
    let attempts = 0;
    await consumers.start({
      durable: 'test-retry',
      subject: 'evt.auth.email.verified',
      handle: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('transient failure');
      },
    });
    await publishRaw(
      'evt.auth.email.verified',
      randomUUID(),
      randomUUID(),
      encodeEvent('evt.auth.email.verified', { userId: randomUUID() }),
    );
    await waitFor(async () => attempts >= 2, 10_000);
    expect(attempts).toBe(2);
    await consumers.stop();
  });

  it('drops a message that breaks its contract instead of redelivering it forever', async () => {
    const consumers = new EventConsumers(
      js,
      await nc.jetstreamManager(),
      new Inbox(poolTransactions(pool), SCHEMA),
      logger,
    );
    const seen: string[] = [];
    await consumers.start({
      durable: 'test-contract',
      subject: 'evt.auth.password.changed',
      handle: async (event) => {
        seen.push(event.data.userId);
      },
    });
    await publishRaw('evt.auth.password.changed', randomUUID(), randomUUID(), {
      user_id: 'not-a-uuid',
      surprise: true,
    });
    const good = randomUUID();
    await publishRaw(
      'evt.auth.password.changed',
      randomUUID(),
      randomUUID(),
      encodeEvent('evt.auth.password.changed', { userId: good, ip: '127.0.0.1' }),
    );
    await waitFor(async () => seen.length === 1);
    expect(seen).toEqual([good]);
    const info = await (await nc.jetstreamManager()).consumers.info('EVENTS', 'test-contract');
    expect(info.num_ack_pending).toBe(0);
    await consumers.stop();
  });

  it('keeps the event of a handler that runs past the ack wait with in-progress acks: delivered once', async () => {
    const ackWaitMs = 1500;
    const consumers = new EventConsumers(
      js,
      await nc.jetstreamManager(),
      new Inbox(poolTransactions(pool), SCHEMA),
      logger,
      { ackWaitMs },
    );
    const handled: string[] = [];
    await consumers.start({
      durable: 'test-slow',
      subject: 'evt.auth.user.disabled',
      handle: async (event) => {
        // Long work: more than twice the ack wait.
        if (handled.length === 0)
          await new Promise((resolve) => setTimeout(resolve, ackWaitMs * 2.5));
        handled.push(event.data.userId);
      },
    });
    const jsm = await nc.jetstreamManager();
    expect((await jsm.consumers.info('EVENTS', 'test-slow')).config.ack_wait).toBe(
      ackWaitMs * 1_000_000,
    );
    const slow = randomUUID();
    const publish = (userId: string) =>
      publishRaw(
        'evt.auth.user.disabled',
        randomUUID(),
        randomUUID(),
        encodeEvent('evt.auth.user.disabled', { userId }),
      );
    await publish(slow);
    await waitFor(async () => handled.length === 1, 10_000);
    // A marker after the slow one: once it is handled, any redelivery of the slow event (which
    // comes before it) has been delivered too. Every delivery takes a consumer sequence number.
    const marker = randomUUID();
    await publish(marker);
    await waitFor(async () => handled.length === 2, 10_000);
    expect(handled).toEqual([slow, marker]);
    const info = await jsm.consumers.info('EVENTS', 'test-slow');
    expect(info.delivered.consumer_seq).toBe(2);
    expect(info.num_ack_pending).toBe(0);
    await consumers.stop();
  });

  it('publishes outbox rows written in a committed transaction, never those of a rolled-back one', async () => {
    const relay = new OutboxRelay({ schema: SCHEMA, pool, js, logger, pollIntervalMs: 200 });
    await relay.start();
    const writer = new OutboxWriter(SCHEMA);
    const db = poolTransactions(pool);
    const committed = await db.$transaction((tx) =>
      writer.add(tx, 'evt.auth.email.verified', { userId: randomUUID() }),
    );
    await expect(
      db.$transaction(async (tx) => {
        await writer.add(tx, 'evt.auth.email.verified', { userId: randomUUID() });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');

    await waitFor(
      async () =>
        (
          await pool.query(
            `SELECT 1 FROM ${SCHEMA}.outbox WHERE id = $1 AND published_at IS NOT NULL`,
            [committed],
          )
        ).rowCount === 1,
    );
    expect((await pool.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox`)).rows[0].n).toBe(1);
    const stored = await (
      await nc.jetstreamManager()
    ).streams.getMessage('EVENTS', { last_by_subj: 'evt.auth.email.verified' });
    expect(stored.header.get('Nats-Msg-Id')).toBe(committed);
    await relay.stop();
  });

  it('refuses to write an event that breaks its own contract', async () => {
    const writer = new OutboxWriter(SCHEMA);
    await expect(
      poolTransactions(pool).$transaction((tx) =>
        writer.add(tx, 'evt.auth.email.verified', { userId: 'nope' }),
      ),
    ).rejects.toThrow(/user_id/);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
