import type { OpenAPIObject } from '@nestjs/swagger';
import { finishDocument, RouteFacts } from './finish-document';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading plain JSON back. */
const raw = (): OpenAPIObject =>
  ({
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/api/v1/orgs/{orgId}/things': {
        get: {
          operationId: 'Things_list',
          parameters: [
            { name: 'orgId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'limit', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'cursor', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'q', in: 'query', required: true, schema: { type: 'string' } },
          ],
          responses: { '200': { description: '' } },
          'x-problem-codes': ['cluster.not_found'],
        },
        post: {
          operationId: 'Things_create',
          parameters: [{ name: 'orgId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '201': { description: 'made' } },
          'x-problem-codes': [],
        },
      },
      '/api/v1/auth/login': {
        post: {
          operationId: 'Auth_login',
          responses: { '200': { description: 'in' } },
          'x-problem-codes': ['auth.too_many_attempts'],
        },
      },
    },
    components: {},
  }) as unknown as OpenAPIObject;

const facts = new Map<string, RouteFacts>([
  ['Things_list', { authenticated: true, uuidParams: ['orgId'] }],
  ['Things_create', { authenticated: true, uuidParams: ['orgId'] }],
  ['Auth_login', { authenticated: false, uuidParams: [] }],
]);
const codes = (operation: any, status: string): string[] =>
  operation.responses[status].content['application/problem+json'].schema.allOf[1].properties.code
    .enum;

describe('finishDocument', () => {
  const document = finishDocument(raw(), facts) as any;
  const list = document.paths['/api/v1/orgs/{orgId}/things'].get;
  const create = document.paths['/api/v1/orgs/{orgId}/things'].post;
  const login = document.paths['/api/v1/auth/login'].post;

  it('is OpenAPI 3.1 with security on every operation: CSRF with the cookie on unsafe ones', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(list.security).toEqual([{ bearer: [] }, { cookie: [] }]);
    expect(create.security).toEqual([{ bearer: [] }, { cookie: [], csrf: [] }]);
    expect(login.security).toEqual([]);
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
      'bearer',
      'cookie',
      'csrf',
    ]);
  });

  it("answers every problem with the codes of its status: the route's and the edge's", () => {
    expect(codes(list, '404')).toEqual(['accounts.org_not_found', 'cluster.not_found']);
    expect(codes(list, '401')).toContain('auth.token_expired');
    expect(codes(list, '400')).toEqual(
      expect.arrayContaining(['gateway.invalid_id', 'gateway.invalid_query']),
    );
    expect(codes(create, '422')).toEqual(['gateway.validation_failed', 'platform.invalid_text']);
    expect(codes(create, '403')).toEqual(['gateway.csrf_invalid']);
    expect(login.responses['401']).toBeUndefined();
    expect(codes(login, '429')).toEqual(['auth.too_many_attempts']);
    expect(login.responses['429'].headers['Retry-After']).toBeDefined();
    expect(list['x-problem-codes']).toBeUndefined();
  });

  it('marks checked ids uuid, makes query parameters optional and pages from components', () => {
    const [orgId, ...rest] = list.parameters;
    expect(orgId.schema).toMatchObject({ type: 'string', format: 'uuid', maxLength: 36 });
    expect(rest.slice(0, 2)).toEqual([
      { $ref: '#/components/parameters/Limit' },
      { $ref: '#/components/parameters/Cursor' },
    ]);
    expect(rest[2]).toMatchObject({ name: 'q', required: false, schema: { maxLength: 200 } });
    expect(document.components.parameters.Limit.schema).toMatchObject({ maximum: 100 });
  });
});
