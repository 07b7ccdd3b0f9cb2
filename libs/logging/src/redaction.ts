/** Keys whose values never reach a log, at any of the first three levels of a log object. */
export const SECRET_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'secret',
  'clientSecret',
  'secretAccessKey',
  'sessionToken',
  'private_key',
  'keyJson',
  'key_json',
  'client_secret',
  'secret_access_key',
  'privateKey',
  'privateJwk',
  'authorization',
  'cookie',
  'set-cookie',
  'verificationUrl',
  'kubeconfig',
  // An OAuth authorization code; error codes are logged as `errorCode`, which stays visible.
  'authorizationCode',
];

export const REDACT_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((key) => {
    const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    const join = (prefix: string) =>
      safe.startsWith('[') ? `${prefix}${safe}` : `${prefix}.${safe}`;
    return [safe.startsWith('[') ? safe.slice(2, -2) : safe, join('*'), join('*.*')];
  }),
];

/** Keeps a URL's path and parameter names but not the values, which may be tokens. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  const names = [...new Set(params.keys())];
  return `${url.slice(0, queryStart)}?${names.map((name) => `${name}=[redacted]`).join('&')}`;
}
