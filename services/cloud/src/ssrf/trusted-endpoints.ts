/**
 * The SSRF allow-list. A GCP service-account key names URLs (token_uri, auth_uri, the cert
 * URLs); a key that points anywhere but Google's own hosts is refused, so an uploaded key cannot
 * make the service call into the cluster's network. Extra origins come only from the
 * environment (CLOUD_TRUSTED_ENDPOINTS, for tests and private clouds), never from a request.
 */

/** Google's hosts per key field (https, default port, no credentials in the URL). */
export const GOOGLE_KEY_HOSTS: Record<string, readonly string[]> = {
  token_uri: ['oauth2.googleapis.com', 'accounts.google.com'],
  auth_uri: ['accounts.google.com'],
  auth_provider_x509_cert_url: ['www.googleapis.com'],
  client_x509_cert_url: ['www.googleapis.com'],
};

export interface UntrustedEndpoint {
  field: string;
  reason: string;
}

/** Parses CLOUD_TRUSTED_ENDPOINTS ("http://127.0.0.1:4010,https://x.example") into origins. */
export function parseTrustedOrigins(spec: string): string[] {
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const url = new URL(entry);
      if (url.username || url.password) throw new Error('trusted endpoints carry no credentials');
      return url.origin;
    });
}

/** Whether `value` is a URL on one of `hosts` (https, port 443) or on an extra trusted origin. */
export function isTrustedUrl(
  value: string,
  hosts: readonly string[],
  extraOrigins: readonly string[] = [],
): { ok: true } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'carries credentials' };
  if (extraOrigins.includes(url.origin)) return { ok: true };
  if (url.protocol !== 'https:') return { ok: false, reason: 'is not https' };
  if (url.port !== '') return { ok: false, reason: 'names a port' };
  // URL lowercases the host and normalises IP forms, so an exact match is enough.
  if (!hosts.includes(url.hostname)) return { ok: false, reason: `is not on ${hosts.join(', ')}` };
  return { ok: true };
}

/** Every URL field of a GCP key that is present and not Google's (or trusted). */
export function untrustedGcpKeyEndpoints(
  key: Record<string, unknown>,
  extraOrigins: readonly string[] = [],
): UntrustedEndpoint[] {
  const problems: UntrustedEndpoint[] = [];
  for (const [field, hosts] of Object.entries(GOOGLE_KEY_HOSTS)) {
    const value = key[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      problems.push({ field, reason: 'is not a string' });
      continue;
    }
    const verdict = isTrustedUrl(value, hosts, extraOrigins);
    if (!verdict.ok) problems.push({ field, reason: verdict.reason });
  }
  const universe = key.universe_domain;
  if (universe !== undefined && universe !== 'googleapis.com')
    problems.push({ field: 'universe_domain', reason: 'is not googleapis.com' });
  return problems;
}
