import { api } from './client';
import { answer, typedApi } from './typed-client';

/** One kind's channels (docs/api.md, "Notifications and live events"). */
export interface Preference {
  kind: string;
  inApp: boolean;
  email: boolean;
}

export const getPreferences = () =>
  answer<{ items: Preference[] }>(typedApi.GET('/api/v1/me/notification-preferences')).then(
    (r) => r.items,
  );

// The document does not describe this request body yet (the generated type says none), so this
// call goes through the hand-written client until it does.
export const updatePreferences = (items: Preference[]) =>
  api<{ items: Preference[] }>('PUT', '/api/v1/me/notification-preferences', { items }).then(
    (r) => r.items,
  );
