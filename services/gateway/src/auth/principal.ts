import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal as VerifiedCaller } from '@strata/authz';

/** Who is calling, as established by the AccessTokenGuard. */
export interface Principal extends VerifiedCaller {
  /** How the access token arrived; replies with tokens follow the same channel. */
  via: 'bearer' | 'cookie';
}

export type AuthenticatedRequest = Request & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without AccessTokenGuard');
  return principal;
});
