/** Every kind of notification, and whether it goes in-app and by email unless the user chose. */
export const NOTIFICATION_KINDS = {
  'security.password_changed': { inApp: true, email: true },
  'security.new_sign_in': { inApp: true, email: true },
  'security.session_revoked': { inApp: true, email: true },
  'cloud.account_verification_failed': { inApp: true, email: true },
  'cluster.run_started': { inApp: true, email: false },
  'cluster.run_succeeded': { inApp: true, email: false },
  'cluster.run_failed': { inApp: true, email: true },
  'cluster.run_cancelled': { inApp: true, email: false },
  'cluster.deleted': { inApp: true, email: false },
  'cluster.app_installed': { inApp: true, email: false },
  'cluster.app_install_failed': { inApp: true, email: true },
  'cluster.app_upgrade_failed': { inApp: true, email: true },
  'cluster.app_uninstall_failed': { inApp: true, email: true },
  'cluster.app_credentials_read': { inApp: true, email: true },
} as const satisfies Record<string, Channels>;

export interface Channels {
  inApp: boolean;
  email: boolean;
}

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export function isNotificationKind(kind: string): kind is NotificationKind {
  return Object.prototype.hasOwnProperty.call(NOTIFICATION_KINDS, kind);
}

/** The channels for one kind: the user's stored choice, else the kind's default. */
export function channelsFor(
  kind: NotificationKind,
  stored: ReadonlyMap<string, Channels>,
): Channels {
  const choice = stored.get(kind);
  return choice ? { inApp: choice.inApp, email: choice.email } : { ...NOTIFICATION_KINDS[kind] };
}

/** Every kind with its effective channels, in a stable order. */
export function allPreferences(
  stored: ReadonlyMap<string, Channels>,
): Array<Channels & { kind: NotificationKind }> {
  return (Object.keys(NOTIFICATION_KINDS) as NotificationKind[]).map((kind) => ({
    kind,
    ...channelsFor(kind, stored),
  }));
}
