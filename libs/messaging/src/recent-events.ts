import { AckPolicy, ConsumerMessages, DeliverPolicy, NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { decodeEvent, EventData, EventSubject } from './contracts';
import { EVENTS_STREAM } from './events-stream';

/**
 * Follows one event subject from `windowMs` ago onwards with an ephemeral, unacknowledged
 * consumer: for in-memory views that each process rebuilds on start (such as which sessions
 * were revoked within one access-token lifetime). Close the returned messages to stop.
 */
export async function followRecentEvents<S extends EventSubject>(
  nc: NatsConnection,
  subject: S,
  windowMs: number,
  onEvent: (data: EventData<S>, publishedAtMs: number) => void,
  logger: Logger,
): Promise<ConsumerMessages> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.consumers.add(EVENTS_STREAM, {
    filter_subject: subject,
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: new Date(Date.now() - windowMs).toISOString(),
    ack_policy: AckPolicy.None,
    inactive_threshold: 60_000_000_000,
    mem_storage: true,
  });
  const consumer = await nc.jetstream().consumers.get(EVENTS_STREAM, info.name);
  const messages = await consumer.consume();
  void (async () => {
    for await (const msg of messages) {
      try {
        onEvent(decodeEvent(subject, msg.data), msg.info.timestampNanos / 1e6);
      } catch (err) {
        logger.error({ err, subject }, 'unreadable event skipped');
      }
    }
  })();
  return messages;
}
