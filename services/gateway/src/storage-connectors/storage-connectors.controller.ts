import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { ReplyData, RpcClient } from '@strata/messaging';
import { ConnectorKind } from '@strata/proto';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { uuidParam } from '../cloud-accounts/cloud-accounts.controller';
import { ZodBody } from '../http/zod-body.pipe';
import { createStorageConnectorBody, CreateStorageConnectorBody } from './storage-connectors.dto';
import { storageConnector, storageConnectors } from './storage-connectors.schemas';
import { Api } from '../openapi/api.decorator';
import type { z } from '@strata/config';

/** What probing a connector with its cloud account can answer (docs/api.md, storage connectors). */
const PROBE_CODES = [
  'cloud.account_not_found',
  'cloud.invalid_credentials',
  'cloud.credentials_expired',
  'cloud.permission_denied',
  'cloud.storage_not_found',
  'cloud.unreachable',
  'cloud.untrusted_endpoint',
] as const;

const KINDS = {
  [ConnectorKind.UNSPECIFIED]: 'unspecified',
  [ConnectorKind.S3]: 's3',
  [ConnectorKind.AZURE_BLOB]: 'azure_blob',
  [ConnectorKind.GCS]: 'gcs',
} as const satisfies Record<ConnectorKind, string>;

/** The target's own fields, named one by one: a spread would carry the message's `$typeName`. */
function targetJson(target: ReplyData<'cloud.connector.get'>['target']) {
  switch (target.case) {
    case 's3':
      return { bucket: target.value.bucket, region: target.value.region };
    case 'azureBlob':
      return { storageAccount: target.value.storageAccount, container: target.value.container };
    case 'gcs':
      return { bucket: target.value.bucket };
    default:
      return {};
  }
}

function connectorJson(c: ReplyData<'cloud.connector.get'>): z.output<typeof storageConnector> {
  return {
    id: c.id,
    name: c.name,
    cloudAccountId: c.cloudAccountId,
    kind: KINDS[c.kind],
    ...targetJson(c.target),
    status: c.status,
    lastErrorCode: c.lastErrorCode || null,
    verifiedAt: c.verifiedAt ? timestampDate(c.verifiedAt).toISOString() : null,
    createdAt: timestampDate(c.createdAt!).toISOString(),
  };
}

function targetOf(body: CreateStorageConnectorBody) {
  switch (body.kind) {
    case 's3':
      return { case: 's3' as const, value: { bucket: body.bucket, region: body.region } };
    case 'azure_blob':
      return {
        case: 'azureBlob' as const,
        value: { storageAccount: body.storageAccount, container: body.container },
      };
    case 'gcs':
      return { case: 'gcs' as const, value: { bucket: body.bucket } };
  }
}

/** Storage for Terraform state, each reached with one of the organization's cloud accounts. */
@ApiTags('storage connectors')
@Controller('api/v1/orgs/:orgId/storage-connectors')
@UseGuards(AccessTokenGuard)
export class StorageConnectorsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Api({
    summary: "The organization's storage connectors",
    status: 200,
    ok: storageConnectors,
    errors: ['platform.forbidden', 'platform.not_found'],
  })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
  ) {
    const reply = await this.rpc.request(
      'cloud.connector.list',
      { orgId },
      { accessToken: principal.accessToken },
    );
    return { items: reply.connectors.map(connectorJson) };
  }

  @Post()
  @HttpCode(201)
  @Api({
    summary: 'Add a storage connector: verified by writing, reading and deleting a probe object',
    status: 201,
    body: createStorageConnectorBody,
    ok: storageConnector,
    errors: ['platform.forbidden', 'platform.not_found', ...PROBE_CODES, 'cloud.org_deleting'],
  })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Body(new ZodBody(createStorageConnectorBody)) body: CreateStorageConnectorBody,
  ) {
    return connectorJson(
      await this.rpc.request(
        'cloud.connector.create',
        { orgId, cloudAccountId: body.cloudAccountId, name: body.name, target: targetOf(body) },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Get(':id')
  @Api({
    summary: 'One storage connector',
    status: 200,
    ok: storageConnector,
    errors: ['platform.forbidden', 'platform.not_found', 'cloud.connector_not_found'],
  })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('storage connector')) id: string,
  ) {
    return connectorJson(
      await this.rpc.request(
        'cloud.connector.get',
        { orgId, id },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Post(':id/verify')
  @HttpCode(200)
  @Api({
    summary: 'Verify the connector again with a probe object',
    status: 200,
    ok: storageConnector,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cloud.connector_not_found',
      ...PROBE_CODES,
    ],
  })
  async verify(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('storage connector')) id: string,
  ) {
    return connectorJson(
      await this.rpc.request(
        'cloud.connector.verify',
        { orgId, id },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @Api({
    summary: 'Delete a storage connector (the bucket itself is untouched)',
    status: 204,
    errors: ['platform.forbidden', 'platform.not_found', 'cloud.connector_not_found'],
  })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('storage connector')) id: string,
  ) {
    await this.rpc.request(
      'cloud.connector.delete',
      { orgId, id },
      { accessToken: principal.accessToken },
    );
  }
}
