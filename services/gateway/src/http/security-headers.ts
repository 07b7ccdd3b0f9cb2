import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

const directives = { 'img-src': ["'self'", 'data:'], 'script-src': ["'self'"] };

/**
 * Features the web client never uses, turned off for the page and anything it embeds.
 * https://www.w3.org/TR/permissions-policy/ (structured header: `feature=()` allows no origin).
 */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
  'browsing-topics',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/**
 * Helmet's headers, a Permissions-Policy, and a Content-Security-Policy whose
 * `upgrade-insecure-requests` is only sent to a request that came over TLS (directly, or through
 * a trusted proxy's X-Forwarded-Proto): over plain HTTP it would send the page's own assets to an
 * https:// that does not answer, and the page would render blank.
 */
export function securityHeaders(): RequestHandler {
  const common = helmet({ contentSecurityPolicy: false });
  const overTls = helmet.contentSecurityPolicy({ directives });
  const overHttp = helmet.contentSecurityPolicy({
    directives: { ...directives, 'upgrade-insecure-requests': null },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    common(req, res, (err?: unknown) => {
      if (err) return next(err);
      (req.secure ? overTls : overHttp)(req, res, next);
    });
  };
}

/**
 * API answers carry the caller's data: no shared or browser cache may keep them. A handler that
 * means to be cached (the JWKS) sets its own Cache-Control, which replaces this one.
 */
export function noStoreForApi(req: Request, res: Response, next: NextFunction): void {
  if (req.path === '/api' || req.path.startsWith('/api/'))
    res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * Headers that only mean something on a document (a page the browser renders, runs scripts in,
 * frames or opens windows from): an event stream, a text/event-stream response read by
 * EventSource, has no use for them, and Node keeps each open response's header block in memory
 * for the response's whole life (hours, for a stream).
 */
export const DOCUMENT_ONLY_HEADERS = [
  'Permissions-Policy',
  'Cross-Origin-Opener-Policy',
  'Origin-Agent-Cluster',
  'Referrer-Policy',
  'X-DNS-Prefetch-Control',
  'X-Download-Options',
  'X-Permitted-Cross-Domain-Policies',
  'X-XSS-Protection',
] as const;

/**
 * The policy of a response that is not a document: it may load nothing and be framed by no one
 * (OWASP's REST security headers). Replaces the page's longer policy on an event stream.
 */
export const NON_DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Turns the security headers set for every answer into an event stream's: without the
 * document-only ones, with the non-document CSP. What stays: X-Content-Type-Options nosniff,
 * Strict-Transport-Security, Cross-Origin-Resource-Policy, X-Frame-Options, the request id,
 * and the stream's own Cache-Control.
 */
export function eventStreamSecurityHeaders(res: Response): void {
  for (const name of DOCUMENT_ONLY_HEADERS) res.removeHeader(name);
  res.setHeader('Content-Security-Policy', NON_DOCUMENT_CSP);
}
