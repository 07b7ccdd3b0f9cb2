import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { connect, NatsConnection } from 'nats';
import { Platform, startPlatform } from '@strata/testing';
import { claimsOf, newUser, TestUser } from './support/orgs';
import { SseClient } from './support/sse-client';

const PAD = 'x'.repeat(64 * 1024); // each push ≈ 64 KiB on the wire
const BATCH = 16;

/**
 * A client that stops reading its event stream is cut off by the gateway once more than
 * SSE_MAX_BUFFERED_KB waits for it, and a normal client of the same user on the same gateway
 * gets every push meanwhile and after (issue 15). The pushes are published on core NATS
 * `push.user.<id>` as notify's push relay publishes them.
 */
describe('a slow SSE client', () => {
  let platform: Platform;
  let nats: NatsConnection;
  let user: TestUser;

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['auth', 'accounts', 'notify', 'gateway'],
      serviceEnv: { gateway: { SSE_MAX_BUFFERED_KB: '256' } },
    });
    nats = await connect({ servers: platform.infrastructure.natsUrl });
    user = await newUser(platform, 'slow-sse');
  });

  afterAll(async () => {
    await nats?.close();
    await platform?.stop();
  });

  /** A raw HTTP/1.1 stream that reads up to its `hello`, then stops reading. */
  function stalledStream(): Promise<{ socket: net.Socket; received: () => string }> {
    const url = new URL(platform.gatewayUrl);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname);
      let text = '';
      let stalled = false;
      socket.setEncoding('latin1');
      socket.on('error', () => undefined); // a reset is one way of being cut off
      socket.on('data', (chunk: string) => {
        text += chunk;
        if (!stalled && /event: hello\n/.test(text)) {
          stalled = true;
          socket.pause();
          resolve({ socket, received: () => text });
        }
      });
      socket.once('close', () => !stalled && reject(new Error(`closed before hello: ${text}`)));
      socket.write(
        `GET /api/v1/events HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n` +
          `Authorization: Bearer ${user.accessToken}\r\n\r\n`,
      );
    });
  }

  const markers = (text: string) =>
    [...text.matchAll(/"marker":"(\d+)"/g)].map((m) => Number(m[1]));

  it('is cut off while a normal client on the same gateway gets every push', async () => {
    const userId = claimsOf(user.accessToken).sub as string;
    const normal = await new SseClient(`${platform.gatewayUrl}/api/v1/events`, {
      authorization: `Bearer ${user.accessToken}`,
    }).open();
    expect(normal.status).toBe(200);
    await normal.until((events) => events.some((e) => e.event === 'hello'));
    const lastSeq = Number(normal.of('hello')[0].json.lastSeq);
    const slow = await stalledStream();
    const cutOff = platform.waitForLog('gateway', /SSE client too slow: cut off/, 120_000);
    let cut = false;
    void cutOff.then(() => (cut = true)).catch(() => undefined);

    // Pushes in batches until the gateway cuts the stalled stream off (its kernel buffers fill
    // first), each batch read in full by the normal client before the next.
    let sent = 0;
    const publish = () => {
      sent++;
      // A strata.notify.v1.UserPush in proto3 JSON, as notify publishes it.
      const push = {
        seq: lastSeq + sent,
        at: new Date().toISOString(),
        notification: {
          id: randomUUID(),
          kind: 'test.marker',
          title: `Marker ${sent}`,
          body: 'A push padded to about 64 KiB',
          data: { marker: String(sent), pad: PAD },
          createdAt: new Date().toISOString(),
        },
      };
      nats.publish(`push.user.${userId}`, JSON.stringify(push));
    };
    const received = () => normal.events.filter((e) => e.event === 'notification').length;
    while (!cut && sent < 100 * BATCH) {
      for (let i = 0; i < BATCH; i++) publish();
      await nats.flush();
      await normal.until(() => received() === sent, 60_000);
    }
    await cutOff;
    expect(sent).toBeLessThan(100 * BATCH);

    // The normal stream goes on after the cut: one more push, in order, nothing missing.
    publish();
    await normal.until(() => received() === sent);
    expect(
      normal.of('notification').map((e) => Number((e.json.data as { marker: string }).marker)),
    ).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
    expect(normal.closed).toBe(false);

    // The stalled client, reading again, finds its stream ended short of what was sent.
    const ended = new Promise<void>((resolve) => slow.socket.once('close', () => resolve()));
    slow.socket.resume();
    await ended;
    const got = markers(slow.received());
    expect(got.length).toBeLessThan(sent);
    expect(got).toEqual(Array.from({ length: got.length }, (_, i) => i + 1)); // a prefix, in order
    normal.close();
  });
});
