import type { Request } from 'express';

/** The caller's address (after trusted proxies) and a bounded user agent. */
export function clientInfo(req: Request): { ip: string; userAgent: string } {
  const raw = req.ip ?? req.socket.remoteAddress ?? '0.0.0.0';
  const ip = raw.startsWith('::ffff:') ? raw.slice(7) : raw;
  const userAgent = String(req.headers['user-agent'] ?? '').slice(0, 512);
  return { ip, userAgent };
}
