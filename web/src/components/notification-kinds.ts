/** Each notification kind in words, grouped as the preferences page shows them. */
export const KIND_LABELS: Record<string, { group: string; label: string }> = {
  'security.new_sign_in': { group: 'Security', label: 'A new sign-in to your account' },
  'security.password_changed': { group: 'Security', label: 'Your password was changed' },
  'security.session_revoked': { group: 'Security', label: 'One of your sessions was ended' },
  'cloud.account_verification_failed': {
    group: 'Cloud accounts',
    label: 'A cloud account failed its check',
  },
  'cluster.run_started': { group: 'Clusters', label: 'A cluster run started' },
  'cluster.run_succeeded': { group: 'Clusters', label: 'A cluster run succeeded' },
  'cluster.run_failed': { group: 'Clusters', label: 'A cluster run failed' },
  'cluster.run_cancelled': { group: 'Clusters', label: 'A cluster run was cancelled' },
  'cluster.deleted': { group: 'Clusters', label: 'A cluster was deleted' },
  'cluster.app_installed': { group: 'Apps', label: 'An app was installed' },
  'cluster.app_install_failed': { group: 'Apps', label: 'An app failed to install' },
  'cluster.app_upgrade_failed': { group: 'Apps', label: 'An app failed to upgrade' },
  'cluster.app_uninstall_failed': { group: 'Apps', label: 'An app failed to uninstall' },
  'cluster.app_credentials_read': {
    group: 'Apps',
    label: "Someone read an app's admin credentials",
  },
};

export const kindLabel = (kind: string) => KIND_LABELS[kind]?.label ?? kind;
export const kindGroup = (kind: string) => KIND_LABELS[kind]?.group ?? 'Other';
