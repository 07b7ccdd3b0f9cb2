import { ErrorCode, NatsError } from 'nats';
import { DomainError } from '@strata/errors';
import { attemptsFor, isUnanswered } from './rpc-retry';

describe('which requests get a second try', () => {
  it('gives reads two tries and writes and slow requests one', () => {
    expect(attemptsFor('accounts.me.get')).toBe(2);
    expect(attemptsFor('notify.notification.list')).toBe(2);
    expect(attemptsFor('accounts.username.change')).toBe(1);
    expect(attemptsFor('auth.session.login')).toBe(1);
    expect(attemptsFor('cluster.cluster.create')).toBe(1);
  });

  it('retries only a request nobody answered, never an answer that was a problem', () => {
    expect(isUnanswered(new NatsError('timeout', ErrorCode.Timeout))).toBe(true);
    expect(isUnanswered(new NatsError('503', ErrorCode.NoResponders))).toBe(true);
    expect(isUnanswered(new DomainError(404, 'accounts.not_found', 'no'))).toBe(false);
    expect(isUnanswered(new Error('CONNECTION_CLOSED'))).toBe(false);
  });
});
