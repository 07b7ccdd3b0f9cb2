import createClient from 'openapi-fetch';
import { ApiError } from './problem';
import { asProblem, fetchWithSession, origin, retryAfter } from './client';
import type { components, paths } from './generated/strata';

/**
 * The API client generated from the OpenAPI document (openapi/strata.openapi.json →
 * src/api/generated/strata.ts by openapi-typescript at build): paths, parameters, request bodies
 * and answers are checked against the document at compile time.
 */
export const typedApi = createClient<paths>({
  baseUrl: origin,
  fetch: fetchWithSession,
});

/** A schema of the document's components, by name. */
export type Schema<K extends keyof components['schemas']> = components['schemas'][K];

interface Outcome {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The answer's body as the document types it, or the problem as an ApiError. */
export async function answer<R extends Outcome>(
  call: Promise<R>,
): Promise<Exclude<R['data'], undefined>> {
  let outcome: R;
  try {
    outcome = await call;
  } catch (caught) {
    if (caught instanceof ApiError) throw caught;
    throw new ApiError({
      status: 0,
      code: 'web.network',
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
  const { data, error, response } = outcome;
  if (response.ok) return data as Exclude<R['data'], undefined>;
  throw new ApiError(asProblem(response.status, error), retryAfter(response));
}

/** An answer without a body (204), or the problem as an ApiError. */
export async function done(call: Promise<Outcome>): Promise<void> {
  await answer(call);
}
