import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { roleToProto } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { ProfilesService } from './profiles.service';

/**
 * `accounts.claims.get` is asked by auth (a trusted service, before any token exists), so it has
 * no `@Authorized` guard: it only reads what it is told about the user auth vouches for.
 */
@Controller()
export class ClaimsHandlers {
  constructor(private readonly profiles: ProfilesService) {}

  @RpcHandler('accounts.claims.get')
  async get(
    @Payload() req: RequestData<'accounts.claims.get'>,
  ): Promise<ReplyInit<'accounts.claims.get'>> {
    const claims = await this.profiles.claims(req.userId, req.email, req.orgId || undefined);
    return {
      username: claims.username,
      orgId: claims.orgId,
      role: roleToProto(claims.role),
      platformAdmin: claims.platformAdmin,
    };
  }
}
