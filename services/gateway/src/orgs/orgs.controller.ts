import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { badRequest } from '@strata/errors';
import type { Response } from 'express';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard, AllowStaleClaims } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { TokenDenylist } from '../auth/token-denylist';
import { TokenResponse } from '../auth/token-response';
import { ZodBody } from '../http/zod-body.pipe';
import { createOrgBody, CreateOrgBody, renameOrgBody, RenameOrgBody } from './orgs.dto';
import { organizationView, uuidParam } from './views';
import { organization, organizations, switchedOrg } from './orgs.schemas';
import { z } from '@strata/config';
import { Api } from '../openapi/api.decorator';

const orgId = uuidParam('organization');

@ApiTags('organizations')
@Controller('api/v1/orgs')
@UseGuards(AccessTokenGuard)
export class OrgsController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly tokens: TokenResponse,
    private readonly denylist: TokenDenylist,
  ) {}

  @Get()
  @Api({
    summary: 'My organizations, with my role in each and which one is active',
    status: 200,
    ok: organizations,
  })
  async list(@CurrentPrincipal() principal: Principal) {
    const reply = await this.rpc.request(
      'accounts.org.list',
      {},
      { accessToken: principal.accessToken },
    );
    return { items: reply.organizations.map(organizationView) };
  }

  @Post()
  @Api({
    summary: 'Create an organization; I become its owner',
    status: 201,
    body: createOrgBody,
    ok: organization,
  })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodBody(createOrgBody)) body: CreateOrgBody,
  ) {
    const org = await this.rpc.request(
      'accounts.org.create',
      { name: body.name },
      { accessToken: principal.accessToken },
    );
    return organizationView(org);
  }

  @Get(':id')
  @Api({
    summary: 'One of my organizations (active or not): my role, its member count and state',
    status: 200,
    ok: organization,
    errors: ['accounts.org_not_found'],
  })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', orgId) id: string) {
    const org = await this.rpc.request(
      'accounts.org.get',
      { orgId: id },
      { accessToken: principal.accessToken },
    );
    return organizationView(org);
  }

  @Delete(':id')
  @HttpCode(202)
  @Api({
    summary:
      'Delete my active organization (owner): 409 while it has clusters, cloud accounts or connectors, unless ?teardown=true destroys and deletes them first',
    query: z.object({ teardown: z.enum(['true', 'false']).optional() }),
    status: 202,
    ok: organization,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'accounts.org_not_found',
      'accounts.org_not_empty',
      'accounts.org_deleting',
      'accounts.personal_org',
    ],
  })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', orgId) id: string,
    @Query('teardown') teardown?: string,
  ) {
    if (teardown !== undefined && teardown !== 'true' && teardown !== 'false')
      throw badRequest('gateway.invalid_query', 'teardown must be true or false.');
    const org = await this.rpc.request(
      'accounts.org.delete',
      { orgId: id, teardown: teardown === 'true' },
      { accessToken: principal.accessToken },
    );
    return organizationView(org);
  }

  @Patch(':id')
  @Api({
    summary: 'Rename my active organization (admin or owner)',
    status: 200,
    body: renameOrgBody,
    ok: organization,
    errors: ['platform.forbidden', 'platform.not_found', 'accounts.org_deleting'],
  })
  async rename(
    @CurrentPrincipal() principal: Principal,
    @Param('id', orgId) id: string,
    @Body(new ZodBody(renameOrgBody)) body: RenameOrgBody,
  ) {
    const org = await this.rpc.request(
      'accounts.org.update',
      { orgId: id, name: body.name },
      { accessToken: principal.accessToken },
    );
    return organizationView(org);
  }

  @Post(':id/switch')
  @HttpCode(200)
  @AllowStaleClaims()
  @Api({
    summary: 'Make one of my organizations the active one: a new access token for it',
    status: 200,
    ok: switchedOrg,
    errors: ['accounts.org_not_found'],
  })
  async switch(
    @CurrentPrincipal() principal: Principal,
    @Param('id', orgId) id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const reply = await this.rpc.request(
      'auth.session.reissue',
      { userId: principal.userId, sessionId: principal.sessionId, orgId: id },
      { accessToken: principal.accessToken },
    );
    return {
      orgId: id,
      ...this.tokens.sendAccess(reply, principal.via === 'bearer' ? 'api' : 'browser', res),
    };
  }

  @Post(':id/leave')
  @HttpCode(204)
  @Api({
    summary: 'Leave one of my organizations (not as its last owner)',
    status: 204,
    errors: ['accounts.org_not_found', 'accounts.last_owner', 'accounts.personal_org'],
  })
  async leave(@CurrentPrincipal() principal: Principal, @Param('id', orgId) id: string) {
    await this.rpc.request(
      'accounts.org.leave',
      { orgId: id },
      { accessToken: principal.accessToken },
    );
    this.denylist.notedRemoval(principal.userId, id);
  }
}
