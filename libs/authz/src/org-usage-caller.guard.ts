import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { forbidden } from '@strata/errors';

/** The NATS header that carries a service credential. */
export const INTERNAL_TOKEN_HEADER = 'x-strata-internal-token';

/** Provide the service's ORG_USAGE_TOKEN (or undefined) under this token. */
export const ORG_USAGE_TOKEN = Symbol('ORG_USAGE_TOKEN');

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * `<service>.org.usage` subjects: only a caller presenting ORG_USAGE_TOKEN (accounts) in the
 * internal-token header, compared in constant time; a user's access token is not enough, and
 * without a configured token every such request is refused (`403 platform.internal_only`).
 */
@Injectable()
export class OrgUsageCallerGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(ORG_USAGE_TOKEN) token: string | undefined) {
    this.expected = token ? digest(token) : undefined;
  }

  canActivate(ctx: ExecutionContext): boolean {
    const nats = ctx.switchToRpc().getContext<NatsContext>();
    const presented = nats.getHeaders?.()?.get(INTERNAL_TOKEN_HEADER) ?? '';
    if (!this.expected || !presented || !timingSafeEqual(digest(presented), this.expected))
      throw forbidden('platform.internal_only', 'Only the accounts service may ask this.');
    return true;
  }
}
