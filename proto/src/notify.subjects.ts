import type { DescMessage } from '@bufbuild/protobuf';
import { EmailFailedSchema, EmailSentSchema } from './gen/strata/notify/v1/events_pb';
import {
  DeleteNotificationsReplySchema,
  DeleteNotificationsRequestSchema,
  EventsSinceReplySchema,
  EventsSinceRequestSchema,
  GetPreferencesRequestSchema,
  GetUnreadCountRequestSchema,
  ListNotificationsReplySchema,
  ListNotificationsRequestSchema,
  MarkReadReplySchema,
  MarkReadRequestSchema,
  PreferencesSchema,
  UnreadCountSchema,
  UpdatePreferencesRequestSchema,
} from './gen/strata/notify/v1/notifications_pb';
import { contract, type RequestContract } from './contract';

/** Requests answered by services/notify, always about the caller (the forwarded token's user). */
export const notifyRequests = {
  'notify.notification.list': contract(
    ListNotificationsRequestSchema,
    ListNotificationsReplySchema,
  ),
  'notify.notification.count': contract(GetUnreadCountRequestSchema, UnreadCountSchema),
  'notify.notification.mark_read': contract(MarkReadRequestSchema, MarkReadReplySchema),
  'notify.notification.delete': contract(
    DeleteNotificationsRequestSchema,
    DeleteNotificationsReplySchema,
  ),
  'notify.preferences.get': contract(GetPreferencesRequestSchema, PreferencesSchema),
  'notify.preferences.update': contract(UpdatePreferencesRequestSchema, PreferencesSchema),
  'notify.events.since': contract(EventsSinceRequestSchema, EventsSinceReplySchema),
} as const satisfies Record<string, RequestContract>;

/** Events emitted by services/notify. */
export const notifyEvents = {
  'evt.notify.email.sent': EmailSentSchema,
  'evt.notify.email.failed': EmailFailedSchema,
} as const satisfies Record<string, DescMessage>;
