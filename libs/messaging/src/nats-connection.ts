import { connect, NatsConnection } from 'nats';

/** One NATS connection per process for JetStream and pushes (Nest's transports keep their own). */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url,
    name,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
}
