// Types only (no runtime code): the web client imports this file as well as the services.
import type { LiveEventJson, LiveEventValid } from './gen/strata/gateway/v1/live_events_pb';

/** SSE `event:` names of GET /api/v1/events: the cases of strata.gateway.v1.LiveEvent. */
export type LiveEventType = keyof LiveEventJson & NonNullable<LiveEventValid['event']['case']>;

type CaseMessage<K extends LiveEventType> = Extract<LiveEventValid['event'], { case: K }>['value'];

/**
 * The JSON of a message as the gateway writes it (zero values written): a field may be absent
 * only when the proto says so (`optional`, or a message field without a `required` rule).
 */
type Emitted<Json, Msg> = {
  [K in keyof Json as undefined extends Msg[K & keyof Msg] ? K : never]?: Json[K];
} & {
  [K in keyof Json as undefined extends Msg[K & keyof Msg] ? never : K]-?: NonNullable<Json[K]>;
};

/** Each SSE event's `data:`: the proto3 JSON of its case's message. */
export type LiveEventDataMap = {
  [K in LiveEventType]: Emitted<NonNullable<LiveEventJson[K]>, CaseMessage<K>>;
};
