import { connect, ConnectionOptions, NatsConnection } from 'nats';

/**
 * One NATS connection per process for JetStream and pushes, and one for the RpcClient's requests
 * (Nest's transports keep their own). Reconnects for as long as the process lives.
 */
export async function connectNats(
  url: string,
  name: string,
  options: Pick<ConnectionOptions, 'noAsyncTraces'> = {},
): Promise<NatsConnection> {
  return connect({
    servers: url,
    name,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    ...options,
  });
}
