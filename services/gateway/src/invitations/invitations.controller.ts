import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { roleToProto } from '@strata/authz';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { parseCursor, parseLimit } from '../http/list-query';
import { ZodBody } from '../http/zod-body.pipe';
import {
  acceptInvitationBody,
  AcceptInvitationBody,
  inviteBody,
  InviteBody,
} from '../orgs/orgs.dto';
import { pendingInvitationView, roleName, uuidParam } from '../orgs/views';
import { acceptedInvitation, createdInvitation, pendingInvitations } from '../orgs/orgs.schemas';
import { z } from '@strata/config';
import { Api } from '../openapi/api.decorator';

const orgId = uuidParam('organization');
const invitationId = uuidParam('invitation');

@ApiTags('invitations')
@Controller('api/v1')
@UseGuards(AccessTokenGuard)
export class InvitationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('orgs/:orgId/invitations')
  @Api({
    summary: 'Invite someone by email to my active organization (admin or owner)',
    status: 201,
    body: inviteBody,
    ok: createdInvitation,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'accounts.already_member',
      'accounts.owner_role_reserved',
      'accounts.org_deleting',
    ],
  })
  async invite(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', orgId) org: string,
    @Body(new ZodBody(inviteBody)) body: InviteBody,
  ) {
    const invitation = await this.rpc.request(
      'accounts.invitation.create',
      { orgId: org, email: body.email, role: roleToProto(body.role) },
      { accessToken: principal.accessToken },
    );
    return {
      id: invitation.id,
      orgId: invitation.orgId,
      email: invitation.email,
      role: roleName(invitation.role),
      expiresAt: timestampDate(invitation.expiresAt!).toISOString(),
    };
  }

  @Get('orgs/:orgId/invitations')
  @Api({
    summary:
      'Pending invitations of my active organization, newest first (admin or owner; cursor pages)',
    query: z.object({ limit: z.string(), cursor: z.string() }).partial(),
    status: 200,
    ok: pendingInvitations,
    errors: ['platform.forbidden', 'platform.not_found', 'accounts.invalid_cursor'],
  })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', orgId) org: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    const reply = await this.rpc.request(
      'accounts.invitation.list',
      { orgId: org, limit: parseLimit(limit), cursor: parseCursor(cursor) },
      { accessToken: principal.accessToken },
    );
    return { items: reply.items.map(pendingInvitationView), nextCursor: reply.nextCursor || null };
  }

  @Delete('orgs/:orgId/invitations/:invitationId')
  @HttpCode(204)
  @Api({
    summary: 'Revoke a pending invitation: its link stops working (admin or owner)',
    status: 204,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'accounts.invitation_not_found',
      'accounts.invitation_not_pending',
    ],
  })
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', orgId) org: string,
    @Param('invitationId', invitationId) invitation: string,
  ) {
    await this.rpc.request(
      'accounts.invitation.revoke',
      { orgId: org, invitationId: invitation },
      { accessToken: principal.accessToken },
    );
  }

  @Post('invitations/accept')
  @HttpCode(200)
  @Api({
    summary: 'Accept an invitation sent to my email address',
    status: 200,
    body: acceptInvitationBody,
    ok: acceptedInvitation,
    errors: [
      'accounts.invitation_not_found',
      'accounts.invitation_used',
      'accounts.invitation_expired',
      'accounts.invitation_email_mismatch',
      'accounts.already_member',
      'accounts.org_deleting',
    ],
  })
  async accept(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodBody(acceptInvitationBody)) body: AcceptInvitationBody,
  ) {
    const reply = await this.rpc.request(
      'accounts.invitation.accept',
      { token: body.token },
      { accessToken: principal.accessToken },
    );
    return { orgId: reply.orgId, orgName: reply.orgName, role: roleName(reply.role) };
  }
}
