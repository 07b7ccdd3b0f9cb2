import { answer, typedApi, type Schema } from './typed-client';

/** One kind's channels (docs/api.md, "Notifications and live events"). */
export type Preference = Schema<'NotificationPreferences'>['items'][number];

export const getPreferences = () =>
  answer(typedApi.GET('/api/v1/me/notification-preferences')).then((r) => r.items);

export const updatePreferences = (items: Preference[]) =>
  answer(typedApi.PUT('/api/v1/me/notification-preferences', { body: { items } })).then(
    (r) => r.items,
  );
