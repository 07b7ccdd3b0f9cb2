import { FieldError, Problem, PROBLEM_TYPE_BASE, statusTitle } from './problem';

export interface DomainErrorOptions {
  errors?: FieldError[];
  retryAfter?: number;
}

/**
 * An error the platform expects and explains: it carries a stable `code` (`<service>.<reason>`)
 * and an HTTP status, and crosses NATS unchanged so the gateway answers with the same problem.
 */
export class DomainError extends Error {
  readonly errors?: FieldError[];
  readonly retryAfter?: number;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    options: DomainErrorOptions = {},
  ) {
    super(detail);
    this.name = 'DomainError';
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
  }

  toProblem(): Problem {
    const problem: Problem = {
      type: PROBLEM_TYPE_BASE + this.code,
      title: statusTitle(this.status),
      status: this.status,
      detail: this.detail,
      code: this.code,
    };
    if (this.errors?.length) problem.errors = this.errors;
    if (this.retryAfter !== undefined) problem.retryAfter = this.retryAfter;
    return problem;
  }

  static fromProblem(problem: Problem): DomainError {
    return new DomainError(problem.status, problem.code, problem.detail, {
      errors: problem.errors,
      retryAfter: problem.retryAfter,
    });
  }
}

export const badRequest = (code: string, detail: string, errors?: FieldError[]) =>
  new DomainError(400, code, detail, { errors });
export const unprocessable = (code: string, detail: string, errors?: FieldError[]) =>
  new DomainError(422, code, detail, { errors });
export const unauthorized = (code: string, detail: string) => new DomainError(401, code, detail);
export const forbidden = (code: string, detail: string) => new DomainError(403, code, detail);
export const notFound = (code: string, detail: string) => new DomainError(404, code, detail);
export const conflict = (code: string, detail: string) => new DomainError(409, code, detail);
export const tooManyRequests = (code: string, detail: string, retryAfter: number) =>
  new DomainError(429, code, detail, { retryAfter });
