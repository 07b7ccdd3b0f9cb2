import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Authorized, Caller, Principal, roleFromProto, roleToProto } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { asRole } from '../profiles/profiles.service';
import { InvitationsService } from './invitations.service';

@Controller()
export class InvitationsHandlers {
  constructor(private readonly invitations: InvitationsService) {}

  @RpcHandler('accounts.invitation.create')
  @Authorized('members.invite')
  async create(
    @Payload() req: RequestData<'accounts.invitation.create'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.invitation.create'>> {
    const invitation = await this.invitations.create(
      caller,
      req.orgId,
      req.email,
      roleFromProto(req.role),
    );
    return {
      id: invitation.id,
      orgId: invitation.orgId,
      email: invitation.email,
      role: roleToProto(asRole(invitation.role)),
      expiresAt: timestampFromDate(invitation.expiresAt),
    };
  }

  /** Any signed-in user may accept an invitation sent to their own address. */
  @RpcHandler('accounts.invitation.accept')
  @Authorized()
  async accept(
    @Payload() req: RequestData<'accounts.invitation.accept'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.invitation.accept'>> {
    const { org, role } = await this.invitations.accept(caller, req.token);
    return { orgId: org.id, orgName: org.name, role: roleToProto(role) };
  }
}
