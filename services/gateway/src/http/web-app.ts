import { existsSync } from 'node:fs';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Paths the web app never answers: the API and the probes keep their own 404s. */
const RESERVED = ['/api', '/healthz', '/readyz'];

const isReserved = (p: string) =>
  RESERVED.some((prefix) => p === prefix || p.startsWith(`${prefix}/`));

/** web/dist of this repository (from services/gateway/dist/http), unless WEB_DIST_DIR says otherwise. */
export function webDistDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.WEB_DIST_DIR || path.resolve(__dirname, '../../../../web/dist');
}

/**
 * Serves the built React client at the API's origin: hashed files under /assets are cached for
 * good, everything else is revalidated, and a browser navigating to any other page path gets
 * index.html (the client routes on location.pathname). Without a build, logs once and serves
 * nothing.
 */
export function serveWebApp(app: NestExpressApplication, dir: string): void {
  const logger = new Logger('WebApp');
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) {
    logger.warn(`No web client at ${dir} (run "npm run build -w web"); serving the API only.`);
    return;
  }

  const assets = express.static(dir, {
    index: false,
    setHeaders: (res, file) => {
      const relative = path.relative(dir, file).split(path.sep).join('/');
      res.setHeader(
        'Cache-Control',
        relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) =>
    isReserved(req.path) ? next() : assets(req, res, next),
  );

  app.use((req: Request, res: Response, next: NextFunction) => {
    const wantsPage =
      (req.method === 'GET' || req.method === 'HEAD') &&
      !isReserved(req.path) &&
      (req.headers.accept ?? '').includes('text/html');
    if (!wantsPage) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index, { cacheControl: false }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  });
  logger.log(`Serving the web client from ${dir}`);
}
