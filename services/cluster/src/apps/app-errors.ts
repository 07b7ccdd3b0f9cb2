import { conflict, notFound, unprocessable, type FieldError } from '@strata/errors';

/** 422 cluster.app_validation_failed, one error per field (`settings.<name>`, `catalogId`, …). */
export const appValidationFailed = (errors: FieldError[]) =>
  unprocessable('cluster.app_validation_failed', 'The app request has invalid fields.', errors);

export const appNotFound = () => notFound('cluster.app_not_found', 'No such app on this cluster.');

export const appInvalidState = (what: string, state: string) =>
  conflict('cluster.app_invalid_state', `${what} (the app is ${state}).`);

/** Parses a JSON object sent as text ("" = absent); a field error otherwise. */
export function parseSettingsJson(
  text: string | undefined,
): { ok: true; value: unknown } | { ok: false; error: FieldError } {
  if (text === undefined || text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: { field: 'settings', message: 'Must be a JSON object.' } };
  }
}
