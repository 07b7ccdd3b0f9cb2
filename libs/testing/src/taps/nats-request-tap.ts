import { connect, type NatsConnection } from 'nats';

export interface NatsRequestTap {
  /** The subjects of the requests between services seen so far (`<service>.<noun>.<verb>`). */
  requests(): string[];
  /**
   * Waits until the server has delivered to the tap everything published before this call (a
   * PING/PONG round trip on the tap's connection), then answers `requests()`.
   */
  settledRequests(): Promise<string[]>;
  stop(): Promise<void>;
}

/** A service request subject: `<service>.<noun>.<verb>` (not events, pushes, inboxes or `$JS`). */
export function isServiceRequest(subject: string, services: readonly string[]): boolean {
  const [service, ...rest] = subject.split('.');
  return rest.length >= 2 && services.includes(service);
}

/**
 * A protocol-level tap on NATS: one subscription on `>` that sees a copy of every message, and
 * keeps the subjects of requests to the given services (core NATS request/reply, as
 * @nestjs/microservices sends them). Replies go to `_INBOX.…` and are not counted.
 */
export async function startNatsRequestTap(
  natsUrl: string,
  services: readonly string[] = ['auth', 'accounts', 'cloud', 'cluster', 'notify'],
): Promise<NatsRequestTap> {
  const nc: NatsConnection = await connect({ servers: natsUrl, name: 'nats-request-tap' });
  const seen: string[] = [];
  const subscription = nc.subscribe('>');
  void (async () => {
    for await (const msg of subscription) {
      if (isServiceRequest(msg.subject, services)) seen.push(msg.subject);
    }
  })();
  await nc.flush();
  return {
    requests: () => [...seen],
    async settledRequests() {
      await nc.flush();
      return [...seen];
    },
    async stop() {
      await nc.drain();
    },
  };
}
