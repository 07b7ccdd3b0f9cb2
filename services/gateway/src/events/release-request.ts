import type { EventEmitter } from 'node:events';

/**
 * What a request and its response carry that a long-lived response (an event stream, once
 * established) no longer needs, while its socket keeps both reachable: the verified principal
 * (the stream keeps its ids), the per-request loggers (the stream's owner writes the
 * completion line, see detachRequestLog), parsed cookies, body, URL, route and the router's `next` (Express; its closure keeps the
 * router's state for the request). Node's own fields and pino-http's symbols
 * stay. Set to undefined, not deleted: the objects keep their shape (a delete would turn them
 * into slower, larger dictionaries).
 */
export const RELEASED_REQUEST_FIELDS = [
  'principal',
  'log',
  'allLogs',
  'cookies',
  'signedCookies',
  'body',
  'params',
  'route',
  'next',
  '_parsedUrl',
  '_parsedOriginalUrl',
] as const;
export const RELEASED_RESPONSE_FIELDS = ['log', 'allLogs', 'locals'] as const;

export function releaseRequest(req: object, res: object): void {
  release(req, RELEASED_REQUEST_FIELDS);
  release(res, RELEASED_RESPONSE_FIELDS);
  releaseHeaders(req);
}

/**
 * The request's header strings (Authorization, Cookie, User-Agent…: a kilobyte or more from a
 * browser), read by the guard and the handler before the stream is established and by no one
 * after: Node keeps them twice referenced (`rawHeaders` and the `headers` object built from it).
 * Replaced by empty ones, so a late reader finds no header rather than a crash.
 */
function releaseHeaders(req: object): void {
  const record = req as { rawHeaders?: string[]; headers?: object };
  if (!Array.isArray(record.rawHeaders)) return;
  record.rawHeaders = [];
  record.headers = {};
}

function release(target: object, fields: readonly string[]): void {
  const record = target as Record<string, unknown>;
  for (const field of fields) if (Object.hasOwn(record, field)) record[field] = undefined;
}

/** The name of pino-http's per-response listener (its closure holds the request's logger). */
const PINO_HTTP_COMPLETION = 'onResponseComplete';

/**
 * Takes pino-http's completion listeners off a long-lived response: they keep the request's
 * child logger (its bindings and bound level functions) for the stream's whole life, only to
 * write one line at its end, which the stream's owner then writes itself. True when removed.
 */
export function detachRequestLog(res: EventEmitter): boolean {
  let removed = false;
  for (const event of ['close', 'finish', 'error'])
    for (const listener of res.listeners(event))
      if ((listener as { name?: string }).name === PINO_HTTP_COMPLETION) {
        res.removeListener(event, listener as (...args: unknown[]) => void);
        removed = true;
      }
  return removed;
}
