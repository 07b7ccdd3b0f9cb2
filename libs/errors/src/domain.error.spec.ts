import { DomainError, tooManyRequests, unprocessable } from './domain.error';
import { isProblem } from './problem';

describe('DomainError', () => {
  it('becomes an RFC 9457 problem with its stable code', () => {
    const problem = unprocessable('auth.invalid_input', 'Check the fields.', [
      { field: 'email', message: 'must be an email' },
    ]).toProblem();
    expect(problem).toEqual({
      type: 'https://strata.dev/problems/auth.invalid_input',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'Check the fields.',
      code: 'auth.invalid_input',
      errors: [{ field: 'email', message: 'must be an email' }],
    });
  });

  it('survives a round trip through a problem (as over NATS)', () => {
    const original = tooManyRequests('auth.too_many_attempts', 'Slow down.', 30);
    const wire = JSON.parse(JSON.stringify(original.toProblem()));
    expect(isProblem(wire)).toBe(true);
    const back = DomainError.fromProblem(wire);
    expect(back).toMatchObject({ status: 429, code: 'auth.too_many_attempts', retryAfter: 30 });
  });

  it('does not mistake an arbitrary object for a problem', () => {
    expect(isProblem({ message: 'boom' })).toBe(false);
    expect(isProblem(null)).toBe(false);
  });
});
