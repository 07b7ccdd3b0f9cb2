import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express from 'express';
import { CsrfProtection } from '../auth/csrf-protection';
import { GatewayConfig } from '../config';
import { setupOpenApi } from '../openapi/openapi';
import { bodyErrors, requireJsonBody } from './body-errors.middleware';
import { noStoreForApi, securityHeaders } from './security-headers';
import { traceRequests } from './trace-requests.middleware';
import { serveWebApp, webDistDir } from './web-app';

/** The gateway's HTTP edge, in order: headers, proxies, body rules, cookies, CSRF, docs. */
export function configureHttp(nest: INestApplication, config: GatewayConfig): void {
  const app = nest as NestExpressApplication;
  // Only the configured proxies may say who the client is (or that it came over TLS).
  app.set('trust proxy', config.TRUSTED_PROXIES);
  app.disable('x-powered-by');
  app.use(traceRequests);
  app.use(securityHeaders());
  app.use(noStoreForApi);
  app.use(requireJsonBody);
  // strict: false lets any JSON value through to validation, which answers 422 for a non-object.
  app.use(express.json({ limit: config.BODY_LIMIT, strict: false }));
  app.use(bodyErrors);
  app.use(cookieParser());
  app.use(app.get(CsrfProtection).middleware);
  setupOpenApi(app);
  serveWebApp(app, webDistDir());
}
