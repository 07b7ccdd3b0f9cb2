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
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { roleToProto } from '@strata/authz';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { parseCursor, parseLimit } from '../http/list-query';
import { ZodBody } from '../http/zod-body.pipe';
import { jsonSchema } from '../openapi/json-schema';
import {
  acceptInvitationBody,
  AcceptInvitationBody,
  inviteBody,
  InviteBody,
} from '../orgs/orgs.dto';
import { pendingInvitationView, roleName, uuidParam } from '../orgs/views';

const orgId = uuidParam('organization');
const invitationId = uuidParam('invitation');

@ApiTags('invitations')
@Controller('api/v1')
@UseGuards(AccessTokenGuard)
export class InvitationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('orgs/:orgId/invitations')
  @ApiOperation({ summary: 'Invite someone by email to my active organization (admin or owner)' })
  @ApiBody({ schema: jsonSchema(inviteBody) })
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
  @ApiOperation({
    summary:
      'Pending invitations of my active organization, newest first (admin or owner; cursor pages)',
  })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1 to 100 (20)' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
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
  @ApiOperation({ summary: 'Revoke a pending invitation: its link stops working (admin or owner)' })
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
  @ApiOperation({ summary: 'Accept an invitation sent to my email address' })
  @ApiBody({ schema: jsonSchema(acceptInvitationBody) })
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
