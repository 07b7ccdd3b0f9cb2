import { z } from '@strata/config';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * Schemas given a name with zod's `.meta({ id })`: each is written once, in
 * components.schemas, and referenced from every operation that uses it.
 */
export const namedSchemas = new Map<string, SchemaObject>();

const toComponents = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(toComponents);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === '$ref' && typeof inner === 'string'
          ? inner.replace('#/$defs/', '#/components/schemas/')
          : toComponents(inner),
      ]),
    );
  return value;
};

function convert(schema: z.ZodType, io: 'input' | 'output'): SchemaObject {
  const {
    $schema: _ignored,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, SchemaObject>))
    namedSchemas.set(name, toComponents(def) as SchemaObject);
  return toComponents(rest) as SchemaObject;
}

/** The OpenAPI body schema of a zod DTO: the same definition validates and documents. */
export function jsonSchema(schema: z.ZodType): SchemaObject {
  return convert(schema, 'input');
}

/** The OpenAPI schema of an answer described in zod. */
export function outputSchema(schema: z.ZodType): SchemaObject {
  return convert(schema, 'output');
}
