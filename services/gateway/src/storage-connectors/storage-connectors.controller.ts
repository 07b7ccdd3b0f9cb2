import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { ReplyData, RpcClient } from '@strata/messaging';
import { ConnectorKind } from '@strata/proto';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { uuidParam } from '../cloud-accounts/cloud-accounts.controller';
import { ZodBody } from '../http/zod-body.pipe';
import { jsonSchema } from '../openapi/json-schema';
import { createStorageConnectorBody, CreateStorageConnectorBody } from './storage-connectors.dto';

const KINDS: Record<ConnectorKind, string> = {
  [ConnectorKind.UNSPECIFIED]: 'unspecified',
  [ConnectorKind.S3]: 's3',
  [ConnectorKind.AZURE_BLOB]: 'azure_blob',
  [ConnectorKind.GCS]: 'gcs',
};

function connectorJson(c: ReplyData<'cloud.connector.get'>) {
  return {
    id: c.id,
    name: c.name,
    cloudAccountId: c.cloudAccountId,
    kind: KINDS[c.kind],
    ...(c.target.case ? c.target.value : {}),
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
  @ApiOperation({ summary: "The organization's storage connectors" })
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
  @ApiOperation({
    summary: 'Add a storage connector: verified by writing, reading and deleting a probe object',
  })
  @ApiBody({ schema: jsonSchema(createStorageConnectorBody) })
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
  @ApiOperation({ summary: 'One storage connector' })
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
  @ApiOperation({ summary: 'Verify the connector again with a probe object' })
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
  @ApiOperation({ summary: 'Delete a storage connector (the bucket itself is untouched)' })
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
