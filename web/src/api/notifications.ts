import { api } from './client';

export interface AppNotification {
  id: string;
  orgId: string | null;
  kind: string;
  title: string;
  body: string;
  data: Record<string, string> | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: AppNotification[];
  nextCursor: string | null;
}

/** Every change answers the unread count right after it. */
interface Counted {
  unread: number;
}

export function listNotifications(options: { unread?: boolean; cursor?: string | null }) {
  const query = new URLSearchParams();
  if (options.unread) query.set('unread', 'true');
  if (options.cursor) query.set('cursor', options.cursor);
  const search = query.toString();
  return api<NotificationPage>('GET', `/api/v1/notifications${search ? `?${search}` : ''}`);
}

export const unreadCount = () =>
  api<Counted>('GET', '/api/v1/notifications/unread-count').then((r) => r.unread);

export const markRead = (id: string) =>
  api<Counted & { marked: number }>('POST', `/api/v1/notifications/${encodeURIComponent(id)}/read`);

export const markAllRead = () =>
  api<Counted & { marked: number }>('POST', '/api/v1/notifications/read', { all: true });

export const deleteNotification = (id: string) =>
  api<Counted & { deleted: number }>('DELETE', `/api/v1/notifications/${encodeURIComponent(id)}`);

export const deleteReadNotifications = () =>
  api<Counted & { deleted: number }>('DELETE', '/api/v1/notifications');
