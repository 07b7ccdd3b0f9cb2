import createClient from 'openapi-fetch';
import { ApiError } from './problem';
import { asProblem, fetchWithSession, retryAfter } from './client';
import type { paths } from './generated/strata';

/**
 * The API client generated from the OpenAPI document (openapi/strata.openapi.json →
 * src/api/generated/strata.ts by openapi-typescript at build): paths, parameters and request
 * bodies are checked against the document at compile time.
 */
export const typedApi = createClient<paths>({
  baseUrl: window.location.origin,
  fetch: fetchWithSession,
});

interface Outcome {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * The answer's body as `T`, or the problem as an ApiError. (`T` is the page's own view of the
 * answer until the document describes the success bodies; the requests are typed already.)
 */
export async function answer<T>(call: Promise<Outcome>): Promise<T> {
  let outcome: Outcome;
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
  if (response.ok) return data as T;
  throw new ApiError(asProblem(response.status, error), retryAfter(response));
}
