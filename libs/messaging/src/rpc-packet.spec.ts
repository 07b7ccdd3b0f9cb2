import { decodeRpcReply, encodeRpcPacket } from './rpc-packet';

const json = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;

describe("the packet Nest's NATS server reads", () => {
  it('sends the subject, the data and an id (without one the server takes it for an event)', () => {
    const first = json(encodeRpcPacket('accounts.profile.get', { a: 1 })) as { id: string };
    const second = json(encodeRpcPacket('accounts.profile.get', {})) as { id: string };
    expect(first).toEqual({ pattern: 'accounts.profile.get', data: { a: 1 }, id: first.id });
    expect(typeof first.id).toBe('string');
    expect(second.id).not.toBe(first.id);
  });

  it('answers the response of a reply', () => {
    const reply = Buffer.from(JSON.stringify({ id: '1', response: { x: 'y' }, isDisposed: true }));
    expect(decodeRpcReply(reply)).toEqual({ x: 'y' });
  });

  it('throws the error the other side answered, as it was sent', () => {
    const problem = { status: 404, code: 'accounts.not_found', title: 'Not Found' };
    const reply = Buffer.from(JSON.stringify({ id: '1', err: problem, isDisposed: true }));
    let thrown: unknown;
    try {
      decodeRpcReply(reply);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toEqual(problem);
  });

  it('reads a reply that answered nothing as an empty message', () => {
    expect(decodeRpcReply(Buffer.from(JSON.stringify({ id: '1', isDisposed: true })))).toEqual({});
    expect(decodeRpcReply(new Uint8Array())).toEqual({});
  });
});
