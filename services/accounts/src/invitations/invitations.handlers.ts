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

  @RpcHandler('accounts.invitation.list')
  @Authorized('invitations.read')
  async list(
    @Payload() req: RequestData<'accounts.invitation.list'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.invitation.list'>> {
    const page = await this.invitations.listPending(caller, req.orgId, req.limit, req.cursor);
    return {
      items: page.items.map((i) => ({
        id: i.id,
        email: i.email,
        role: roleToProto(asRole(i.role)),
        invitedBy: i.invitedBy,
        invitedByUsername: i.invitedByUsername,
        createdAt: timestampFromDate(i.createdAt),
        expiresAt: timestampFromDate(i.expiresAt),
      })),
      nextCursor: page.nextCursor,
    };
  }

  @RpcHandler('accounts.invitation.revoke')
  @Authorized('invitations.revoke')
  async revoke(
    @Payload() req: RequestData<'accounts.invitation.revoke'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.invitation.revoke'>> {
    await this.invitations.revoke(caller, req.orgId, req.invitationId);
    return {};
  }
}
