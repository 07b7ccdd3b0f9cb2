import { PipeTransform } from '@nestjs/common';
import { z } from '@strata/config';
import { unprocessable } from '@strata/errors';

/** Validates a request body at the edge: 422 with one error per field, and nothing else runs. */
export class ZodBody<S extends z.ZodType> implements PipeTransform {
  constructor(readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    throw unprocessable(
      'gateway.validation_failed',
      'The request has invalid or missing fields.',
      result.error.issues.map((issue) => ({
        field: issue.path.join('.') || '(body)',
        message: issue.message,
      })),
    );
  }
}
