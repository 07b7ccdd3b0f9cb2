import { createRequire } from 'node:module';
import { connect } from 'nats';

// The stream's name from the built library (libs/messaging/dist, CommonJS), not a copy of it.
const { EVENTS_STREAM } = createRequire(import.meta.url)('@strata/messaging');

/** How often the consumers are looked at; a wait of more than two polls is worth a log line. */
export const POLL_MS = 100;

/**
 * Waits until the platform has handled the events a row made (the login rows' sign-ins become
 * notifications and mail in notify): every durable consumer of the `EVENTS` stream with nothing
 * pending and nothing unacknowledged, twice in a row a poll apart (an outbox row committed just
 * before the first look is published by then). So the next row measures its own requests, not
 * the last row's aftermath. Resolves with the milliseconds waited; gives up after `timeoutMs`.
 */
export async function settleEvents(natsUrl, { timeoutMs = 120_000 } = {}) {
  const nats = await connect({ servers: natsUrl, name: 'bench-settle' });
  try {
    const jsm = await nats.jetstreamManager();
    const started = Date.now();
    for (let quiet = 0; ;) {
      let backlog = 0;
      for await (const consumer of jsm.consumers.list(EVENTS_STREAM))
        backlog += consumer.num_pending + consumer.num_ack_pending;
      quiet = backlog === 0 ? quiet + 1 : 0;
      const waited = Date.now() - started;
      if (quiet === 2) return { waited, settled: true };
      if (waited > timeoutMs) return { waited, settled: false, backlog };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await nats.close();
  }
}
