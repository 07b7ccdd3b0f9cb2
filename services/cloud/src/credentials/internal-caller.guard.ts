import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { forbidden } from '@strata/errors';
import { CLOUD_CONFIG, CloudConfig } from '../config';

/** The NATS header that carries the service credential of internal callers. */
export const INTERNAL_TOKEN_HEADER = 'x-strata-internal-token';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Internal-only subjects (cloud.credentials.issue): the caller must present CLOUD_INTERNAL_TOKEN,
 * a service credential held only by the cluster service, compared in constant time. The gateway
 * has no route to these subjects and never holds the token; a user's access token is not enough.
 * Without a configured token (outside production) every such request is refused.
 */
@Injectable()
export class InternalCallerGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(CLOUD_CONFIG) config: CloudConfig) {
    this.expected = config.CLOUD_INTERNAL_TOKEN ? digest(config.CLOUD_INTERNAL_TOKEN) : undefined;
  }

  canActivate(ctx: ExecutionContext): boolean {
    const nats = ctx.switchToRpc().getContext<NatsContext>();
    const presented = nats.getHeaders?.()?.get(INTERNAL_TOKEN_HEADER) ?? '';
    if (!this.expected || !presented || !timingSafeEqual(digest(presented), this.expected))
      throw forbidden('cloud.internal_only', 'Only the cluster service may ask for credentials.');
    return true;
  }
}
