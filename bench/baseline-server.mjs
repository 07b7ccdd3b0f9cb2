// A bare Express 5 hello-world: the baseline the other rows are divided by.
// Run as a child process (its own event loop, like the gateway); it reports its port over IPC.
import express from 'express';

const app = express();
app.get('/', (_req, res) => {
  res.json({ ok: true });
});

const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.address().port });
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop); // the bench died: do not linger
