import { connect, ErrorCode, headers as natsHeaders, NatsConnection, NatsError } from 'nats';
import { Infrastructure, startInfrastructure } from '@strata/testing';
import { ReplyInbox } from '../src/reply-inbox';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

/** ReplyInbox against a real nats-server: replies, no responders, deadlines, a closed connection. */
describe('ReplyInbox (request/reply on one inbox subscription)', () => {
  let infra: Infrastructure;
  let server: NatsConnection;
  let client: NatsConnection;
  let inbox: ReplyInbox;

  beforeAll(async () => {
    infra = await startInfrastructure();
    server = await connect({ servers: infra.natsUrl });
    client = await connect({ servers: infra.natsUrl });
    inbox = new ReplyInbox(client);
    // Answers each request with its payload and an `echo` of one of its headers, in reverse order
    // of arrival for a batch (replies must find their own request, whatever the order).
    const held: Array<() => void> = [];
    server.subscribe('test.echo', {
      queue: 'q',
      callback: (_err, msg) => {
        const answer = () =>
          msg.respond(bytes(`${text(msg.data)}|${msg.headers?.get('x-tag') ?? ''}`));
        if (text(msg.data).startsWith('batch')) {
          held.push(answer);
          if (held.length === 20)
            held
              .splice(0)
              .reverse()
              .forEach((a) => a());
        } else answer();
      },
    });
    server.subscribe('test.silent', { callback: () => undefined });
    await server.flush();
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
    await infra?.stop();
  });

  const tagged = (tag: string) => {
    const h = natsHeaders();
    h.set('x-tag', tag);
    return h;
  };

  it('answers each request with its own reply, headers carried, whatever the order', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        inbox.request('test.echo', bytes(`batch-${i}`), tagged(`t${i}`), 5_000),
      ),
    );
    expect(replies.map((r) => text(r.data))).toEqual(
      Array.from({ length: 20 }, (_, i) => `batch-${i}|t${i}`),
    );
    expect(inbox.size).toBe(0);
  });

  it('fails with the no-responders error when nobody is subscribed', async () => {
    const error = await inbox
      .request('test.nobody', bytes('x'), natsHeaders(), 5_000)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NatsError);
    expect((error as NatsError).code).toBe(ErrorCode.NoResponders);
    expect(inbox.size).toBe(0);
  });

  it('fails with the timeout error when no reply comes within the deadline, and forgets it', async () => {
    const error = await inbox
      .request('test.silent', bytes('x'), natsHeaders(), 50)
      .catch((e: unknown) => e);
    expect((error as NatsError).code).toBe(ErrorCode.Timeout);
    expect(inbox.size).toBe(0);
    // The next request is answered as usual.
    const reply = await inbox.request('test.echo', bytes('after'), tagged('a'), 5_000);
    expect(text(reply.data)).toBe('after|a');
  });

  it('fails what is waiting when its connection closes, and what is asked after', async () => {
    const own = await connect({ servers: infra.natsUrl });
    const closing = new ReplyInbox(own);
    const waiting = closing
      .request('test.silent', bytes('x'), natsHeaders(), 30_000)
      .catch((e: unknown) => e);
    await own.flush();
    await own.close();
    expect(((await waiting) as NatsError).code).toBe(ErrorCode.ConnectionClosed);
    const after = await closing
      .request('test.echo', bytes('x'), natsHeaders(), 5_000)
      .catch((e: unknown) => e);
    expect((after as NatsError).code).toBe(ErrorCode.ConnectionClosed);
    expect(closing.size).toBe(0);
  });
});
