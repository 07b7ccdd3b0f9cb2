import type { JsonValue, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import { decodeMessage, events, requests, toWireJson } from '@strata/proto';

/** Subjects and message types come from proto/: one definition, checked on both sides. */
export type Requests = typeof requests;
export type RequestSubject = keyof Requests & string;
export type RequestInit<S extends RequestSubject> = MessageInitShape<Requests[S]['request']>;
export type RequestData<S extends RequestSubject> = MessageShape<Requests[S]['request']>;
export type ReplyInit<S extends RequestSubject> = MessageInitShape<Requests[S]['reply']>;
export type ReplyData<S extends RequestSubject> = MessageShape<Requests[S]['reply']>;

export type Events = typeof events;
export type EventSubject = keyof Events & string;
export type EventInit<S extends EventSubject> = MessageInitShape<Events[S]>;
export type EventData<S extends EventSubject> = MessageShape<Events[S]>;

/*
 * Each RPC message is checked against its protovalidate rules once, by the side that must not
 * trust it (issue 15: the rules ran on both ends of every RPC, up to 14 % of a service's CPU):
 * a request by the service that receives it (RpcHandler's pipe: refused whoever sent it), a reply
 * by the service that sends it (RpcHandler's interceptor). The caller's side still builds
 * requests from their proto type and decodes replies strictly (JSON, unknown fields, types).
 */
export const encodeRequest = <S extends RequestSubject>(
  subject: S,
  init: RequestInit<S>,
): JsonValue => toWireJson(requests[subject].request, init, { validate: false });
export const decodeRequest = <S extends RequestSubject>(
  subject: S,
  wire: object | Uint8Array,
): RequestData<S> => decodeMessage(requests[subject].request, wire) as RequestData<S>;
export const encodeReply = <S extends RequestSubject>(subject: S, init: ReplyInit<S>): JsonValue =>
  toWireJson(requests[subject].reply, init);
export const decodeReply = <S extends RequestSubject>(
  subject: S,
  wire: object | Uint8Array,
): ReplyData<S> =>
  decodeMessage(requests[subject].reply, wire, { validate: false }) as ReplyData<S>;
export const encodeEvent = <S extends EventSubject>(subject: S, init: EventInit<S>): JsonValue =>
  toWireJson(events[subject], init);
export const decodeEvent = <S extends EventSubject>(
  subject: S,
  wire: object | Uint8Array,
): EventData<S> => decodeMessage(events[subject], wire) as EventData<S>;
