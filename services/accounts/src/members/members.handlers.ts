import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Authorized, Caller, Principal, roleFromProto, roleToProto } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { asRole } from '../profiles/profiles.service';
import { MembersService } from './members.service';

interface MembershipRow {
  userId: string;
  role: string;
  createdAt: Date;
  profile: { username: string; email: string };
}

const toMember = (m: MembershipRow) => ({
  userId: m.userId,
  username: m.profile.username,
  email: m.profile.email,
  role: roleToProto(asRole(m.role)),
  joinedAt: timestampFromDate(m.createdAt),
});

@Controller()
export class MembersHandlers {
  constructor(private readonly members: MembersService) {}

  @RpcHandler('accounts.member.list')
  @Authorized('members.read')
  async list(
    @Payload() req: RequestData<'accounts.member.list'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.member.list'>> {
    return { members: (await this.members.list(caller, req.orgId)).map(toMember) };
  }

  @RpcHandler('accounts.member.change_role')
  @Authorized('members.role.change')
  async changeRole(
    @Payload() req: RequestData<'accounts.member.change_role'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.member.change_role'>> {
    return toMember(
      await this.members.changeRole(caller, req.orgId, req.userId, roleFromProto(req.role)),
    );
  }

  @RpcHandler('accounts.member.remove')
  @Authorized('members.remove')
  async remove(
    @Payload() req: RequestData<'accounts.member.remove'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.member.remove'>> {
    await this.members.remove(caller, req.orgId, req.userId);
    return {};
  }

  /** Any member may leave any of their organizations, active or not. */
  @RpcHandler('accounts.org.leave')
  @Authorized()
  async leave(
    @Payload() req: RequestData<'accounts.org.leave'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.org.leave'>> {
    await this.members.leave(caller, req.orgId);
    return {};
  }
}
