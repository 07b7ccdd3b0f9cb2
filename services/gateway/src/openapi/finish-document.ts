import type { OpenAPIObject } from '@nestjs/swagger';
import { namedSchemas } from './json-schema';
import { PROBLEM_CODES, ProblemCode } from './problem-codes';
import { PAGE_PARAMETERS, SHARED_COMPONENTS } from './shared-components';

/** What reflection tells about a route (see build-document.ts). */
export interface RouteFacts {
  authenticated: boolean;
  uuidParams: string[];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the document is plain JSON being shaped. */
type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const UNSAFE = new Set(['put', 'post', 'delete', 'patch']);
const AUTH_CODES: ProblemCode[] = [
  'auth.unauthenticated',
  'auth.invalid_token',
  'auth.token_expired',
  'auth.session_revoked',
];
/** The body rules of the edge apply before routing: to any request that sends a body. */
const EDGE_BODY_CODES: ProblemCode[] = [
  'gateway.malformed_json',
  'gateway.unreadable_body',
  'gateway.payload_too_large',
  'gateway.unsupported_media_type',
];
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in, or the access token is not valid',
  403: 'Not allowed',
  404: 'No such resource',
  409: 'Conflicts with the current state',
  410: 'Gone',
  413: 'The body is too large',
  415: 'Not a JSON body',
  422: 'Invalid fields',
  429: 'Too many requests; see Retry-After',
  500: 'Unexpected server error',
  503: 'A service is unavailable; see Retry-After',
};

/** What each tag of operations is about. */
const TAG_DESCRIPTIONS: Record<string, string> = {
  Health: 'Liveness and readiness of the gateway',
  account: 'The signed-in user: who I am, my password, deleting my account',
  admin: 'Platform administration (platform admins)',
  apps: 'The data tools installed on a cluster, their runs and logs',
  'audit log': 'Who did what and when in an organization',
  auth: 'Signing up, in and out; tokens, CSRF, Google sign-in, signing keys',
  'cloud accounts': "An organization's cloud credentials (stored encrypted, shown masked)",
  clusters: "An organization's Kubernetes clusters, their runs, logs and kubeconfig",
  events: 'The Server-Sent Events stream',
  invitations: 'Inviting people into an organization',
  members: "An organization's members and their roles",
  notifications: 'My notifications and notification preferences',
  organizations: 'My organizations: creating, switching, leaving, deleting',
  profile: 'My username',
  sessions: 'My active sessions',
  'storage connectors': 'Buckets and containers that hold Terraform state',
};

/** Routes of the shared health module (libs/health), which carries no @Api of its own. */
const HEALTH_ANSWER = {
  description: 'Up',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } },
};
const HEALTH_CODES: Record<string, ProblemCode[]> = {
  Health_liveness: [],
  Health_readiness: ['gateway.unavailable'],
};

const FORMAT_LENGTH: Record<string, number> = {
  uuid: 36,
  'date-time': 35,
  email: 254,
  uri: 2048,
};
const INT32 = 2 ** 31;

/**
 * Bounds a reader can rely on, stated where zod leaves them implicit: the length a format
 * already limits a string to, and the width of an integer from its minimum and maximum.
 */
function boundSchemas(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(boundSchemas);
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  if (schema.type === 'string' && schema.maxLength === undefined && FORMAT_LENGTH[schema.format])
    schema.maxLength = FORMAT_LENGTH[schema.format];
  if (schema.type === 'integer' && schema.format === undefined) {
    const small =
      schema.minimum !== undefined &&
      schema.maximum !== undefined &&
      schema.minimum >= -INT32 &&
      schema.maximum < INT32;
    schema.format = small ? 'int32' : 'int64';
  }
  Object.values(schema).forEach(boundSchemas);
}

/** The problem codes of one route: those it declares and those the edge answers for it. */
function problemCodes(
  path: string,
  operation: Json,
  method: string,
  facts: RouteFacts | undefined,
): ProblemCode[] {
  const codes = new Set<ProblemCode>(operation['x-problem-codes'] ?? []);
  if (facts?.authenticated) AUTH_CODES.forEach((c) => codes.add(c));
  // A token whose holder left the organization the path names (the access-token guard).
  if (facts?.authenticated && path.startsWith('/api/v1/orgs/{'))
    codes.add('accounts.org_not_found');
  if (UNSAFE.has(method)) codes.add('gateway.csrf_invalid');
  EDGE_BODY_CODES.forEach((c) => codes.add(c));
  if (operation.requestBody) codes.add('gateway.validation_failed');
  // Every service refuses text with control characters in any request it is sent.
  codes.add('platform.invalid_text');
  if (facts?.uuidParams.length) codes.add('gateway.invalid_id');
  // A path segment that is not valid percent-encoding (Express cannot decode the parameter).
  if (path.includes('{')) codes.add('gateway.bad_request');
  if ((operation.parameters ?? []).some((p: Json) => p.in === 'query' || p.$ref))
    codes.add('gateway.invalid_query');
  codes.add('internal');
  codes.add('platform.service_unavailable');
  return [...codes];
}

function problemResponses(codes: ProblemCode[]): Json {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) {
    const status = PROBLEM_CODES[code];
    if (status < 400) continue; // a redirect's `error=` code, not a problem answer
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Json = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headers =
      status === 429 || status === 503
        ? { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } }
        : undefined;
    responses[String(status)] = {
      description: STATUS_TEXT[status] ?? 'Error',
      ...(headers && { headers }),
      content: {
        'application/problem+json': {
          schema: {
            allOf: [
              { $ref: '#/components/schemas/Problem' },
              { type: 'object', properties: { code: { type: 'string', enum: list.sort() } } },
            ],
          },
        },
      },
    };
  }
  return responses;
}

function finishParameters(operation: Json, facts: RouteFacts | undefined): void {
  const parameters: Json[] = operation.parameters ?? [];
  const finished: Json[] = [];
  for (const parameter of parameters) {
    if (parameter.in === 'query' && PAGE_PARAMETERS[parameter.name]) {
      finished.push({ $ref: `#/components/parameters/${PAGE_PARAMETERS[parameter.name]}` });
      continue;
    }
    const schema: Json = { ...parameter.schema };
    if (parameter.in === 'path' && facts?.uuidParams.includes(parameter.name)) {
      schema.format = 'uuid';
      schema.maxLength = 36;
    } else if (schema.type === 'string' && schema.maxLength === undefined && !schema.enum) {
      schema.maxLength = parameter.in === 'path' ? 100 : 200;
    }
    finished.push({
      ...parameter,
      // A query parameter or header is optional unless the route says so (Nest assumes required).
      required: parameter.in === 'path' ? true : parameter['x-required'] === true,
      schema,
    });
  }
  for (const p of finished) delete p['x-required'];
  if (finished.length) operation.parameters = finished;
}

function security(method: string, facts: RouteFacts | undefined): Json[] {
  if (!facts?.authenticated) return [];
  return UNSAFE.has(method)
    ? [{ bearer: [] }, { cookie: [], csrf: [] }]
    : [{ bearer: [] }, { cookie: [] }];
}

/**
 * Turns Nest's reading of the decorators into the contract: OpenAPI 3.1, security on every
 * operation, every problem answer with its codes, uuid path ids, pagination from components.
 */
export function finishDocument(raw: OpenAPIObject, facts: Map<string, RouteFacts>): OpenAPIObject {
  const document: Json = structuredClone(raw);
  document.openapi = '3.1.0';
  document.info = {
    ...document.info,
    license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    contact: { name: 'Strata', url: 'https://github.com/strata-platform/strata' },
  };
  document.servers = [
    {
      url: 'https://{host}',
      description: 'The gateway of an installation, production or local (its PUBLIC_URL)',
      'x-internal': false,
      variables: { host: { default: 'localhost:8080' } },
    },
  ];
  const schemas: Json = { ...SHARED_COMPONENTS.schemas, ...Object.fromEntries(namedSchemas) };
  document.components = {
    ...SHARED_COMPONENTS,
    schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
  };
  document.security = [{ bearer: [] }, { cookie: [] }];
  for (const [path, item] of Object.entries<Json>(document.paths)) {
    for (const method of METHODS) {
      const operation: Json | undefined = item[method];
      if (!operation) continue;
      const routeFacts = facts.get(operation.operationId);
      if (operation.operationId in HEALTH_CODES) {
        operation['x-problem-codes'] = HEALTH_CODES[operation.operationId];
        operation.responses = { '200': HEALTH_ANSWER };
        operation.summary ??=
          operation.operationId === 'Health_liveness' ? 'Liveness' : 'Readiness';
      }
      finishParameters(operation, routeFacts);
      operation.security = security(method, routeFacts);
      const codes = problemCodes(path, operation, method, routeFacts);
      delete operation['x-problem-codes'];
      const success: Json = {};
      for (const [status, response] of Object.entries<Json>(operation.responses ?? {})) {
        if (Number(status) < 400)
          success[status] = { ...response, description: response.description || 'Done' };
      }
      operation.responses = { ...success, ...problemResponses(codes) };
      if (!operation.tags?.length) operation.tags = [path.split('/')[3] ?? 'platform'];
    }
  }
  const tags = new Set<string>();
  for (const item of Object.values<Json>(document.paths))
    for (const method of METHODS) (item[method]?.tags ?? []).forEach((t: string) => tags.add(t));
  document.tags = [...tags].sort().map((name) => ({
    name,
    ...(TAG_DESCRIPTIONS[name] && { description: TAG_DESCRIPTIONS[name] }),
  }));
  boundSchemas(document.paths);
  boundSchemas(document.components.schemas);
  return document as OpenAPIObject;
}
