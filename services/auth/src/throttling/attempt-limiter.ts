import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { poolConfigFor } from '@strata/database';
import { tooManyRequests } from '@strata/errors';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { AUTH_SCHEMA } from '../database/prisma.service';

/**
 * Counters of failed logins (per account and per IP), of sign-ups per IP and of verification
 * resends, kept in
 * PostgreSQL so every auth replica sees the same numbers. The table is created by a migration.
 */
@Injectable()
export class AttemptLimiter implements OnModuleDestroy {
  private readonly pool: Pool;
  private readonly loginByAccount: RateLimiterPostgres;
  private readonly loginByIp: RateLimiterPostgres;
  private readonly resendByEmail: RateLimiterPostgres;
  private readonly signupByIp: RateLimiterPostgres;
  private readonly resetByAccount: RateLimiterPostgres;
  private readonly resetByIp: RateLimiterPostgres;

  constructor(@Inject(AUTH_CONFIG) config: AuthConfig) {
    this.pool = new Pool({ ...poolConfigFor(config.DATABASE_URL, AUTH_SCHEMA), max: 4 });
    const common = {
      storeClient: this.pool,
      storeType: 'pool',
      schemaName: AUTH_SCHEMA,
      tableName: 'attempt_counters',
      tableCreated: true,
      clearExpiredByTimeout: false,
    };
    const window = config.AUTH_LOGIN_BLOCK_SECONDS;
    this.loginByAccount = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'login-account',
      points: config.AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT,
      duration: window,
      blockDuration: window,
    });
    this.loginByIp = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'login-ip',
      points: config.AUTH_LOGIN_MAX_FAILURES_PER_IP,
      duration: window,
      blockDuration: window,
    });
    this.resendByEmail = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'resend',
      points: config.AUTH_RESEND_MAX_PER_HOUR,
      duration: 3600,
    });
    this.signupByIp = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'signup-ip',
      points: config.AUTH_SIGNUP_MAX_PER_IP,
      duration: config.AUTH_SIGNUP_WINDOW_SECONDS,
    });
    this.resetByAccount = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'reset-account',
      points: config.AUTH_PASSWORD_RESET_MAX_PER_ACCOUNT,
      duration: config.AUTH_PASSWORD_RESET_WINDOW_SECONDS,
    });
    this.resetByIp = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'reset-ip',
      points: config.AUTH_PASSWORD_RESET_MAX_PER_IP,
      duration: config.AUTH_PASSWORD_RESET_WINDOW_SECONDS,
    });
  }

  /**
   * Refuses with 429 and Retry-After while the account or the IP is blocked. Otherwise tells
   * whether the account has failures counted, so a successful login clears them only then.
   */
  async assertLoginAllowed(email: string, ip: string): Promise<{ accountHasFailures: boolean }> {
    const [account, address] = await Promise.all([
      this.loginByAccount.get(email),
      this.loginByIp.get(ip),
    ]);
    const blocked = [
      [account, this.loginByAccount.points],
      [address, this.loginByIp.points],
    ] as const;
    const waits = blocked
      .filter(([res, points]) => res !== null && res.consumedPoints >= points)
      .map(([res]) => (res as RateLimiterRes).msBeforeNext);
    if (waits.length) throw this.tooMany(Math.max(...waits));
    return { accountHasFailures: account !== null && account.consumedPoints > 0 };
  }

  async recordLoginFailure(email: string, ip: string): Promise<void> {
    await Promise.all([this.loginByAccount.penalty(email, 1), this.loginByIp.penalty(ip, 1)]);
  }

  async clearAccountFailures(email: string): Promise<void> {
    await this.loginByAccount.delete(email);
  }

  /**
   * Counts a sign-up from this IP, whatever the email, and refuses past the limit of the window.
   * Called before the email is looked at, so the answer cannot depend on it.
   */
  async consumeSignup(ip: string): Promise<void> {
    await this.consumeOrRefuse(this.signupByIp, ip);
  }

  /** Counts a resend for this address, known or not, and refuses past the hourly limit. */
  async consumeResend(email: string): Promise<void> {
    await this.consumeOrRefuse(this.resendByEmail, email);
  }

  /**
   * Counts a password-reset request for the address (known or not) and for the IP, and refuses
   * with the longer wait when either is past its limit. Called before the address is looked at.
   */
  async consumePasswordReset(email: string, ip: string): Promise<void> {
    const outcomes = await Promise.allSettled([
      this.resetByAccount.consume(email),
      this.resetByIp.consume(ip),
    ]);
    const waits: number[] = [];
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') continue;
      if (!(outcome.reason instanceof RateLimiterRes)) throw outcome.reason;
      waits.push(outcome.reason.msBeforeNext);
    }
    if (waits.length) throw this.tooMany(Math.max(...waits));
  }

  /** Like consumeResend, but answers false instead of refusing. */
  async tryConsumeResend(email: string): Promise<boolean> {
    return this.resendByEmail.consume(email).then(
      () => true,
      (rejection) => {
        if (rejection instanceof RateLimiterRes) return false;
        throw rejection;
      },
    );
  }

  private async consumeOrRefuse(limiter: RateLimiterPostgres, key: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw this.tooMany(rejection.msBeforeNext);
      throw rejection;
    }
  }

  private tooMany(msBeforeNext: number) {
    const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
    return tooManyRequests(
      'auth.too_many_attempts',
      `Too many attempts. Try again in ${seconds} seconds.`,
      seconds,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
