import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiExtension, ApiOperation, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { z } from '@strata/config';
import { jsonSchema, outputSchema } from './json-schema';
import type { ProblemCode } from './problem-codes';

/** What one route promises: the contract the OpenAPI document states for it. */
export interface ApiSpec {
  summary: string;
  description?: string;
  /** The query parameters the route reads, as the zod object that checks them (each optional). */
  query?: z.ZodObject;
  /** The body the route takes (the same zod schema validates it). */
  body?: z.ZodType;
  /** The success status (defaults to Nest's: 201 for POST, 200 otherwise, or @HttpCode). */
  status: number;
  /** The success body; omitted for an empty answer (204, or a redirect). */
  ok?: z.ZodType | { $ref: string };
  /** Media type of the success body when not JSON (e.g. text/event-stream, application/yaml). */
  media?: string;
  /** The problem codes this route itself answers (the edge's own are added for every route). */
  errors?: readonly ProblemCode[];
  /** Headers of the success answer (name: description). */
  headers?: Record<string, string>;
}

/** One decorator per route: summary, body, success answer and problem codes. */
export function Api(spec: ApiSpec): MethodDecorator {
  const decorators: MethodDecorator[] = [
    ApiOperation({ summary: spec.summary, description: spec.description }),
  ];
  if (spec.query) {
    const { properties = {}, required = [] } = jsonSchema(spec.query) as {
      properties?: Record<string, object & { description?: string }>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(properties))
      decorators.push(
        ApiQuery({
          name,
          required: required.includes(name),
          schema,
          ...(schema.description && { description: schema.description }),
        }),
      );
  }
  // The body may be left out when an empty one is valid (ZodBody reads a missing body as {}).
  if (spec.body)
    decorators.push(
      ApiBody({ schema: jsonSchema(spec.body), required: !spec.body.safeParse({}).success }),
    );
  const schema =
    spec.ok === undefined ? undefined : '$ref' in spec.ok ? spec.ok : outputSchema(spec.ok);
  decorators.push(
    ApiResponse({
      status: spec.status,
      description: spec.summary,
      ...(spec.headers && {
        headers: Object.fromEntries(
          Object.entries(spec.headers).map(([name, description]) => [
            name,
            { description, schema: { type: 'string', maxLength: 4096 } },
          ]),
        ),
      }),
      ...(schema && { content: { [spec.media ?? 'application/json']: { schema } } }),
    }),
  );
  decorators.push(ApiExtension('x-problem-codes', [...(spec.errors ?? [])]));
  return applyDecorators(...decorators) as MethodDecorator;
}
