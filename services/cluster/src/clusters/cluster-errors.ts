import { unprocessable, type FieldError } from '@strata/errors';

/** 422 cluster.validation_failed with the field errors. */
export const validationFailed = (errors: FieldError[]) =>
  unprocessable('cluster.validation_failed', 'The cluster request has invalid fields.', errors);
