import { Body, Controller, Delete, Get, HttpCode, Param, Patch, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { roleToProto } from '@strata/authz';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { TokenDenylist } from '../auth/token-denylist';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ZodBody } from '../http/zod-body.pipe';
import { changeRoleBody, ChangeRoleBody } from '../orgs/orgs.dto';
import { memberView, uuidParam } from '../orgs/views';
import { member, members } from '../orgs/orgs.schemas';
import { Api } from '../openapi/api.decorator';

const orgId = uuidParam('organization');
const userId = uuidParam('user');

@ApiTags('members')
@Controller('api/v1/orgs/:orgId/members')
@UseGuards(AccessTokenGuard)
export class MembersController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly denylist: TokenDenylist,
  ) {}

  @Get()
  @Api({
    summary: 'Members of my active organization, with their roles',
    status: 200,
    ok: members,
    errors: ['platform.forbidden', 'platform.not_found'],
  })
  async list(@CurrentPrincipal() principal: Principal, @Param('orgId', orgId) org: string) {
    const reply = await this.rpc.request(
      'accounts.member.list',
      { orgId: org },
      { accessToken: principal.accessToken },
    );
    return { items: reply.members.map(memberView) };
  }

  @Patch(':userId')
  @Api({
    summary: "Change a member's role (admin or owner; only owners touch the owner role)",
    status: 200,
    body: changeRoleBody,
    ok: member,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'accounts.member_not_found',
      'accounts.last_owner',
      'accounts.owner_role_reserved',
    ],
  })
  async changeRole(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', orgId) org: string,
    @Param('userId', userId) user: string,
    @Body(new ZodBody(changeRoleBody)) body: ChangeRoleBody,
  ) {
    const member = await this.rpc.request(
      'accounts.member.change_role',
      { orgId: org, userId: user, role: roleToProto(body.role) },
      { accessToken: principal.accessToken },
    );
    this.denylist.notedRoleChange(user, org, body.role);
    return memberView(member);
  }

  @Delete(':userId')
  @HttpCode(204)
  @Api({
    summary: 'Remove a member (admin or owner; never the last owner)',
    status: 204,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'accounts.member_not_found',
      'accounts.last_owner',
      'accounts.owner_role_reserved',
    ],
  })
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', orgId) org: string,
    @Param('userId', userId) user: string,
  ) {
    await this.rpc.request(
      'accounts.member.remove',
      { orgId: org, userId: user },
      { accessToken: principal.accessToken },
    );
    this.denylist.notedRemoval(user, org);
  }
}
