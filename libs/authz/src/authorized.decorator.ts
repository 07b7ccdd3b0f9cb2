import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { AnyPermission } from './permissions';
import { PERMISSION_KEY, principalOf, RpcAuthGuard } from './rpc-auth.guard';

/**
 * Requires a verified caller holding `permission` (in the organization the message names, which
 * must be the caller's active one). Without a permission it only requires a verified caller.
 */
export function Authorized(permission?: AnyPermission): MethodDecorator {
  return applyDecorators(SetMetadata(PERMISSION_KEY, permission), UseGuards(RpcAuthGuard));
}

/** The caller established by `@Authorized`, in a NATS handler. */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const principal = principalOf(ctx.switchToRpc().getContext());
  if (!principal) throw new Error('@Caller() used on a handler without @Authorized()');
  return principal;
});
