import { PipeTransform } from '@nestjs/common';
import { z } from '@strata/config';
import { FieldError, unprocessable } from '@strata/errors';
import { controlCharacterViolations } from '@strata/proto';

/**
 * Validates a request body at the edge: 422 with one error per field, and nothing else runs.
 * Text with control characters is refused in every field (tabs and line breaks only in fields
 * of multi-line text, see proto/src/control-characters.ts), whatever the schema says.
 */
export class ZodBody<S extends z.ZodType> implements PipeTransform {
  constructor(readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const textErrors = controlCharacterViolations(value);
    const result = this.schema.safeParse(value ?? {});
    if (result.success && textErrors.length === 0) return result.data;
    const schemaErrors: FieldError[] = result.success
      ? []
      : result.error.issues.map((issue) => ({
          field: issue.path.join('.') || '(body)',
          message: issue.message,
        }));
    const reported = new Set(textErrors.map((e) => e.field));
    throw unprocessable('gateway.validation_failed', 'The request has invalid or missing fields.', [
      ...textErrors,
      ...schemaErrors.filter((e) => !reported.has(e.field)),
    ]);
  }
}
