/** An RFC 9457 problem as the gateway sends it (application/problem+json). */
export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail: string;
  errors?: FieldError[];
}

/** A failed API call: the problem, and Retry-After in seconds when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(problem.detail);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }

  /** The first message for each field, keyed by field name. */
  fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const { field, message } of this.problem.errors ?? []) byField[field] ??= message;
    return byField;
  }
}

/** Whatever was thrown, as an ApiError (network failures and bugs included). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({
    status: 0,
    code: 'web.unexpected',
    detail: error instanceof Error ? error.message : 'Something went wrong.',
  });
}
