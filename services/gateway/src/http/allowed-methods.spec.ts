import express from 'express';
import { allowedMethods, ExpressApp } from './allowed-methods';

describe('allowed methods of a path', () => {
  const app = express();
  app.post('/api/v1/auth/login', (_req, res) => res.end());
  app.get('/api/v1/orgs/:id', (_req, res) => res.end());
  app.patch('/api/v1/orgs/:id', (_req, res) => res.end());
  // Like the middleware Nest binds to every path and method.
  app.all('/{*path}', (_req, _res, next) => next());
  const router = app as unknown as ExpressApp;

  it('lists the methods of the routes of that path, HEAD beside GET', () => {
    expect(allowedMethods(router, '/api/v1/auth/login')).toEqual(['POST']);
    expect(allowedMethods(router, '/api/v1/orgs/42')).toEqual(['GET', 'HEAD', 'PATCH']);
  });

  it('is empty for a path no route has (middleware for every path does not count)', () => {
    expect(allowedMethods(router, '/api/v1/nothing')).toEqual([]);
  });
});
