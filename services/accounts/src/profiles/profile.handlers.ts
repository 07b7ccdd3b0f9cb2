import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Authorized, Caller, Principal, roleToProto } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { Role as ProtoRole } from '@strata/proto';
import { ProfilesService } from './profiles.service';

@Controller()
export class ProfileHandlers {
  constructor(private readonly profiles: ProfilesService) {}

  @RpcHandler('accounts.profile.get')
  @Authorized()
  async get(@Caller() caller: Principal): Promise<ReplyInit<'accounts.profile.get'>> {
    const { profile, activeOrg, role, platformAdmin } = await this.profiles.get(
      caller.userId,
      caller.email,
    );
    return {
      userId: profile.userId,
      email: profile.email,
      username: profile.username,
      activeOrgId: activeOrg?.id ?? '',
      activeOrgName: activeOrg?.name ?? '',
      role: role ? roleToProto(role) : ProtoRole.UNSPECIFIED,
      platformAdmin,
      createdAt: timestampFromDate(profile.createdAt),
    };
  }

  @RpcHandler('accounts.username.change')
  @Authorized()
  async changeUsername(
    @Payload() req: RequestData<'accounts.username.change'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.username.change'>> {
    return {
      username: await this.profiles.changeUsername(caller.userId, caller.email, req.username),
    };
  }

  @RpcHandler('accounts.username.check')
  @Authorized()
  async checkUsername(
    @Payload() req: RequestData<'accounts.username.check'>,
  ): Promise<ReplyInit<'accounts.username.check'>> {
    const { available, reason } = await this.profiles.availability(req.username);
    return { available, reason: reason ?? '' };
  }
}
