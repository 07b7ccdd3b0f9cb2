import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Authorized, Caller, Principal } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { connectorView, ConnectorsService } from './connectors.service';
import { ConnectorTarget } from './storage-probe';

function targetOf(target: RequestData<'cloud.connector.create'>['target']): ConnectorTarget {
  switch (target.case) {
    case 's3':
      return { kind: 's3', bucket: target.value.bucket, region: target.value.region };
    case 'azureBlob':
      return {
        kind: 'azure_blob',
        storageAccount: target.value.storageAccount,
        container: target.value.container,
      };
    case 'gcs':
      return { kind: 'gcs', bucket: target.value.bucket };
    default:
      throw new Error('no target'); // the contract requires one
  }
}

@Controller()
export class ConnectorsHandlers {
  constructor(private readonly connectors: ConnectorsService) {}

  @RpcHandler('cloud.connector.create')
  @Authorized('cloud_accounts.manage')
  async create(
    @Payload() req: RequestData<'cloud.connector.create'>,
  ): Promise<ReplyInit<'cloud.connector.create'>> {
    return connectorView(
      await this.connectors.create(req.orgId, req.cloudAccountId, req.name, targetOf(req.target)),
    );
  }

  @RpcHandler('cloud.connector.list')
  @Authorized('cloud_accounts.read')
  async list(
    @Payload() req: RequestData<'cloud.connector.list'>,
  ): Promise<ReplyInit<'cloud.connector.list'>> {
    return { connectors: (await this.connectors.list(req.orgId)).map(connectorView) };
  }

  @RpcHandler('cloud.connector.get')
  @Authorized('cloud_accounts.read')
  async get(
    @Payload() req: RequestData<'cloud.connector.get'>,
  ): Promise<ReplyInit<'cloud.connector.get'>> {
    return connectorView(await this.connectors.get(req.orgId, req.id));
  }

  @RpcHandler('cloud.connector.verify')
  @Authorized('cloud_accounts.manage')
  async verify(
    @Payload() req: RequestData<'cloud.connector.verify'>,
  ): Promise<ReplyInit<'cloud.connector.verify'>> {
    return connectorView(await this.connectors.reverify(req.orgId, req.id));
  }

  @RpcHandler('cloud.connector.delete')
  @Authorized('cloud_accounts.manage')
  async delete(
    @Payload() req: RequestData<'cloud.connector.delete'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cloud.connector.delete'>> {
    await this.connectors.delete(req.orgId, req.id, caller.userId);
    return {};
  }
}
