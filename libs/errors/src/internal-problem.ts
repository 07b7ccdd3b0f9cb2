import { Problem, PROBLEM_TYPE_BASE } from './problem';

/** What leaves the platform for an unexpected failure: no message, no stack. */
export function internalProblem(): Problem {
  return {
    type: PROBLEM_TYPE_BASE + 'internal',
    title: 'Internal Server Error',
    status: 500,
    detail: 'An unexpected error occurred. It has been logged.',
    code: 'internal',
  };
}
