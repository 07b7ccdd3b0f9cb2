import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { NatsContext } from '@nestjs/microservices';
import { AccessTokenVerifier } from '@strata/authn';
import { unauthorized } from '@strata/errors';
import { authorize } from './authorize';
import { AnyPermission } from './permissions';
import { Principal, principalFrom } from './principal';

export const PERMISSION_KEY = 'strata:permission';

const BEARER = /^Bearer ([A-Za-z0-9_\-.=]+)$/i;
const principals = new WeakMap<object, Principal>();

export function principalOf(natsContext: object): Principal | undefined {
  return principals.get(natsContext);
}

/** The organization a request is about, when its message names one. */
function orgIdOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const orgId = record.org_id ?? record.orgId;
  return typeof orgId === 'string' && orgId !== '' ? orgId : undefined;
}

/**
 * Guards a NATS handler in any service: verifies the caller's access token (forwarded by the
 * gateway in the `authorization` header) against the JWKS, then applies the permission matrix
 * and tenancy to it. The service trusts the token, not the gateway.
 */
@Injectable()
export class RpcAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const permission = this.reflector.get<AnyPermission | undefined>(
      PERMISSION_KEY,
      ctx.getHandler(),
    );
    const rpc = ctx.switchToRpc();
    const nats = rpc.getContext<NatsContext>();
    const header = nats.getHeaders?.()?.get('authorization') ?? '';
    const token = BEARER.exec(header)?.[1];
    if (!token) throw unauthorized('auth.unauthenticated', 'Sign in to continue.');
    const principal = principalFrom(await this.verifier.verify(token), token);
    if (permission) authorize(principal, permission, orgIdOf(rpc.getData()));
    principals.set(nats, principal);
    return true;
  }
}
