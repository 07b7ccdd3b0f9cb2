import { api } from './client';

/** One kind's channels (docs/api.md, "Notifications and live events"). */
export interface Preference {
  kind: string;
  inApp: boolean;
  email: boolean;
}

const PATH = '/api/v1/me/notification-preferences';

export const getPreferences = () => api<{ items: Preference[] }>('GET', PATH).then((r) => r.items);

export const updatePreferences = (items: Preference[]) =>
  api<{ items: Preference[] }>('PUT', PATH, { items }).then((r) => r.items);
