import { DomainError } from '@strata/errors';
import { HashGate } from '../passwords/hash-gate';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionsService } from './sessions.service';

describe('SessionsService.login under a full hashing queue', () => {
  it('answers 503 auth.busy before any throttle or user read (a refusal costs no statement)', async () => {
    const gate = new HashGate({ concurrency: 1, queue: 0, maxWaitMs: 60_000 });
    let finishRunning!: () => void;
    const running = gate.run(() => new Promise<void>((resolve) => (finishRunning = resolve)));
    const reads: string[] = [];
    const limiter = {
      assertLoginAllowed: async () => {
        reads.push('throttle');
        return { accountHasFailures: false };
      },
    };
    const logins = {
      userByEmail: async () => {
        reads.push('user');
        return null;
      },
    };
    const service = new SessionsService(
      {} as never,
      new PasswordHasher(gate),
      limiter as never,
      {} as never,
      {} as never,
      logins as never,
    );
    const refusal = await service
      .login('someone@example.com', 'a-password-1', { ip: '192.0.2.1' } as never)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).code).toBe('auth.busy');
    expect((refusal as DomainError).retryAfter).toBeGreaterThan(0);
    expect(reads).toEqual([]);
    finishRunning();
    await running;
  });
});
