/** Components every operation shares: the problem shape, paging, security schemes. */
export const SHARED_COMPONENTS = {
  securitySchemes: {
    bearer: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'An access token (an ES256 JWT, short-lived, checked as RFC8725 advises) from POST /api/v1/auth/login with client "api".',
    },
    cookie: {
      type: 'apiKey',
      in: 'cookie',
      name: '__Host-strata_at',
      description: 'The access-token cookie a browser sign-in sets (HttpOnly).',
    },
    csrf: {
      type: 'apiKey',
      in: 'header',
      name: 'X-CSRF-Token',
      description: 'With the cookie, on unsafe methods: the csrfToken of the sign-in answer.',
    },
  },
  parameters: {
    Limit: {
      name: 'limit',
      in: 'query',
      required: false,
      description: 'Page size of a cursor-paged list.',
      schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 100, default: 20 },
    },
    Cursor: {
      name: 'cursor',
      in: 'query',
      required: false,
      description: 'The nextCursor of the previous page; absent for the first page.',
      schema: { type: 'string', maxLength: 200 },
    },
  },
  headers: {
    RetryAfter: {
      description: 'Seconds to wait before trying again.',
      schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86400 },
    },
  },
  schemas: {
    FieldError: {
      type: 'object',
      properties: {
        field: { type: 'string', maxLength: 200 },
        message: { type: 'string', maxLength: 1000 },
      },
      required: ['field', 'message'],
      additionalProperties: false,
    },
    Problem: {
      type: 'object',
      description: 'An RFC 9457 problem document with a stable code.',
      properties: {
        type: { type: 'string', format: 'uri', maxLength: 200 },
        title: { type: 'string', maxLength: 100 },
        status: { type: 'integer', minimum: 400, maximum: 599 },
        detail: { type: 'string', maxLength: 2000 },
        code: { type: 'string', maxLength: 100 },
        errors: {
          type: 'array',
          maxItems: 100,
          items: { $ref: '#/components/schemas/FieldError' },
        },
        retryAfter: { type: 'integer', minimum: 0, maximum: 86400 },
        instance: { type: 'string', maxLength: 2000 },
      },
      required: ['type', 'title', 'status', 'detail', 'code'],
      additionalProperties: false,
    },
    Health: {
      type: 'object',
      description: 'Terminus health: each check of the service up or down.',
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: { $ref: '#/components/schemas/HealthChecks' },
        error: { $ref: '#/components/schemas/HealthChecks' },
        details: { $ref: '#/components/schemas/HealthChecks' },
      },
      required: ['status'],
      additionalProperties: false,
    },
    HealthChecks: {
      type: 'object',
      maxProperties: 20,
      additionalProperties: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: ['up', 'down'] },
          message: { type: 'string', maxLength: 1000 },
        },
        required: ['status'],
        additionalProperties: false,
      },
    },
  } as Record<string, unknown>,
};

/** Query parameters of cursor paging, described once in components.parameters. */
export const PAGE_PARAMETERS: Record<string, string> = { limit: 'Limit', cursor: 'Cursor' };
