import { ErrorCode, NatsError } from 'nats';
import { DomainError, internalProblem } from '@strata/errors';
import { rpcFailure } from './rpc-failure';

const unavailable = { status: 503, code: 'platform.service_unavailable', retryAfter: 5 };

describe('what a failed request becomes', () => {
  it('keeps the problem the other side sent', () => {
    const back = rpcFailure('x.y.get', { ...internalProblem(), status: 404, code: 'x.nope' }, 1);
    expect(back).toBeInstanceOf(DomainError);
    expect(back).toMatchObject({ status: 404, code: 'x.nope' });
  });

  it('answers 503 with Retry-After past the deadline', () => {
    const error = new NatsError('timeout', ErrorCode.Timeout);
    expect(rpcFailure('auth.session.list', error, 3000)).toMatchObject({
      ...unavailable,
      detail: 'No answer to auth.session.list within 3000 ms.',
    });
  });

  it('answers 503 at once when no service is subscribed (NATS no responders)', () => {
    const error = new NatsError('503', ErrorCode.NoResponders);
    expect(rpcFailure('auth.session.list', error, 3000)).toMatchObject({
      ...unavailable,
      detail: 'No service is running that answers auth.session.list.',
    });
  });

  it('answers 503 while NATS is unreachable (Nest rejects with a bare string)', () => {
    for (const error of [
      'Error: Connection lost. Trying to reconnect...',
      Object.assign(new Error('closed'), { code: 'CONNECTION_CLOSED' }),
    ])
      expect(rpcFailure('auth.session.list', error, 3000)).toMatchObject(unavailable);
  });

  it('leaves any other error alone (a bug stays a 500)', () => {
    const bug = new TypeError('x is undefined');
    expect(rpcFailure('auth.session.list', bug, 3000)).toBe(bug);
  });
});
