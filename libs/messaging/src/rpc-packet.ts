import type { JsonValue } from '@bufbuild/protobuf';

/**
 * The request/reply packet of Nest's NATS transport, which every service's RPC server (Nest's
 * ServerNats) reads: a request is `{ pattern, data, id }` as JSON (a message without `id` is an
 * event there, never answered), a reply `{ id, response, err, isDisposed }`. A reply reaches
 * only the inbox its request named, so the id need not be globally unique: a counter will do.
 */
let sequence = 0;

const utf8 = new TextDecoder();

export function encodeRpcPacket(pattern: string, data: JsonValue): Uint8Array {
  sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER;
  return Buffer.from(JSON.stringify({ pattern, data, id: sequence.toString(36) }));
}

/**
 * The reply's data; throws what the other side answered as its error (a problem, which the
 * caller turns back into the same DomainError, or Nest's own for a subject nobody handles).
 * A reply with no data (a handler that answered nothing) is an empty message.
 */
export function decodeRpcReply(bytes: Uint8Array): object {
  if (bytes.length === 0) return {};
  const packet = JSON.parse(utf8.decode(bytes)) as { err?: unknown; response?: unknown };
  if (packet.err !== undefined && packet.err !== null) throw packet.err;
  return packet.response !== null && typeof packet.response === 'object' ? packet.response : {};
}
