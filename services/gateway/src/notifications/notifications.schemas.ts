import { z } from '@strata/config';
import { count, dateTime, id, pageOf, text } from '../openapi/schema-kit';

export const notification = z
  .object({
    id,
    orgId: id.nullable(),
    kind: text(64),
    title: text(500),
    body: text(5000),
    data: z.unknown(),
    createdAt: dateTime,
    readAt: dateTime.nullable(),
  })
  .meta({ id: 'Notification' });
export const notifications = pageOf(notification);
export const unreadCount = z.object({ unread: count });
export const marked = z.object({ marked: count, unread: count });
export const deleted = z.object({ deleted: count, unread: count });
export const preferences = z
  .object({
    items: z.array(z.object({ kind: text(64), inApp: z.boolean(), email: z.boolean() })).max(100),
  })
  .meta({ id: 'NotificationPreferences' });
