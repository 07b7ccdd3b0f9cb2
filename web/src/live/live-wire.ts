// The events of GET /api/v1/events, typed from their one definition:
// proto/strata/gateway/v1/live_events.proto (LiveEvent), through the JSON types protoc-gen-es
// generates (`npm run generate -w proto`). Type imports only: no proto code reaches the bundle.
import type { AppNotification } from '../api/notifications';
import type {
  LiveEventDataMap,
  LiveEventType as WireEventType,
} from '../../../proto/src/live-event-types';

/** SSE `event:` names. */
export type LiveEventType = WireEventType;

/** Each event's `data:`. A field that can be absent is left out (never "" or null). */
export type LiveEventMap = LiveEventDataMap;

/** A cluster of the active organization changed state (`event: cluster`). */
export type ClusterPush = LiveEventMap['cluster'];
/** An app of the active organization changed state (`event: app`). */
export type AppPush = LiveEventMap['app'];
/** A new notification (`event: notification`). */
export type NotificationPush = LiveEventMap['notification'];
/** Run log lines of the followed cluster (`event: log`); `offset` is a byte offset. */
export type LogChunk = LiveEventMap['log'];

/** A pushed notification as the list holds it (the REST answer writes absent as null). */
export function pushedNotification(n: NotificationPush): AppNotification {
  return { ...n, orgId: n.orgId ?? null, readAt: n.readAt ?? null };
}
