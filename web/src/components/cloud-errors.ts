/**
 * What each verification failure code (docs/api.md, "Cloud accounts" and "Storage connectors")
 * means to the person who added the account or connector, and what to do about it.
 */
export const CLOUD_ERRORS: Record<string, string> = {
  'cloud.invalid_credentials':
    'The cloud refused these credentials: the key, secret, client or tenant is not one it knows. Check them for typing errors or create new ones.',
  'cloud.credentials_expired':
    'These credentials have expired (or the key was disabled). Create new ones in the cloud console and add them again.',
  'cloud.permission_denied':
    'The credentials work, but lack a permission the check needs. Give the user, role or service principal the permissions listed in the docs.',
  'cloud.subscription_not_found':
    'The Azure subscription is not among those this service principal can see. Check the subscription id, or give the principal a role on it.',
  'cloud.storage_not_found':
    'The bucket or container does not exist, or these credentials cannot see it. Check its name and region.',
  'cloud.unreachable':
    'The cloud could not be reached, or answered unexpectedly. Nothing is wrong with your input as far as we know: try again in a moment.',
  'cloud.untrusted_endpoint':
    "This key names a token or certificate address that is not Google's, so Strata will not use it. Download the key again from the Google Cloud console.",
  'cloud.invalid_key':
    'This file is not a Google service-account key: it needs a project, a client email and a private key. Download a JSON key for the service account.',
};

/** The words for a failure code; an unknown code still says what happened. */
export function cloudErrorText(code: string | null | undefined, fallback?: string): string {
  if (code && CLOUD_ERRORS[code]) return CLOUD_ERRORS[code];
  return fallback ?? 'The check failed. Try again, or check the credentials.';
}
