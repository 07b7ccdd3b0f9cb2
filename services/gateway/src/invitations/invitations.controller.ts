import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { roleToProto } from '@strata/authz';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ZodBody } from '../http/zod-body.pipe';
import { jsonSchema } from '../openapi/json-schema';
import {
  acceptInvitationBody,
  AcceptInvitationBody,
  inviteBody,
  InviteBody,
} from '../orgs/orgs.dto';
import { roleName, uuidParam } from '../orgs/views';

const orgId = uuidParam('organization');

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
