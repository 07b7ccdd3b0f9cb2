import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard, AllowStaleClaims } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { TokenResponse } from '../auth/token-response';
import { ZodBody } from '../http/zod-body.pipe';
import { jsonSchema } from '../openapi/json-schema';
import { createOrgBody, CreateOrgBody, renameOrgBody, RenameOrgBody } from './orgs.dto';
import { organizationView, uuidParam } from './views';

const orgId = uuidParam('organization');

@ApiTags('organizations')
@Controller('api/v1/orgs')
@UseGuards(AccessTokenGuard)
export class OrgsController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly tokens: TokenResponse,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My organizations, with my role in each and which one is active' })
  async list(@CurrentPrincipal() principal: Principal) {
    const reply = await this.rpc.request(
      'accounts.org.list',
      {},
      { accessToken: principal.accessToken },
    );
    return { items: reply.organizations.map(organizationView) };
  }

  @Post()
  @ApiOperation({ summary: 'Create an organization; I become its owner' })
  @ApiBody({ schema: jsonSchema(createOrgBody) })
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

  @Patch(':id')
  @ApiOperation({ summary: 'Rename my active organization (admin or owner)' })
  @ApiBody({ schema: jsonSchema(renameOrgBody) })
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
  @ApiOperation({
    summary: 'Make one of my organizations the active one: a new access token for it',
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
  @ApiOperation({ summary: 'Leave one of my organizations (not as its last owner)' })
  async leave(@CurrentPrincipal() principal: Principal, @Param('id', orgId) id: string) {
    await this.rpc.request(
      'accounts.org.leave',
      { orgId: id },
      { accessToken: principal.accessToken },
    );
  }
}
