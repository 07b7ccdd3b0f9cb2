import { answer, typedApi, type Schema } from './typed-client';

export type AppNotification = Schema<'Notification'>;

export const listNotifications = (options: { unread?: boolean; cursor?: string | null }) =>
  answer(
    typedApi.GET('/api/v1/notifications', {
      params: {
        query: {
          ...(options.unread ? { unread: 'true' as const } : {}),
          ...(options.cursor ? { cursor: options.cursor } : {}),
        },
      },
    }),
  );
export type NotificationPage = Awaited<ReturnType<typeof listNotifications>>;

/** Every change answers the unread count right after it. */
export const unreadCount = () =>
  answer(typedApi.GET('/api/v1/notifications/unread-count')).then((r) => r.unread);

export const markRead = (id: string) =>
  answer(typedApi.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));

export const markAllRead = () =>
  answer(typedApi.POST('/api/v1/notifications/read', { body: { all: true } }));

export const deleteNotification = (id: string) =>
  answer(typedApi.DELETE('/api/v1/notifications/{id}', { params: { path: { id } } }));

export const deleteReadNotifications = () => answer(typedApi.DELETE('/api/v1/notifications'));
