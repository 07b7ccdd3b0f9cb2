import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { badRequest } from '@strata/errors';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ZodBody } from '../http/zod-body.pipe';
import { cloudAccountJson, ENVIRONMENTS } from './cloud-account-view';
import {
  createCloudAccountBody,
  CreateCloudAccountBody,
  renameCloudAccountBody,
  RenameCloudAccountBody,
} from './cloud-accounts.dto';
import { cloudAccount, cloudAccounts } from './cloud-accounts.schemas';
import { Api } from '../openapi/api.decorator';

/** What verifying credentials with the cloud can answer (docs/api.md, cloud accounts). */
const VERIFICATION_CODES = [
  'cloud.invalid_credentials',
  'cloud.credentials_expired',
  'cloud.permission_denied',
  'cloud.subscription_not_found',
  'cloud.unreachable',
  'cloud.untrusted_endpoint',
  'cloud.invalid_key',
] as const;

export const uuidParam = (what: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () => badRequest('gateway.invalid_id', `The ${what} id must be a UUID.`),
  });

function credentialsOf(body: CreateCloudAccountBody) {
  switch (body.provider) {
    case 'aws':
      return {
        case: 'aws' as const,
        value: {
          accessKeyId: body.accessKeyId,
          secretAccessKey: body.secretAccessKey,
          roleArn: body.roleArn ?? '',
        },
      };
    case 'azure':
      return {
        case: 'azure' as const,
        value: {
          tenantId: body.tenantId,
          clientId: body.clientId,
          clientSecret: body.clientSecret,
          subscriptionId: body.subscriptionId,
        },
      };
    case 'gcp':
      return {
        case: 'gcp' as const,
        value: {
          keyJson:
            typeof body.serviceAccountKey === 'string'
              ? body.serviceAccountKey
              : JSON.stringify(body.serviceAccountKey),
        },
      };
  }
}

/**
 * Cloud accounts of an organization (the caller's active one; another org's answers 404).
 * Admins and owners manage them, every member reads the masked list.
 */
@ApiTags('cloud accounts')
@Controller('api/v1/orgs/:orgId/cloud-accounts')
@UseGuards(AccessTokenGuard)
export class CloudAccountsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Api({
    summary: "The organization's cloud accounts (masked)",
    status: 200,
    ok: cloudAccounts,
    errors: ['platform.forbidden', 'platform.not_found'],
  })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
  ) {
    const reply = await this.rpc.request(
      'cloud.account.list',
      { orgId },
      { accessToken: principal.accessToken },
    );
    return { items: reply.accounts.map(cloudAccountJson) };
  }

  @Post()
  @HttpCode(201)
  @Api({
    summary:
      'Add a cloud account: the credentials are verified with the cloud, then stored encrypted',
    status: 201,
    body: createCloudAccountBody,
    ok: cloudAccount,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      ...VERIFICATION_CODES,
      'cloud.org_deleting',
    ],
  })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Body(new ZodBody(createCloudAccountBody)) body: CreateCloudAccountBody,
  ) {
    const account = await this.rpc.request(
      'cloud.account.create',
      {
        orgId,
        name: body.name,
        environment: ENVIRONMENTS[body.environment],
        credentials: credentialsOf(body),
      },
      { accessToken: principal.accessToken },
    );
    return cloudAccountJson(account);
  }

  @Get(':id')
  @Api({
    summary: 'One cloud account (masked)',
    status: 200,
    ok: cloudAccount,
    errors: ['platform.forbidden', 'platform.not_found', 'cloud.account_not_found'],
  })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('cloud account')) id: string,
  ) {
    return cloudAccountJson(
      await this.rpc.request(
        'cloud.account.get',
        { orgId, id },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Patch(':id')
  @Api({
    summary: 'Rename a cloud account',
    status: 200,
    body: renameCloudAccountBody,
    ok: cloudAccount,
    errors: ['platform.forbidden', 'platform.not_found', 'cloud.account_not_found'],
  })
  async rename(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('cloud account')) id: string,
    @Body(new ZodBody(renameCloudAccountBody)) body: RenameCloudAccountBody,
  ) {
    return cloudAccountJson(
      await this.rpc.request(
        'cloud.account.rename',
        { orgId, id, name: body.name },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Post(':id/verify')
  @HttpCode(200)
  @Api({
    summary: 'Verify the stored credentials again',
    status: 200,
    ok: cloudAccount,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cloud.account_not_found',
      ...VERIFICATION_CODES,
    ],
  })
  async verify(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('cloud account')) id: string,
  ) {
    return cloudAccountJson(
      await this.rpc.request(
        'cloud.account.verify',
        { orgId, id },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @Api({
    summary: 'Delete a cloud account, its secret and its storage connectors',
    status: 204,
    errors: ['platform.forbidden', 'platform.not_found', 'cloud.account_not_found'],
  })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('cloud account')) id: string,
  ) {
    await this.rpc.request(
      'cloud.account.delete',
      { orgId, id },
      { accessToken: principal.accessToken },
    );
  }
}
