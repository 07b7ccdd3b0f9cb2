// The design's floor for an authenticated read, without the platform's code: what one HTTP
// request costs on this machine when it crosses the processes the design fixes (an HTTP process,
// one NATS request/reply, a service process, one prepared PostgreSQL statement) and nothing else:
// no token check, no validation, no contracts, no logging, no framework. Two roles:
//
//   node bench/floor-server.mjs service <natsUrl> <databaseUrl> <userId>   (answers floor.me)
//   node bench/floor-server.mjs http <natsUrl>                             (Express, GET /me)
//
// Run as child processes by floor.mjs; each reports over IPC when it is ready.
import express from 'express';
import { connect, JSONCodec } from 'nats';
import pg from 'pg';

const [role, natsUrl, databaseUrl, userId] = process.argv.slice(2);
const json = JSONCodec();
const nats = await connect({ servers: natsUrl, noAsyncTraces: true });

/** The same statement accounts runs for GET /me (profile-reads.repository.ts). */
const ME = `SELECT p.user_id, p.email, p.username, p.platform_admin, p.disabled_at, p.created_at,
          m.org_id AS active_org_id, o.name AS active_org_name, m.role
     FROM accounts.profiles p
     LEFT JOIN accounts.memberships m ON m.org_id = p.active_org_id AND m.user_id = p.user_id
     LEFT JOIN accounts.organizations o ON o.id = m.org_id
    WHERE p.user_id = $1::uuid`;

let stop;
if (role === 'service') {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  nats.subscribe('floor.me', {
    queue: 'floor',
    callback: (_err, msg) => {
      pool.query({ name: 'floor_me', text: ME, values: [userId] }).then(
        ({ rows }) => msg.respond(json.encode(rows[0] ?? null)),
        (err) => msg.respond(json.encode({ error: String(err) })),
      );
    },
  });
  await nats.flush();
  process.send?.({ ready: true });
  stop = async () => {
    await nats.drain();
    await pool.end();
  };
} else {
  const app = express();
  app.get('/me', async (_req, res) => {
    try {
      const reply = await nats.request('floor.me', json.encode({}), { timeout: 10_000 });
      res.json(json.decode(reply.data));
    } catch (err) {
      res.status(503).json({ error: String(err) });
    }
  });
  const server = app.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
  stop = async () => {
    server.close();
    await nats.drain();
  };
}

const leave = () => void stop().finally(() => process.exit(0));
process.on('SIGTERM', leave);
process.on('SIGINT', leave);
process.on('disconnect', leave); // the bench died: do not linger
