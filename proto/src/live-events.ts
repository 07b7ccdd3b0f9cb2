import { create, fromJson, toJson, type JsonObject, type JsonValue } from '@bufbuild/protobuf';
import { pathToString } from '@bufbuild/protobuf/reflect';
import { createValidator } from '@bufbuild/protovalidate';
import { ContractViolationError } from './contract-violation.error';
import { LiveEventSchema, type LiveEvent } from './gen/strata/gateway/v1/live_events_pb';
import type { LiveEventDataMap, LiveEventType } from './live-event-types';
import { UserPushSchema, type UserPush } from './gen/strata/notify/v1/pushes_pb';

const validator = createValidator();
const textDecoder = new TextDecoder();

export type { LiveEventDataMap, LiveEventType };

/** The cases of a push (push.user.*), each also an SSE event of the same name. */
export type PushType = NonNullable<UserPush['payload']['case']>;

/** A push as the gateway writes it: its seq (the SSE id), its event name and data. */
export type PushEvent = {
  [K in PushType]: { seq: number; type: K; data: LiveEventDataMap[K] };
}[PushType];

/** Zero values are written (`{"unread":0}`); absent optional fields are left out. */
const JSON_OPTIONS = { alwaysEmitImplicit: true } as const;

function valid<T extends LiveEvent | UserPush>(typeName: string, message: T): T {
  const schema = message.$typeName === LiveEventSchema.typeName ? LiveEventSchema : UserPushSchema;
  const result = validator.validate(schema, message as never);
  if (result.kind === 'valid') return message;
  if (result.kind === 'invalid')
    throw new ContractViolationError(
      typeName,
      result.violations.map((v) => ({
        field: pathToString(v.field),
        message: v.message,
        rule: v.ruleId,
      })),
    );
  throw result.error;
}

/**
 * Reads one SSE event (its `event:` name and `data:`) as a LiveEvent: rejects unknown event
 * names, unknown fields, wrong types and broken rules (ContractViolationError).
 */
export function parseLiveEvent(type: string, data: string | JsonValue): LiveEvent {
  let json: JsonValue;
  try {
    json = typeof data === 'string' ? (JSON.parse(data) as JsonValue) : data;
  } catch (err) {
    throw new ContractViolationError(LiveEventSchema.typeName, [
      { field: type, message: `invalid JSON: ${(err as Error).message}`, rule: 'json.syntax' },
    ]);
  }
  if (!LiveEventSchema.fields.some((f) => f.oneof && f.jsonName === type))
    throw new ContractViolationError(LiveEventSchema.typeName, [
      { field: type, message: 'unknown event', rule: 'json.unknown_field' },
    ]);
  let event: LiveEvent;
  try {
    event = fromJson(LiveEventSchema, { [type]: json });
  } catch (err) {
    throw new ContractViolationError(LiveEventSchema.typeName, [
      { field: type, message: (err as Error).message, rule: 'json.type' },
    ]);
  }
  return valid(LiveEventSchema.typeName, event);
}

/** The `data:` of an SSE event, validated: the JSON of the case set. */
export function liveEventData<K extends LiveEventType>(
  type: K,
  value: Extract<LiveEvent['event'], { case: K }>['value'],
): LiveEventDataMap[K] {
  const event = valid(
    LiveEventSchema.typeName,
    create(LiveEventSchema, { event: { case: type, value } as LiveEvent['event'] }),
  );
  const json = toJson(LiveEventSchema, event, JSON_OPTIONS) as JsonObject;
  return json[type] as LiveEventDataMap[K];
}

/**
 * Before this contract, pushes wrote "" for what was absent (a notification's orgId, a status
 * push's runId and reason) and null for a notification's readAt. Drops them (a push of the new
 * form never has either: those fields are uuids or left out).
 */
function withoutSentinels(data: JsonValue): JsonValue {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(data))
    if (value !== null && !(value === '' && SENTINEL_KEYS.has(key))) out[key] = value;
  return out;
}
const SENTINEL_KEYS = new Set(['orgId', 'runId', 'reason', 'clusterName']);

/**
 * One push's payload (`type`, the case, and its JSON `data`, as push_log and
 * notify.events.since hold it) as the SSE event the gateway writes, validated. Reads the form
 * before this contract too (empty-string sentinels), for a rolling upgrade.
 */
export function pushEvent(seq: number, type: string, data: JsonValue): PushEvent {
  if (!UserPushSchema.fields.some((f) => f.oneof && f.jsonName === type))
    throw new ContractViolationError(UserPushSchema.typeName, [
      { field: type, message: 'unknown push type', rule: 'json.unknown_field' },
    ]);
  const event = parseLiveEvent(type, withoutSentinels(data));
  return { seq, type, data: toJsonData(event) } as PushEvent;
}

function toJsonData(event: LiveEvent): JsonValue {
  const json = toJson(LiveEventSchema, event, JSON_OPTIONS) as JsonObject;
  return json[event.event.case!]!;
}

/**
 * Reads a message of `push.user.<userId>`: the proto3 JSON of UserPush, or the form before
 * this contract (`{seq, type, data, at}`, published by a notify not yet upgraded).
 */
export function decodeUserPush(bytes: Uint8Array | string): PushEvent {
  const json = JSON.parse(typeof bytes === 'string' ? bytes : textDecoder.decode(bytes)) as {
    seq?: unknown;
    type?: unknown;
    data?: JsonValue;
  } & JsonObject;
  if (typeof json.type === 'string' && 'data' in json)
    return pushEvent(Number(json.seq), json.type, json.data ?? null);
  const push = valid(
    UserPushSchema.typeName,
    fromJson(UserPushSchema, json, { ignoreUnknownFields: false }),
  );
  const { case: type, value } = push.payload;
  return {
    seq: push.seq,
    type,
    data: liveEventData(type!, value as never),
  } as PushEvent;
}

/** A payload as push_log stores it: its case and its proto3 JSON (validated). */
export function pushRecord(payload: UserPush['payload']): { type: PushType; data: JsonObject } {
  const type = payload.case;
  if (!type) throw new Error('a push needs a payload');
  return {
    type,
    data: liveEventData(type, payload.value as never) as unknown as JsonObject,
  };
}

/** The proto3 JSON of a UserPush from a push_log row (the NATS message of push.user.*). */
export function userPushJson(seq: number, at: Date, type: string, data: JsonValue): string {
  return JSON.stringify({ seq, at: at.toISOString(), [type]: data });
}
