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

/**
 * Every key censored at the first three levels of a log line: the secret keys and the request
 * and response headers that carry credentials (`req.headers.authorization` is level 3).
 */
export const REDACTED_KEYS: string[] = [...SECRET_KEYS, 'x-csrf-token'];

/** Keeps a URL's path and parameter names but not the values, which may be tokens. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  const names = [...new Set(params.keys())];
  return `${url.slice(0, queryStart)}?${names.map((name) => `${name}=[redacted]`).join('&')}`;
}
