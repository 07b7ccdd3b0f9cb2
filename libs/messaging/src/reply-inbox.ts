import {
  createInbox,
  ErrorCode,
  NatsError,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from 'nats';

interface Pending {
  resolve(msg: Msg): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

/**
 * Request/reply over one wildcard inbox subscription (`<inbox>.*`), each request's reply subject
 * that inbox and a token of its own: what the NATS client's `request()` does, without what it
 * costs on every successful reply. nats.js 2.29 ends every request by rejecting its (already
 * settled) promise with a fresh `NatsError` (`RequestOne.cancel`): a stack trace captured per
 * reply, the gateway's largest single function after the socket writes under load (issue 15).
 * Here an error is made only for a request that fails: no reply within its deadline (the
 * client's `TIMEOUT`), nats-server's 503 status when nobody is subscribed (`503`, "no
 * responders"), or the connection closing (`CONNECTION_CLOSED`), the same errors and codes as
 * the client's own request/reply. A reply after its request's deadline is dropped.
 */
export class ReplyInbox {
  private readonly prefix = `${createInbox()}.`;
  private readonly pending = new Map<string, Pending>();
  private readonly subscription: Subscription;
  private next = 0;

  constructor(private readonly connection: Pick<NatsConnection, 'subscribe' | 'publish'>) {
    this.subscription = connection.subscribe(`${this.prefix}*`, {
      callback: (error, msg) => (error ? this.failAll(error) : this.settle(msg)),
    });
    void this.subscription.closed.then(
      () => this.failAll(NatsError.errorForCode(ErrorCode.ConnectionClosed)),
      (error: unknown) => this.failAll(error),
    );
  }

  /** Requests awaiting their reply. */
  get size(): number {
    return this.pending.size;
  }

  request(subject: string, payload: Uint8Array, headers: MsgHdrs, timeoutMs: number): Promise<Msg> {
    const token = (this.next++).toString(36);
    return new Promise<Msg>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(NatsError.errorForCode(ErrorCode.Timeout));
      }, timeoutMs);
      this.pending.set(token, { resolve, reject, timer });
      try {
        this.connection.publish(subject, payload, { reply: this.prefix + token, headers });
      } catch (error) {
        this.take(token);
        reject(error);
      }
    });
  }

  private settle(msg: Msg): void {
    const request = this.take(msg.subject.slice(this.prefix.length));
    if (!request) return; // its deadline passed
    // nats-server's answer for a subject nobody is subscribed to: a 503 status with no payload.
    if (msg.data.length === 0 && msg.headers?.code === 503)
      request.reject(NatsError.errorForCode(ErrorCode.NoResponders));
    else request.resolve(msg);
  }

  private take(token: string): Pending | undefined {
    const request = this.pending.get(token);
    if (!request) return undefined;
    this.pending.delete(token);
    clearTimeout(request.timer);
    return request;
  }

  private failAll(error: unknown): void {
    for (const token of [...this.pending.keys()]) this.take(token)?.reject(error);
  }
}
